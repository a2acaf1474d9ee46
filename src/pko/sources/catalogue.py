"""Every reader PKO knows, in import order (registry first: later readers map names to its states)."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import ModuleType

READERS = (
    "pko.sources.un_member_states",
    "pko.sources.unsc_membership",
    "pko.sources.ipi_missions",
    "pko.sources.ipi_gender",
    "pko.sources.ipi_country_monthly",
    "pko.sources.ipi_world_monthly",
    "pko.sources.corinnee_country_year",
    "pko.sources.corinnee_ranking",
    "pko.sources.psdh_contributions",
    "pko.sources.psdh_latest",
    "pko.sources.owid_year_end",
    "pko.sources.fatalities_2021",
    "pko.sources.fatalities_2023",
    "pko.sources.geopko_v1",
    "pko.sources.geopko_v2_front",
    "pko.sources.geopko_v2_tcc",
    "pko.sources.geopko_v2_units",
    "pko.sources.radpko",
    "pko.sources.minusma_qips",
    "pko.sources.mali_admin",
    "pko.sources.mali_places",
    "pko.sources.un_finance_scales",
    "pko.sources.un_finance_assessments_2000",
    "pko.sources.un_finance_assessments_2019",
    "pko.sources.un_finance_payments",
)


@lru_cache
def readers() -> tuple[ModuleType, ...]:
    """The reader modules, in import order."""
    return tuple(import_module(name) for name in READERS)

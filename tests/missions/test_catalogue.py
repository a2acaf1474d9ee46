"""The mission catalogue knows every mission label of the public data, and its aliases."""

from __future__ import annotations

import pandas as pd
import pytest

from pko.missions import catalogue
from pko.missions.catalogue import AU_LED, AGGREGATES, KINDS, CatalogueEntry, canonical, entries, entry, register

MISSION_COLUMNS = (
    ("un_fatalities/dppadposs-fatalities_2023-11-28.csv", "mission_acronym"),
    ("un_fatalities/odp_noticas_2021-06.csv", "Mission_Acronym"),
    ("un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv", "Mission"),
    ("un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv", "Mission"),
    ("un_contributions_corinnee/CountryByYear.csv", "Mission"),
    ("geo_pko/FrontMap_v.2.3.csv", "mission"),
    ("geo_pko/TCCMap_v.2.3.csv", "mission"),
    ("geo_pko/TTMap_v.2.3.csv", "mission"),
    ("geo_pko/geopko_v1_africa_1994-2018.csv", "Mission"),
    ("radpko/radpko_bases_cc_y.csv", "mission"),
    ("un_finance/pko_mission_expenditure_audited_2018-19_to_2020-21.csv", "mission"),
)


def test_every_mission_label_in_the_data_is_known(data_dir):
    labels = set()
    for name, column in MISSION_COLUMNS:
        frame = pd.read_csv(data_dir / name, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=[column])
        labels |= {label.rstrip("'") for label in frame[column].unique()}
    unknown = sorted(label for label in labels if canonical(label) is None and label.upper() not in AGGREGATES)
    assert unknown == []
    assert len({canonical(label) for label in labels} - {None}) >= 100


@pytest.mark.parametrize(("label", "acronym"), [
    ("OSE-Syria", "OSESyria"), ("OSESyria", "OSESyria"), ("UN Secretariat", "UNSecretariat"),
    ("UNSecretariat", "UNSecretariat"), ("unavem ii", "UNAVEM II"), ("UNAVEMII", "UNAVEM II"),
    (" minusma ", "MINUSMA"), ("ONUCI", "UNOCI"), ("LBB", "UNLB"),
])
def test_spellings_resolve_to_one_acronym(label, acronym):
    assert canonical(label) == acronym


def test_unknown_and_aggregate_labels_are_none():
    assert canonical("UNAVEM IV") is None
    assert canonical("all") is None and canonical("OTHER") is None and canonical(None) is None


def test_kinds_and_au_led_operations():
    assert {e.kind for e in entries()} <= set(KINDS)
    assert entry("UNAMID").kind == "hybrid"
    assert entry("UNAMA").kind == "special political mission"
    assert entry("MINUSMA").kind == "peacekeeping operation" and entry("MINUSMA").country_iso3 == "MLI"
    assert {"AMISOM", "ATMIS", "MISCA", "AFISMA"} <= {e.acronym for e in entries() if e.kind == AU_LED}


def test_register_adds_an_operation_and_refuses_clashes(monkeypatch):
    monkeypatch.setattr(catalogue, "_BY_ACRONYM", dict(catalogue._BY_ACRONYM))
    monkeypatch.setattr(catalogue, "_BY_KEY", dict(catalogue._BY_KEY))
    register(CatalogueEntry("MNJTF", "Multinational Joint Task Force against Boko Haram", AU_LED, None, ("MNJTF-LCB",)))
    assert canonical("mnjtf lcb") == "MNJTF"
    with pytest.raises(ValueError, match="already names"):
        register(CatalogueEntry("XYZ", "A clash", AU_LED, None, ("OSE Syria",)))
    with pytest.raises(ValueError, match="kind"):
        register(CatalogueEntry("ABC", "A bad kind", "coalition"))

"""Unit types, PCRS readiness levels (in order), mobility and the lead time of each level (pure)."""

from __future__ import annotations

from enum import Enum


class ReadinessLevel(str, Enum):
    """UN Peacekeeping Capability Readiness System levels, in promotion order."""

    level_1 = "L1"  # pledged
    level_2 = "L2"  # after a successful assessment and advisory visit
    level_3 = "L3"  # aligned with a statement of unit requirements
    rapid = "RDL"  # deployable within 60 days of a request

    @property
    def rank(self) -> int:
        return PCRS_ORDER.index(self)


PCRS_ORDER = (ReadinessLevel.level_1, ReadinessLevel.level_2, ReadinessLevel.level_3, ReadinessLevel.rapid)

# Days from a request to deployment assumed for planning; RDL is the PCRS 60-day commitment, the others
# are planning assumptions (documented, not published UN figures).
LEAD_DAYS = {ReadinessLevel.level_1: 180, ReadinessLevel.level_2: 120, ReadinessLevel.level_3: 90, ReadinessLevel.rapid: 60}


class Mobility(str, Enum):
    """How a unit moves, least to most mobile."""

    foot = "foot"
    motorized = "motorized"
    mechanized = "mechanized"
    air_mobile = "air-mobile"

    @property
    def rank(self) -> int:
        return list(Mobility).index(self)


UNIT_TYPES = {
    "infantry-battalion": ("Infantry battalion", 850),
    "mechanized-infantry-company": ("Mechanized infantry company", 180),
    "quick-reaction-force": ("Quick reaction force", 200),
    "formed-police-unit": ("Formed police unit", 160),
    "engineering-company": ("Engineering company", 150),
    "eod-company": ("Explosive ordnance disposal / counter-IED company", 80),
    "level-2-hospital": ("Level II hospital", 70),
    "utility-helicopter-unit": ("Utility helicopter unit", 120),
    "armed-helicopter-unit": ("Armed helicopter unit", 140),
    "transport-company": ("Transport company", 160),
    "signals-company": ("Signals company", 120),
    "riverine-unit": ("Riverine unit", 90),
    "special-forces": ("Special forces", 100),
    "military-observers-group": ("Military observers group", 20),
}
"""Unit type code -> (name, typical strength)."""


def readiness(value: str) -> ReadinessLevel:
    """A readiness level from its code (L1, L2, L3, RDL)."""
    try:
        return ReadinessLevel(value)
    except ValueError:
        raise ValueError(f"readiness level must be one of {', '.join(level.value for level in PCRS_ORDER)}, not {value!r}")


def mobility(value: str) -> Mobility:
    """A mobility from its name."""
    try:
        return Mobility(value)
    except ValueError:
        raise ValueError(f"mobility must be one of {', '.join(m.value for m in Mobility)}, not {value!r}")


def unit_type(value: str) -> str:
    """A known unit type code."""
    if value not in UNIT_TYPES:
        raise ValueError(f"unknown unit type {value!r}; one of {', '.join(UNIT_TYPES)}")
    return value


def promotion_allowed(current: ReadinessLevel | None, new: ReadinessLevel) -> bool:
    """PCRS promotions go one level at a time, in order."""
    return (current.rank + 1 if current is not None else 0) == new.rank

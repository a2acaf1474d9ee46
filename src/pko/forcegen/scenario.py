"""Generated force-generation scenarios calibrated on the real record; clearly labelled, never real pledges (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from pko.forcegen.optimiser import Policy, Slot, Unit
from pko.forcegen.units import PCRS_ORDER, UNIT_TYPES, Mobility, ReadinessLevel

LABEL = "GENERATED SCENARIO: synthetic pledges and requirements, not real data"
FRANCOPHONE = {"BEL", "BEN", "BFA", "BDI", "CAN", "CIV", "CMR", "COD", "FRA", "GAB", "GIN", "MAR", "MDG", "MLI",
               "MRT", "NER", "RWA", "SEN", "TCD", "TGO", "TUN", "CHE", "LUX", "DJI", "COG", "CAF"}
FRENCH_MISSIONS = {"MINUSMA", "MONUSCO", "MINUSCA", "MINURSO", "MINUSTAH", "UNOCI", "MONUC", "MINUJUSTH", "UNMIH"}
READINESS_MIX = (0.35, 0.30, 0.20, 0.15)


@dataclass
class Site:
    """A real deployment location of a mission and the unit types seen there (Geo-PKO)."""

    name: str
    latitude: float
    longitude: float
    unit_types: dict[str, float]


@dataclass
class Calibration:
    """What the record says: each mission's sites and unit types, and which states contribute to it."""

    source: str
    sites: dict[str, list[Site]] = field(default_factory=dict)
    contributors: dict[str, dict[str, float]] = field(default_factory=dict)  # mission -> state -> personnel


def _site(name: str, lat: float, lon: float, **types: float) -> Site:
    return Site(name, lat, lon, {k.replace("_", "-"): v for k, v in types.items()})


# Used only when no record is imported; a scenario made from it says so in its calibration source.
DEFAULT = Calibration(
    "built-in defaults (no imported record)",
    {
        "MINUSMA": [_site("Gao", 16.27, -0.04, infantry_battalion=3, eod_company=1, utility_helicopter_unit=1),
                    _site("Timbuktu", 16.77, -3.01, infantry_battalion=2, level_2_hospital=1, formed_police_unit=1)],
        "MONUSCO": [_site("Goma", -1.68, 29.22, infantry_battalion=3, armed_helicopter_unit=1, quick_reaction_force=1),
                    _site("Bunia", 1.56, 30.25, infantry_battalion=2, engineering_company=1, riverine_unit=0.5)],
        "UNMISS": [_site("Juba", 4.85, 31.58, infantry_battalion=2, formed_police_unit=1, level_2_hospital=1),
                   _site("Malakal", 9.53, 31.66, infantry_battalion=2, riverine_unit=1, engineering_company=1)],
        "MINUSCA": [_site("Bangui", 4.39, 18.56, infantry_battalion=2, formed_police_unit=2, signals_company=1),
                    _site("Bria", 6.54, 21.99, infantry_battalion=2, transport_company=1, special_forces=0.5)],
        "UNIFIL": [_site("Naqoura", 33.12, 35.14, mechanized_infantry_company=3, engineering_company=1, military_observers_group=1)],
    },
    {
        "MINUSMA": {"TCD": 1400, "BGD": 1300, "EGY": 1000, "SEN": 900, "TGO": 700, "BFA": 600},
        "MONUSCO": {"IND": 1900, "PAK": 1900, "BGD": 1600, "ZAF": 1100, "URY": 900, "NPL": 900},
        "UNMISS": {"RWA": 2600, "IND": 2300, "NPL": 1700, "BGD": 1600, "CHN": 1000, "GHA": 700},
        "MINUSCA": {"RWA": 2100, "PAK": 1300, "BGD": 1300, "EGY": 1100, "ZMB": 900, "MAR": 800},
        "UNIFIL": {"IDN": 1200, "ITA": 1100, "IND": 900, "GHA": 870, "FRA": 650, "ESP": 650},
    },
)

BASE_TYPES = {t: 0.15 for t in UNIT_TYPES}  # every type is possible anywhere, rarely


def generate(calibration: Calibration, seed: int, units: int, slots: int, request_date: date) -> dict:
    """A scenario of `units` pledges and `slots` requirement slots, reproducible from its seed."""
    if units < 0 or slots < 0:
        raise ValueError("units and slots must not be negative")
    missions = sorted(m for m in calibration.sites if calibration.sites[m] and calibration.contributors.get(m))
    if not missions:
        raise ValueError("the calibration has no mission with both sites and contributors")
    rng = np.random.default_rng(seed)
    size = np.array([sum(calibration.contributors[m].values()) for m in missions], dtype=float)
    mission_p = size / size.sum()
    types = list(UNIT_TYPES)

    def type_mix(site: Site) -> np.ndarray:
        weights = np.array([site.unit_types.get(t, 0.0) + BASE_TYPES[t] for t in types])
        return weights / weights.sum()

    slot_rows = []
    for j in range(slots):
        m = missions[rng.choice(len(missions), p=mission_p)]
        site = calibration.sites[m][rng.integers(len(calibration.sites[m]))]
        kind = types[rng.choice(len(types), p=type_mix(site))]
        urgent = bool(rng.random() < 0.15)
        slot_rows.append({
            "id": f"S{j + 1:05d}", "mission": m, "unit_type": kind, "location": site.name,
            "latitude": site.latitude, "longitude": site.longitude,
            "need_by": (request_date + timedelta(days=int(rng.integers(45 if urgent else 60, 240)))).isoformat(),
            "min_readiness": PCRS_ORDER[int(rng.choice(4, p=(0.4, 0.3, 0.2, 0.1)))].value,
            "priority": int(rng.integers(1, 6)),
            "language": ("French" if m in FRENCH_MISSIONS else "English") if rng.random() < 0.5 else None,
            "mobility": list(Mobility)[int(rng.integers(4))].value if rng.random() < 0.3 else None,
            "urgent": urgent, "mandatory": False,
        })
    unit_rows = []
    for i in range(units):
        m = missions[rng.choice(len(missions), p=mission_p)]
        states = sorted(calibration.contributors[m])
        share = np.array([calibration.contributors[m][s] for s in states], dtype=float)
        state = states[rng.choice(len(states), p=share / share.sum())]
        site = calibration.sites[m][rng.integers(len(calibration.sites[m]))]
        kind = types[rng.choice(len(types), p=type_mix(site))]
        level = int(rng.choice(4, p=READINESS_MIX))
        typical = UNIT_TYPES[kind][1]
        french = state in FRANCOPHONE
        languages = ["French"] if french else ["English"]
        if rng.random() < 0.3:
            languages.append("English" if french else "French")
        reached = request_date - timedelta(days=int(rng.integers(30, 1500)))
        dates = {}
        for k in range(level + 1):
            dates[PCRS_ORDER[k].value] = reached.isoformat()
            reached += timedelta(days=int(rng.integers(60, 300)))
            reached = min(reached, request_date)
        women_mean = 0.16 if kind == "formed-police-unit" else 0.07
        unit_rows.append({
            "id": f"U{i + 1:05d}", "state": state, "unit_type": kind, "readiness": PCRS_ORDER[level].value,
            "levels_reached": dates,
            "strength": int(max(10, rng.normal(typical, typical * 0.1))),
            "women_share": round(float(np.clip(rng.beta(2, 2 / women_mean - 2), 0, 0.6)), 3),
            "mobility": list(Mobility)[int(rng.choice(4, p=(0.2, 0.4, 0.25, 0.15)))].value,
            "languages": languages,
            "caveats": [missions[rng.integers(len(missions))]] if rng.random() < 0.1 else [],
            "self_sustained": bool(rng.random() < 0.5),
            "available_from": (request_date + timedelta(days=int(rng.integers(0, 120)))).isoformat() if rng.random() < 0.3 else None,
            "available_until": (request_date + timedelta(days=int(rng.integers(200, 720)))).isoformat() if rng.random() < 0.3 else None,
        })
    lift_rng = np.random.default_rng([seed, 1])  # a stream of its own: the draws above stay as they were
    for row in unit_rows:
        row["lift"] = "air" if row["readiness"] == "RDL" or "helicopter" in row["unit_type"] or lift_rng.random() < 0.2 else "sea"
        row["distance_km"] = int(lift_rng.integers(1500, 12000))
    return {
        "kind": "forcegen-scenario", "label": LABEL, "seed": seed, "calibration": calibration.source,
        "request_date": request_date.isoformat(),
        "policy": {"max_state_share": 0.4, "women_target": None, "rdl_bonus": 300, "urgent_requires_rdl": False,
                   "lateness_per_day": 5, "max_late_days": 120},
        "units": unit_rows, "slots": slot_rows,
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(data: dict) -> tuple[list[Unit], list[Slot], Policy]:
    """Units, slots and policy of a scenario document; ValueError names the first bad field."""
    if not isinstance(data, dict) or data.get("kind") != "forcegen-scenario":
        raise ValueError("not a force-generation scenario (kind must be 'forcegen-scenario')")
    try:
        units = [_unit(u) for u in data["units"]]
        slots = [Slot(s["id"], s["mission"], s["unit_type"], date.fromisoformat(s["need_by"]),
                      ReadinessLevel(s.get("min_readiness", "L1")), int(s.get("priority", 1)), s.get("language"),
                      Mobility(s["mobility"]) if s.get("mobility") else None, s.get("region"), s.get("task"),
                      bool(s.get("urgent", False)), bool(s.get("mandatory", False)), s.get("latitude"), s.get("longitude"))
                 for s in data["slots"]]
        policy = _policy(date.fromisoformat(data["request_date"]), dict(data.get("policy") or {}))
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"bad scenario field: {error}") from error
    for u in units:
        _check_unit(u)
    for s in slots:
        if not 1 <= s.priority <= 5:
            raise ValueError(f"slot {s.id}: priority must be from 1 to 5")
    if len({u.id for u in units}) < len(units) or len({s.id for s in slots}) < len(slots):
        raise ValueError("unit ids and slot ids must be unique")
    return units, slots, policy


def _unit(u: dict) -> Unit:
    return Unit(u["id"], u["state"], u["unit_type"], ReadinessLevel(u["readiness"]), int(u["strength"]),
                float(u["women_share"]), Mobility(u["mobility"]), frozenset(u.get("languages", [])),
                frozenset(u.get("caveats", [])), bool(u.get("self_sustained", False)),
                _day(u.get("available_from")), _day(u.get("available_until")))


def _check_unit(u: Unit) -> None:
    if u.strength <= 0 or not 0 <= u.women_share <= 1:
        raise ValueError(f"unit {u.id}: strength must be positive and women_share between 0 and 1")


def unit_of(data: dict) -> Unit:
    """One unit written as in a scenario document (a hypothetical pledge); ValueError names the bad field."""
    if not isinstance(data, dict):
        raise ValueError("a unit must be an object with id, state, unit_type, readiness, strength, women_share, mobility")
    try:
        unit = _unit(data)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"bad unit field: {error}") from error
    if unit.unit_type not in UNIT_TYPES:
        raise ValueError(f"unknown unit type {unit.unit_type!r}")
    _check_unit(unit)
    return unit


def _share(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1")
    return float(value)


def _policy(request_date: date, given: dict) -> Policy:
    """A policy from plain values, each checked."""
    women = given.pop("women_target", None)
    women = {str(m): _share(v, "women_target") for m, v in women.items()} if isinstance(women, dict) else _share(women, "women_target")
    share = _share(given.pop("max_state_share", None), "max_state_share")
    if share == 0:
        raise ValueError("max_state_share must be above 0")
    numbers = {}
    for name in ("rdl_bonus", "lateness_per_day", "max_late_days"):
        if name in given:
            value = given.pop(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
                raise ValueError(f"{name} must be a whole number from 0 to 100000")
            numbers[name] = value
    rdl_only = given.pop("urgent_requires_rdl", False)
    if given:
        raise ValueError(f"unknown policy field(s): {', '.join(sorted(given))}")
    return Policy(request_date, share, women, urgent_requires_rdl=bool(rdl_only), **numbers)


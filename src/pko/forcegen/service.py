"""Pledges and requirements in the database, the calibration of scenarios from the record, and plans."""

from __future__ import annotations

from dataclasses import replace
import math
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.auth.visibility import EVERYTHING, Visibility
from pko.errors import Conflict, NotFound, QueryError
from pko.forcegen import explain, optimiser, scenario, solvers, units
from pko.forcegen.models import Pledge, PledgeLevel, UnitRequirement
from pko.forcegen.schemas import PledgeIn, RequirementIn
from pko.memo import kept
from pko.missions.catalogue import canonical


def _checked(call, value):
    try:
        return call(value)
    except ValueError as error:
        raise QueryError(str(error)) from error


def _audit(session: Session, actor: str, action: str, record_type: str, record_id: int, after: dict,
           owner_iso3: str | None = None) -> None:
    audit.record(session, actor=actor, action=action, record_type=record_type, record_id=record_id,
                 after=after, owner_iso3=owner_iso3)


def _mine(visibility: Visibility, state: str | None) -> None:
    """Refuse a state the caller may not see, exactly as one with no pledges would be (404)."""
    if state and not visibility.sees(state=state):
        raise NotFound(f"no pledges of {state} visible to you")


def create_pledge(session: Session, data: PledgeIn, actor: str, visibility: Visibility = EVERYTHING) -> Pledge:
    """Store a pledge of a state the caller may see; its levels must be reached in PCRS order, on non-decreasing dates."""
    _mine(visibility, data.state_iso3)
    _checked(units.unit_type, data.unit_type)
    _checked(units.mobility, data.mobility)
    levels = [(_checked(units.readiness, code), day) for code, day in data.levels.items()]
    if not levels:
        raise QueryError("a pledge needs at least the date it reached L1")
    levels.sort(key=lambda pair: pair[0].rank)
    if [level for level, _ in levels] != list(units.PCRS_ORDER[:len(levels)]):
        raise QueryError("levels must be reached in PCRS order L1, L2, L3, RDL without skipping one")
    if any(a[1] > b[1] for a, b in zip(levels, levels[1:])):
        raise QueryError("a later PCRS level cannot be reached before an earlier one")
    if data.available_from and data.available_until and data.available_until < data.available_from:
        raise QueryError("available_until is before available_from")
    pledge = Pledge(**data.model_dump(exclude={"levels"}), readiness=levels[-1][0].value,
                    levels=[PledgeLevel(level=level.value, reached_on=day) for level, day in levels])
    session.add(pledge)
    session.flush()
    _audit(session, actor, "create", "pledge", pledge.id, data.model_dump(mode="json"), owner_iso3=pledge.state_iso3)
    return pledge


def promote(session: Session, pledge_id: int, level: str, reached_on: date, actor: str,
            visibility: Visibility = EVERYTHING) -> Pledge:
    """Record that a pledge the caller may see reached the next PCRS level."""
    pledge = get_pledge(session, pledge_id, visibility)
    new = _checked(units.readiness, level)
    if not units.promotion_allowed(units.ReadinessLevel(pledge.readiness), new):
        raise Conflict(f"pledge {pledge_id} is at {pledge.readiness}: the next PCRS level is not {new.value}")
    if pledge.levels and reached_on < pledge.levels[-1].reached_on:
        raise QueryError(f"{new.value} cannot be reached before {pledge.levels[-1].level} ({pledge.levels[-1].reached_on})")
    pledge.levels.append(PledgeLevel(level=new.value, reached_on=reached_on))
    pledge.readiness = new.value
    session.flush()
    _audit(session, actor, "promote", "pledge", pledge.id, {"level": new.value, "reached_on": reached_on.isoformat()},
           owner_iso3=pledge.state_iso3)
    return pledge


def get_pledge(session: Session, pledge_id: int, visibility: Visibility = EVERYTHING) -> Pledge:
    """One pledge; another state's, if the caller may not see it, is missing alike (one query, one message)."""
    pledge = session.scalar(select(Pledge).where(Pledge.id == pledge_id, visibility.where(state=Pledge.state_iso3)))
    if pledge is None:
        raise NotFound(f"no pledge {pledge_id}")
    return pledge


def list_pledges(session: Session, state: str | None = None, limit: int = 100, offset: int = 0,
                 visibility: Visibility = EVERYTHING) -> tuple[int, list[Pledge]]:
    """Pledges the caller may see, of one state if given, by id."""
    _mine(visibility, state)
    query = select(Pledge).where(visibility.where(state=Pledge.state_iso3)).order_by(Pledge.id)
    if state:
        query = query.where(Pledge.state_iso3 == state)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    return total, list(session.scalars(query.limit(limit).offset(offset)))


def pledge_counts(session: Session, visibility: Visibility = EVERYTHING) -> list[dict]:
    """Per state the caller may see, its pledges by readiness level and in all."""
    query = (select(Pledge.state_iso3, Pledge.readiness, func.count()).where(visibility.where(state=Pledge.state_iso3))
             .group_by(Pledge.state_iso3, Pledge.readiness))
    counts: dict[str, dict[str, int]] = {}
    for state, level, count in session.execute(query):
        counts.setdefault(state, {})[level] = count
    return [{"state": state, "levels": levels, "total": sum(levels.values())} for state, levels in sorted(counts.items())]


def pledging_states(session: Session, visibility: Visibility = EVERYTHING) -> list[str]:
    """The states with pledges the caller may see, by code."""
    return list(session.scalars(select(Pledge.state_iso3).where(visibility.where(state=Pledge.state_iso3))
                                .distinct().order_by(Pledge.state_iso3)))


def create_requirement(session: Session, data: RequirementIn, actor: str) -> UnitRequirement:
    """Store a mission's unit requirement."""
    mission = canonical(data.mission)
    if mission is None:
        raise QueryError(f"unknown mission {data.mission!r}")
    _checked(units.unit_type, data.unit_type)
    _checked(units.readiness, data.min_readiness)
    if data.mobility:
        _checked(units.mobility, data.mobility)
    requirement = UnitRequirement(**(data.model_dump() | {"mission": mission}))
    session.add(requirement)
    session.flush()
    _audit(session, actor, "create", "unit-requirement", requirement.id, data.model_dump(mode="json") | {"mission": mission})
    return requirement


def list_requirements(session: Session, mission: str | None = None, limit: int = 100, offset: int = 0):
    """Unit requirements, of one mission if given, by need-by date."""
    query = select(UnitRequirement).order_by(UnitRequirement.need_by, UnitRequirement.id)
    if mission:
        query = query.where(UnitRequirement.mission == (canonical(mission) or mission))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    return total, list(session.scalars(query.limit(limit).offset(offset)))


def stored_scenario(session: Session, request_date: date) -> dict:
    """The stored pledges and requirements as a scenario document (real records, so no scenario label)."""
    pledges = session.scalars(select(Pledge).order_by(Pledge.id))
    requirements = session.scalars(select(UnitRequirement).order_by(UnitRequirement.id))
    return {
        "kind": "forcegen-scenario", "label": None, "request_date": request_date.isoformat(), "policy": {},
        "units": [{"id": f"P{p.id}", "state": p.state_iso3, "unit_type": p.unit_type, "readiness": p.readiness,
                   "strength": p.strength, "women_share": p.women_share, "mobility": p.mobility, "languages": p.languages,
                   "caveats": p.caveats, "self_sustained": p.self_sustained,
                   "available_from": p.available_from and p.available_from.isoformat(),
                   "available_until": p.available_until and p.available_until.isoformat()} for p in pledges],
        "slots": [{"id": f"R{r.id}-{k + 1}", "mission": r.mission, "unit_type": r.unit_type, "location": r.location,
                   "need_by": r.need_by.isoformat(),
                   "min_readiness": r.min_readiness, "priority": r.priority, "language": r.language, "mobility": r.mobility,
                   "urgent": r.urgent, "mandatory": r.mandatory, "latitude": r.latitude, "longitude": r.longitude}
                  for r in requirements for k in range(r.count)],
    }


@kept(8)
def plan(document: dict, time_limit: float = 10.0, policy_changes: dict | None = None,
         without_unit: str | None = None, relax: str | None = None, workers: int = 8,
         extra_unit: dict | None = None, solver: str = "auto") -> dict:
    """Solve a scenario document; with a what-if (without a unit, with an extra pledge, a constraint relaxed),
    solve the changed one too and give the difference. The same arguments again reuse the answer: a page reload does not solve again."""
    if solver not in solvers.SOLVERS:
        raise QueryError(f"solver must be one of {', '.join(solvers.SOLVERS)}, not {solver!r}")
    try:
        unit_list, slots, policy = scenario.load(document)
        policy = replace(policy, **(policy_changes or {}))
    except (ValueError, TypeError) as error:
        raise QueryError(str(error)) from error
    model = optimiser.build(unit_list, slots, policy)
    base = explain.explain(model, solvers.solve(model, solver, time_limit, workers))
    answer = base.as_dict() | {"label": document.get("label"), "difference": None}
    if without_unit or relax or extra_unit is not None:
        try:
            changed_units = explain.without_unit(unit_list, without_unit) if without_unit else unit_list
            if extra_unit is not None:
                changed_units = explain.with_unit(changed_units, scenario.unit_of(extra_unit))
            changed_policy = explain.relaxed(policy, relax) if relax else policy
        except ValueError as error:
            raise QueryError(str(error)) from error
        other = optimiser.build(changed_units, slots, changed_policy)
        after = explain.explain(other, solvers.solve(other, solver, time_limit, workers))
        difference = explain.compare(base, after)
        if extra_unit is not None:
            placed = [a.slot_id for a in after.assignments if a.unit_id == extra_unit["id"]]
            difference["extra_unit"] = {"unit_id": extra_unit["id"], "slot_id": placed[0] if placed else None}
        answer = after.as_dict() | {"label": document.get("label"), "difference": difference}
    return answer


# Geo-PKO TTMap unit counts -> the unit types a site calls for, with relative weights.
GEO_PKO_TYPES = {
    "infantry": {"infantry-battalion": 1.0, "mechanized-infantry-company": 0.3, "quick-reaction-force": 0.2},
    "engineering": {"engineering-company": 1.0, "eod-company": 0.3}, "medical": {"level-2-hospital": 1.0},
    "signals": {"signals-company": 1.0}, "aviation": {"utility-helicopter-unit": 1.0, "armed-helicopter-unit": 0.4},
    "riverine": {"riverine-unit": 1.0}, "maintenance": {"transport-company": 0.5}, "transport": {"transport-company": 1.0},
}


def _movements(document: dict, answer: dict) -> list:
    """Each planned unit's move; without a stated lift and distance, RDL units fly, others sail, 6,000 km."""
    from pko.forcegen import timeline as engine

    units_by_id = {u["id"]: u for u in document["units"]}
    moves = []
    for a in answer["assignments"]:
        unit = units_by_id[a["unit_id"]]
        level = units.ReadinessLevel(unit["readiness"])
        lift = unit.get("lift") or ("air" if level is units.ReadinessLevel.rapid else "sea")
        moves.append(engine.Movement(a["unit_id"], a["mission"], level, lift, float(unit.get("distance_km") or 6000)))
    return moves


def _summary(moves: list, runs: int, seed: int, slots: dict[str, int], shares: tuple[float, ...], workers: int = 1,
             cluster: str | None = None):
    """The runs reduced to what a timeline shows: serially, in a process pool, or on a Dask cluster (same answer)."""
    from pko.forcegen import timeline as engine

    try:
        if cluster:
            from pko.forcegen import cluster as dask_cluster

            return dask_cluster.summarise(moves, runs, seed, slots, shares, cluster)
        mapper = engine.pool_map(workers) if workers > 1 else None
        return engine.summarise(moves, runs, seed, slots, shares, parts=workers, mapper=mapper)
    except ValueError as error:
        raise QueryError(str(error)) from error


def _slot_counts(document: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in document["slots"]:
        counts[s["mission"]] = counts.get(s["mission"], 0) + 1
    return counts


@kept(8)
def timeline(document: dict, runs: int, seed: int, share: float, workers: int = 1, time_limit: float = 10.0,
             cluster: str | None = None, policy_changes: dict | None = None) -> dict:
    """Plan a scenario, then simulate its units' arrivals: per mission the day `share` of it is met with 90% confidence."""
    answer = plan(document, time_limit, policy_changes, workers=1)  # one CP-SAT worker (HiGHS is deterministic): among equal optima, always the same plan
    moves = _movements(document, answer)
    slots = _slot_counts(document)
    summary = _summary(moves, runs, seed, slots, (share,), workers, cluster)
    start = (policy_changes or {}).get("request_date") or date.fromisoformat(document["request_date"])
    rows = []
    for m in sorted(slots):
        d = summary.days[(m, share)]
        rows.append({"mission": m, "slots": slots[m], "planned": sum(1 for mv in moves if mv.mission == m),
                     "days_90": None if d is None else round(d, 1),
                     "date_90": None if d is None else (start + timedelta(days=math.ceil(d))).isoformat()})
    return {
        "label": document.get("label"), "status": answer["status"], "runs": runs, "seed": seed, "share": share,
        "missions": rows,
        "rdl_units": _rdl_units(moves, summary),
    }


def _rdl_units(moves: list, summary) -> list[dict]:
    """Each planned Rapid Deployment Level unit with its chance to arrive within 60 days of the request."""
    return [{"unit_id": mv.unit_id, "mission": mv.mission, "lift": mv.lift, "distance_km": mv.distance_km,
             "p_within_60_days": round(summary.within[k], 4)}
            for k, mv in enumerate(moves) if mv.readiness is units.ReadinessLevel.rapid]


@kept(8)
def milestones(document: dict, answer: dict, runs: int, seed: int, shares: tuple[float, ...] = (0.5, 0.8, 1.0)) -> dict:
    """For a plan already made: per mission, the days by which each share of its slots is met with 90% confidence,
    and per RDL unit its chance to arrive within 60 days."""
    slots = _slot_counts(document)
    moves = _movements(document, answer)
    summary = _summary(moves, runs, seed, slots, shares)
    return {"missions": {m: {share: summary.days[(m, share)] for share in shares} for m in sorted(slots)},
            "rdl_units": _rdl_units(moves, summary)}


def calibration(session: Session, sites_per_mission: int = 12) -> scenario.Calibration:
    """Each mission's Geo-PKO unit types by site (latest year with units) and latest contributors; defaults if none imported."""
    from pko.contributions.datahub import service as datahub
    from pko.locations.models import GeoPKOV2UnitTypes as Units

    counted = sum(getattr(Units, column) for column in GEO_PKO_TYPES)
    latest = select(Units.mission, func.max(Units.year).label("year")).where(counted > 0).group_by(Units.mission).subquery()
    rows = session.scalars(select(Units).join(latest, (Units.mission == latest.c.mission) & (Units.year == latest.c.year))
                           .where(counted > 0).order_by(Units.mission, Units.location))
    sites: dict[str, list[scenario.Site]] = {}
    for row in sorted(rows, key=lambda r: (r.mission, -sum(getattr(r, c) for c in GEO_PKO_TYPES), r.location)):
        types: dict[str, float] = {}
        for column, weights in GEO_PKO_TYPES.items():
            for kind, weight in weights.items():
                count = getattr(row, column) / (units.UNIT_TYPES["infantry-battalion"][1] if column == "infantry" else 1)
                if count:  # TTMap counts infantry in troops, the other types in units
                    types[kind] = types.get(kind, 0.0) + weight * count
        if len(sites.setdefault(row.mission, [])) < sites_per_mission:
            sites[row.mission].append(scenario.Site(row.location, row.latitude, row.longitude, types))
    contributors: dict[str, dict[str, float]] = {}
    for mission in sites:
        month, source = datahub.newest_month(session, mission=mission, on=date.max)
        if month is not None:
            found = datahub.mission_contributors(session, mission=mission, month=month, source=source,
                                                 categories=("troops", "staff_officer", "formed_police_units"))
            contributors[mission] = {}
            for row in found:
                if row["iso3"]:
                    contributors[mission][row["iso3"]] = contributors[mission].get(row["iso3"], 0.0) + float(row["total"])
            if not contributors[mission]:
                del contributors[mission]
    usable = {m for m in sites if m in contributors}
    if not usable:
        return scenario.DEFAULT
    return scenario.Calibration("Geo-PKO v2.3 TTMap unit types by site (latest year with units per mission); UN contributions by state (latest month per mission, the Data Hub's where it holds it)",
                                {m: sites[m] for m in usable}, {m: contributors[m] for m in usable})


def seed_requirements(session: Session, mission: str, need_by: date, actor: str, priority: int = 3) -> list[UnitRequirement]:
    """Requirements for a mission derived from its real composition (Geo-PKO unit types per site), for planning."""
    acronym = canonical(mission)
    if acronym is None:
        raise QueryError(f"unknown mission {mission!r}")
    found = calibration(session).sites.get(acronym)
    if not found:
        raise QueryError(f"no Geo-PKO unit types for {acronym}: import geo_pko/TTMap_v.2.3.csv and contributions first")
    made = []
    for site in found:
        for kind, weight in sorted(site.unit_types.items()):
            if round(weight) >= 1:
                made.append(create_requirement(session, RequirementIn(
                    mission=acronym, unit_type=kind, count=round(weight), location=site.name, latitude=site.latitude,
                    longitude=site.longitude, need_by=need_by, priority=priority), actor))
    return made

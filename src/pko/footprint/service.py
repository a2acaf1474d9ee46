"""Use cases over mission footprints: demand, sites, plans, the coverage curve, evaluations and drawdowns."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import h3.api.basic_int as h3
import numpy as np
from sqlalchemy.orm import Session

from pko.errors import QueryError
from pko.footprint import center, coverage, reach
from pko.footprint.inputs import service as inputs
from pko.footprint import demand as demand_engine
from pko.footprint import drawdown as drawdown_engine
from pko.footprint.schemas import (
    Assumptions,
    CellOut,
    CurveOut,
    CurvePoint,
    DemandOut,
    DrawdownOut,
    EvaluationOut,
    HotspotOut,
    PhaseOut,
    PlanOut,
    SiteOut,
    SitesOut,
)

HEAVIEST_LISTED = 10


@dataclass
class Prepared:
    """Everything a model needs: demand cells, candidate sites (the real ones first) and their reach."""

    mission: str
    as_of: date
    cells: demand_engine.Demand
    sites: reach.Sites
    actual: int
    limit: float
    reached: reach.Reach
    assumptions: list[str]
    notes: list[str]

    def covers(self, limit: float):
        return self.reached.covers(limit)


@contextmanager
def _refused():
    """An engine's ValueError (bad p, a mix of nothing, too many phases) is the caller's bad query."""
    try:
        yield
    except QueryError:
        raise
    except ValueError as error:
        raise QueryError(str(error)) from None


def _demand(session: Session, mission: str, as_of: date, a: Assumptions,
            raster: Path | None = None) -> tuple[inputs.Area, demand_engine.Demand]:
    area = inputs.area(session, mission)
    with _refused():
        mix = demand_engine.Mix(people=a.people, threat=a.threat, half_life_days=a.half_life_days,
                                incident_types=tuple(a.incident_types))
        people = None
        if raster is not None:
            from pko.footprint.raster import people_by_cell

            people = people_by_cell(raster, a.resolution)
        found = demand_engine.build(area.places, inputs.incidents(session, area.mission, as_of), as_of, mix, a.resolution,
                                    people)
    if not len(found):
        raise QueryError(f"no demand in {area.mission.acronym}'s area: no people or incidents weigh anything")
    found.sources += [f"record: {line}" for line in area.sources]
    return area, found


def _reach(session: Session, sites: reach.Sites, cells: demand_engine.Demand, a: Assumptions) -> reach.Reach:
    if a.network:
        from pko.roads.planning import graph
        from pko.roads.service import network_row

        network = graph(session, network_row(session, name=a.network))
        found = reach.by_road(network, sites, cells.latitude, cells.longitude, speed_kmh=a.speed_kmh)
    else:
        found = reach.straight_line(sites, cells.latitude, cells.longitude, speed_kmh=a.speed_kmh, detour=a.detour)
    if a.helicopter:
        found = found.faster(reach.by_air(sites, cells.latitude, cells.longitude, speed_kmh=a.air_speed_kmh,
                                          range_km=a.air_range_km, launch_minutes=a.launch_minutes))
    return found


def prepare(session: Session, *, mission: str, as_of: date, assumptions: Assumptions, raster: Path | None = None) -> Prepared:
    """Demand, candidates and reach for a mission on a date, with every assumption in words."""
    area, cells = _demand(session, mission, as_of, assumptions, raster)
    actual = inputs.actual_sites(session, area.mission, as_of.year, assumptions.source)
    sites, notes = inputs.candidates(session, area, actual, assumptions)
    with _refused():
        reached = _reach(session, sites, cells, assumptions)
    lines = [f"covered = reached within {assumptions.limit_minutes:g} minutes", *reached.assumptions, *cells.sources,
             f"real sites: {assumptions.source} locations of {area.mission.acronym} in {as_of.year}",
             "area: the host country's OpenStreetMap places"]
    return Prepared(area.mission.acronym, as_of, cells, sites, len(actual), assumptions.limit_minutes, reached, lines,
                    notes + cells.notes + reached.notes)


def _site(sites: reach.Sites, j: int, **extra) -> SiteOut:
    return SiteOut(name=sites.name[j], latitude=float(sites.latitude[j]), longitude=float(sites.longitude[j]),
                   source=sites.source[j], **extra)


def _plan_out(prep: Prepared, plan: coverage.Plan, p: int) -> PlanOut:
    weight, within = prep.cells.weight, prep.covers(prep.limit)
    if plan.model in ("p-center", "p-median"):  # coverage within the limit, as for every other model
        shown = coverage.explain(coverage.patterns(weight, within), plan.chosen, plan.model,
                                 coverage.highs.Outcome(plan.status, np.empty(0), None, None, None, 0.0))
        plan.covered, plan.covered_twice, plan.only_it = shown.covered, shown.covered_twice, shown.only_it
        plan.unreachable = shown.unreachable
    reaches = np.asarray(within.T @ weight).ravel()
    sites = [_site(prep.sites, int(j), only_it=round(float(alone), 4), reaches=round(float(reaches[j]), 4))
             for j, alone in zip(plan.chosen, plan.only_it)]
    sites.sort(key=lambda s: -(s.only_it or 0))
    total = plan.total or 1.0
    return PlanOut(mission=prep.mission, as_of=prep.as_of, model=plan.model, status=plan.status,
                   objective=plan.objective, bound=plan.bound, gap=plan.gap, seconds=round(plan.seconds, 3), p=p,
                   covered=round(100 * plan.covered / total, 4), covered_twice=round(100 * plan.covered_twice / total, 4),
                   unreachable=round(100 * plan.unreachable / total, 4), sites=sites,
                   assumptions=prep.assumptions, notes=prep.notes + plan.notes)


def demand(session: Session, *, mission: str, as_of: date, assumptions: Assumptions,
           raster: Path | None = None) -> DemandOut:
    """The weighted demand cells of a mission's area on a date, heaviest first, each weight's source stated."""
    _, cells = _demand(session, mission, as_of, assumptions, raster)
    order = np.argsort(-cells.weight, kind="stable")
    rows = [CellOut(cell=h3.int_to_str(int(cells.cells[i])), latitude=round(float(cells.latitude[i]), 6),
                    longitude=round(float(cells.longitude[i]), 6), people=round(float(cells.people[i]), 2),
                    threat=round(float(cells.threat[i]), 4), weight=round(float(cells.weight[i]), 6)) for i in order]
    return DemandOut(mission=mission.upper(), as_of=as_of, resolution=cells.resolution, cells=rows,
                     sources=cells.sources, notes=cells.notes)


def sites(session: Session, *, mission: str, as_of: date, assumptions: Assumptions) -> SitesOut:
    """The mission's real sites in the date's year and every candidate site."""
    area = inputs.area(session, mission)
    actual = inputs.actual_sites(session, area.mission, as_of.year, assumptions.source)
    found, notes = inputs.candidates(session, area, actual, assumptions)
    return SitesOut(mission=area.mission.acronym, year=as_of.year, actual=[_site(found, j) for j in range(len(actual))],
                    candidates=[_site(found, j) for j in range(len(found))], notes=notes)


def plan(session: Session, *, mission: str, as_of: date, model: str = "maximal-covering", p: int | None = None,
         share: float = 0.9, assumptions: Assumptions, raster: Path | None = None) -> PlanOut:
    """One model over the mission's candidates; p defaults to the number of real sites on the date."""
    prep = prepare(session, mission=mission, as_of=as_of, assumptions=assumptions, raster=raster)
    p = prep.actual if p is None else p
    if not 1 <= p <= len(prep.sites):
        raise QueryError(f"p = {p}: choose between 1 and the {len(prep.sites)} candidate sites")
    weight, limit, seconds = prep.cells.weight, assumptions.limit_minutes, assumptions.time_limit
    with _refused():
        if model == "maximal-covering":
            found = coverage.maximal_covering(weight, prep.covers(limit), p, time_limit=seconds)
        elif model == "set-covering":
            found = coverage.set_covering(weight, prep.covers(limit), share, time_limit=seconds)
            p = len(found.chosen)
        elif model == "backup":
            found = coverage.backup_covering(weight, prep.covers(limit), p, time_limit=seconds)
        elif model == "p-center":
            found = center.p_center(prep.reached.minutes.T, weight, p, time_limit=seconds)
        elif model == "p-median":
            found = center.p_median(prep.reached.minutes.T, weight, p, time_limit=seconds)
        else:
            raise QueryError(f"unknown model '{model}' (maximal-covering, set-covering, backup, p-center, p-median)")
    return _plan_out(prep, found, p)


def curve(session: Session, *, mission: str, as_of: date, most: int = 20, assumptions: Assumptions) -> CurveOut:
    """Maximal covering for p = 1..most: how much each further site buys."""
    prep = prepare(session, mission=mission, as_of=as_of, assumptions=assumptions)
    if not 1 <= most <= len(prep.sites):
        raise QueryError(f"most = {most}: choose between 1 and the {len(prep.sites)} candidate sites")
    plans = coverage.coverage_curve(prep.cells.weight, prep.covers(assumptions.limit_minutes), most,
                                    time_limit=assumptions.time_limit)
    points, before, last = [], set(), 0.0
    for p, found in enumerate(plans, start=1):
        now = set(found.chosen.tolist())
        points.append(CurvePoint(p=p, covered=round(100 * found.share, 4), gain=round(100 * found.share - last, 4),
                                 status=found.status, gap=found.gap, seconds=round(found.seconds, 3),
                                 added=[prep.sites.name[j] for j in sorted(now - before)]))
        before, last = now, 100 * found.share
    return CurveOut(mission=prep.mission, as_of=as_of, points=points, assumptions=prep.assumptions)


def _uncovered(prep: Prepared, actual: coverage.Plan, limit: float) -> list[HotspotOut]:
    """Gi* hot spots of incidents outside the real sites' reach, then the heaviest uncovered demand cells."""
    chosen = prep.covers(limit)[:, actual.chosen]
    reached = np.asarray(chosen.sum(axis=1)).ravel() > 0
    cells, rows = prep.cells, []
    hot: set[int] = set()
    if len(cells.counted[0]) and len(cells) >= 3:  # Gi* of the counted incidents over the demand cells
        from pko.safety.hotspots import hotspots

        found = hotspots(*cells.counted, cells.resolution, area=cells.cells).cells
        hot = {h3.str_to_int(c) for c in found.loc[found["spot"] == "hot", "cell"]}
    position = {int(c): i for i, c in enumerate(cells.cells.tolist())}
    for cell in sorted(hot):
        i = position[cell]
        if not reached[i]:
            rows.append(HotspotOut(cell=h3.int_to_str(cell), latitude=float(cells.latitude[i]),
                                   longitude=float(cells.longitude[i]), weight=float(cells.weight[i]), kind="Gi* hot spot"))
    for i in [i for i in np.argsort(-cells.weight, kind="stable") if not reached[i]][:HEAVIEST_LISTED]:
        rows.append(HotspotOut(cell=h3.int_to_str(int(cells.cells[i])), latitude=float(cells.latitude[i]),
                               longitude=float(cells.longitude[i]), weight=round(float(cells.weight[i]), 6),
                               kind="heaviest uncovered demand"))
    return rows


def evaluate(session: Session, *, mission: str, as_of: date, assumptions: Assumptions,
             raster: Path | None = None) -> EvaluationOut:
    """The real sites' coverage on a date against the optimal set of as many sites from the same candidates."""
    prep = prepare(session, mission=mission, as_of=as_of, assumptions=assumptions, raster=raster)
    limit = assumptions.limit_minutes
    pat = coverage.patterns(prep.cells.weight, prep.covers(limit))
    solved = coverage.maximal_covering(prep.cells.weight, prep.covers(limit), prep.actual, time_limit=assumptions.time_limit,
                                       pat=pat, start=np.arange(prep.actual))
    stated = coverage.explain(pat, np.arange(prep.actual), "real footprint",
                              coverage.highs.Outcome("as deployed", np.empty(0), None, None, None, 0.0))
    stated.objective = stated.covered
    real, best = _plan_out(prep, stated, prep.actual), _plan_out(prep, solved, prep.actual)
    if not (prep.cells.threat > 0).any():
        real.notes.append("no located incident in the record for this mission: no Gi* hot spots, "
                          "the heaviest uncovered demand cells are listed instead")
    return EvaluationOut(mission=prep.mission, as_of=as_of, year=as_of.year, actual=real, optimum=best,
                         difference=round(best.covered - real.covered, 4),
                         uncovered_hotspots=_uncovered(prep, stated, limit), assumptions=prep.assumptions)


def drawdown(session: Session, *, mission: str, as_of: date, close: list[int], assumptions: Assumptions) -> DrawdownOut:
    """The order in which to close the mission's real sites, `close[t]` in phase t, keeping the most coverage."""
    prep = prepare(session, mission=mission, as_of=as_of, assumptions=assumptions)
    try:
        found = drawdown_engine.drawdown(prep.cells.weight, prep.covers(assumptions.limit_minutes),
                                         np.arange(prep.actual), close, time_limit=assumptions.time_limit)
    except ValueError as error:
        raise QueryError(str(error)) from None
    scale = 100 / found.total if found.total else 0.0
    phases = [PhaseOut(number=ph.number, open=len(ph.open), closed=[prep.sites.name[j] for j in ph.closed],
                       covered=round(ph.covered * scale, 4), best=round(ph.best * scale, 4)) for ph in found.phases]
    return DrawdownOut(mission=prep.mission, as_of=as_of, status=found.status, objective=found.objective,
                       bound=found.bound, gap=found.gap, seconds=round(found.seconds, 3),
                       start=round(found.start * scale, 4), phases=phases, assumptions=prep.assumptions,
                       notes=prep.notes + found.notes)

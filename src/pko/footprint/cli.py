"""`pko footprint`: where a mission's sites go, what they reach, how the real footprint compares, how to draw down."""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from pathlib import Path

import typer
from pydantic import ValidationError

from pko.db import get_engine, session_scope
from pko.errors import NotFound, QueryError
from pko.footprint import service
from pko.footprint.schemas import Assumptions, SiteIn
from pko.formats import OutputFormat, emit, refuse, working

app = typer.Typer(help="Mission footprint: demand, candidate sites, coverage plans, evaluation and drawdown.",
                  no_args_is_help=True)
REFUSED = (QueryError, NotFound, ValidationError, ValueError)


class Format(str, enum.Enum):
    """How a footprint command prints: a table, JSON, or GeoJSON features for a map."""

    table = "table"
    json = "json"
    geojson = "geojson"


MISSION = typer.Argument(..., help="Mission acronym, e.g. MINUSMA")
AS_OF = typer.Option(..., "--date", help="The date (YYYY-MM-DD); real sites are those of its year")
FORMAT = typer.Option(Format.table, "--format")
LIMIT = typer.Option(120.0, "--limit-minutes", help="Covered = reached within this many minutes")
SPEED = typer.Option(40.0, "--speed", help="Ground speed, km/h")
DETOUR = typer.Option(1.4, "--detour", help="Road over straight-line distance")
NETWORK = typer.Option(None, "--network", help="A stored road network to travel on (pko routes list)")
HELICOPTER = typer.Option(False, "--helicopter", help="Also reach cells by helicopter (200 km/h, 250 km, 30 min launch)")
RESOLUTION = typer.Option(7, "--resolution", help="H3 resolution of the demand cells")
PEOPLE = typer.Option(0.5, "--people", help="Share of demand weight given to people")
THREAT = typer.Option(0.5, "--threat", help="Share of demand weight given to the incident threat")
SOURCE = typer.Option("geopko-v2", "--source", help="Real sites from geopko-v2 or radpko")
SITE = typer.Option(None, "--site", help="Add a candidate site NAME:LAT:LON (repeatable)")
RASTER = typer.Option(None, "--population-raster", help="People from a WGS 84 GeoTIFF (e.g. WorldPop) instead of places")
TIME_LIMIT = typer.Option(60.0, "--time-limit", help="Solver seconds per model")


def _date(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        refuse(ValueError(f"--date {text!r} is not YYYY-MM-DD"))


def _assumptions(*values) -> Assumptions:
    try:
        return _stated(*values)
    except (ValidationError, ValueError) as error:
        refuse(error)


def _stated(limit, speed, detour, network, helicopter, resolution, people, threat, source, site, time_limit):
    sites = []
    for text in site or []:
        parts = text.rsplit(":", 2)
        if len(parts) != 3:
            raise ValueError(f"--site {text!r} is not NAME:LAT:LON")
        try:
            sites.append(SiteIn(name=parts[0], latitude=float(parts[1]), longitude=float(parts[2])))
        except ValueError as error:
            raise ValueError(f"--site {text!r}: {str(error).splitlines()[0]}") from None
    return Assumptions(limit_minutes=limit, speed_kmh=speed, detour=detour, network=network, helicopter=helicopter,
                       resolution=resolution, people=people, threat=threat, source=source, sites=sites,
                       time_limit=time_limit)


def _run(call, **kwargs):
    try:
        with working("solving"), session_scope(get_engine()) as session:
            return call(session, **kwargs)
    except REFUSED as error:
        refuse(error)


def _points(rows: list[dict], extra: dict | None = None) -> dict:
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                 "properties": {k: v for k, v in r.items() if k not in ("latitude", "longitude")}} for r in rows]
    return {"type": "FeatureCollection", "features": features, "properties": extra or {}}


def _print(rows: list[dict], fmt: Format, title: str, caption: list[str], whole: dict) -> None:
    if fmt is Format.json:
        print(json.dumps(whole, ensure_ascii=False, indent=2, default=str))
    elif fmt is Format.geojson:
        print(json.dumps(_points(rows, {k: v for k, v in whole.items() if not isinstance(v, list) or k == "assumptions"}),
                         ensure_ascii=False, indent=2, default=str))
    else:
        emit(rows, OutputFormat.table, title=title, caption="\n".join(caption))


def _plan_caption(plan) -> list[str]:
    return [f"{plan.model}: {plan.status}, objective {plan.objective}, bound {plan.bound}, gap {plan.gap}, "
            f"{plan.seconds:.2f} s; {plan.covered:.2f}% of demand covered, {plan.unreachable:.2f}% beyond every candidate",
            *[f"assumption: {a}" for a in plan.assumptions], *[f"note: {n}" for n in plan.notes]]


@app.command("demand")
def demand(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT, resolution: int = RESOLUTION,
           people: float = PEOPLE, threat: float = THREAT,
           top: int = typer.Option(20, "--top", help="Cells shown in a table (all in JSON/GeoJSON)"),
           raster: Path = RASTER) -> None:
    """Weighted demand cells of a mission's area, heaviest first, with each weight's source."""
    a = _assumptions(120, 40, 1.4, None, False, resolution, people, threat, "geopko-v2", [], 60)
    out = _run(service.demand, mission=mission, as_of=_date(as_of), assumptions=a, raster=raster)
    rows = [c.model_dump() for c in out.cells]
    _print(rows[:top] if fmt is Format.table else rows, fmt, f"{out.mission} demand on {out.as_of} ({len(rows)} cells)",
           [f"source: {s}" for s in out.sources] + [f"note: {n}" for n in out.notes], out.model_dump(mode="json"))


@app.command("sites")
def sites(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT, source: str = SOURCE,
          site: list[str] = SITE, everything: bool = typer.Option(False, "--candidates", help="List every candidate")) -> None:
    """The mission's real sites in the date's year (and, with --candidates, every candidate site)."""
    out = _run(service.sites, mission=mission, as_of=_date(as_of),
               assumptions=_assumptions(120, 40, 1.4, None, False, 7, 0.5, 0.5, source, site, 60))
    rows = [s.model_dump(exclude={"reaches", "only_it"}) for s in (out.candidates if everything else out.actual)]
    _print(rows, fmt, f"{out.mission} sites, {out.year}", [f"note: {n}" for n in out.notes], out.model_dump(mode="json"))


@app.command("plan")
def plan(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT,
         model: str = typer.Option("maximal-covering", "--model",
                                   help="maximal-covering, set-covering, backup, p-center or p-median"),
         p: int = typer.Option(None, "--p", help="Number of sites (default: as many as the real ones)"),
         share: float = typer.Option(0.9, "--share", help="Required covered share for set-covering"),
         limit: float = LIMIT, speed: float = SPEED, detour: float = DETOUR, network: str = NETWORK,
         helicopter: bool = HELICOPTER, resolution: int = RESOLUTION, people: float = PEOPLE, threat: float = THREAT,
         source: str = SOURCE, site: list[str] = SITE, time_limit: float = TIME_LIMIT, raster: Path = RASTER) -> None:
    """Choose sites with one model; every plan states status, objective, bound, gap, time and why each site."""
    a = _assumptions(limit, speed, detour, network, helicopter, resolution, people, threat, source, site, time_limit)
    out = _run(service.plan, mission=mission, as_of=_date(as_of), model=model, p=p, share=share, assumptions=a,
               raster=raster)
    _print([s.model_dump() for s in out.sites], fmt, f"{out.mission} {out.model} plan, p = {out.p}",
           _plan_caption(out), out.model_dump(mode="json"))


@app.command("evaluate")
def evaluate(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT, limit: float = LIMIT,
             speed: float = SPEED, detour: float = DETOUR, network: str = NETWORK, helicopter: bool = HELICOPTER,
             resolution: int = RESOLUTION, people: float = PEOPLE, threat: float = THREAT, source: str = SOURCE,
             time_limit: float = TIME_LIMIT, raster: Path = RASTER) -> None:
    """The real footprint on a date against the optimal one with as many sites, and what it leaves uncovered."""
    a = _assumptions(limit, speed, detour, network, helicopter, resolution, people, threat, source, [], time_limit)
    out = _run(service.evaluate, mission=mission, as_of=_date(as_of), assumptions=a, raster=raster)
    rows = [{"footprint": "real", **s.model_dump()} for s in out.actual.sites] + \
           [{"footprint": "optimal", **s.model_dump()} for s in out.optimum.sites]
    caption = [f"real: {out.actual.p} sites cover {out.actual.covered:.2f}% of demand within {limit:g} min",
               f"optimal with {out.optimum.p} sites: {out.optimum.covered:.2f}% ({out.optimum.status}, gap "
               f"{out.optimum.gap}, {out.optimum.seconds:.2f} s); difference {out.difference:.2f} points",
               *[f"uncovered: {h.kind} {h.cell} ({h.latitude:.3f}, {h.longitude:.3f}) weight {h.weight:.3f}"
                 for h in out.uncovered_hotspots],
               *[f"assumption: {x}" for x in out.assumptions], *[f"note: {n}" for n in out.actual.notes]]
    _print(rows, fmt, f"{out.mission} footprint on {out.as_of}", caption, out.model_dump(mode="json"))


@app.command("curve")
def curve(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT,
          most: int = typer.Option(20, "--most", help="Largest number of sites"), limit: float = LIMIT,
          speed: float = SPEED, detour: float = DETOUR, network: str = NETWORK, helicopter: bool = HELICOPTER,
          resolution: int = RESOLUTION, source: str = SOURCE, time_limit: float = TIME_LIMIT) -> None:
    """Coverage for p = 1..most sites: how much one more base buys."""
    a = _assumptions(limit, speed, detour, network, helicopter, resolution, 0.5, 0.5, source, [], time_limit)
    out = _run(service.curve, mission=mission, as_of=_date(as_of), most=most, assumptions=a)
    rows = [{**pt.model_dump(), "added": ", ".join(pt.added)} for pt in out.points]
    if fmt is Format.geojson:
        refuse(ValueError("the coverage curve has no places: use --format table or json"))
    _print(rows, fmt, f"{out.mission} coverage curve on {out.as_of}", [f"assumption: {x}" for x in out.assumptions],
           out.model_dump(mode="json"))


@app.command("drawdown")
def drawdown(mission: str = MISSION, as_of: str = AS_OF, fmt: Format = FORMAT,
             close: str = typer.Option(..., "--close", help="Sites closed per phase, e.g. 3,3,3"), limit: float = LIMIT,
             speed: float = SPEED, detour: float = DETOUR, network: str = NETWORK, resolution: int = RESOLUTION,
             source: str = SOURCE, time_limit: float = TIME_LIMIT) -> None:
    """The order in which to close the real sites, phase by phase, keeping the most coverage; never reopening."""
    try:
        phases = [int(x) for x in close.split(",")]
    except ValueError:
        refuse(ValueError(f"--close {close!r} is not a comma-separated list of whole numbers"))
    a = _assumptions(limit, speed, detour, network, False, resolution, 0.5, 0.5, source, [], time_limit)
    out = _run(service.drawdown, mission=mission, as_of=_date(as_of), close=phases, assumptions=a)
    if fmt is Format.geojson:
        refuse(ValueError("a drawdown is a sequence: use --format table or json"))
    rows = [{**ph.model_dump(), "closed": ", ".join(ph.closed)} for ph in out.phases]
    _print(rows, fmt, f"{out.mission} drawdown from {out.as_of}",
           [f"drawdown: {out.status}, objective {out.objective}, bound {out.bound}, gap {out.gap}, {out.seconds:.2f} s; "
            f"today {out.start:.2f}% covered", *[f"assumption: {x}" for x in out.assumptions],
            *[f"note: {n}" for n in out.notes]], out.model_dump(mode="json"))

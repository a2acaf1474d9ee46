"""`pko forcegen`: pledges and requirements on the record, labelled scenarios calibrated on it, plans with their reasons."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from sqlalchemy.exc import SQLAlchemyError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pydantic import ValidationError

from pko.errors import Conflict, NotFound, QueryError
from pko import freshness
from pko.forcegen import scenario, service, solvers
from pko.forcegen.schemas import PledgeIn, RequirementIn
from pko.formats import OutputFormat, emit, refuse, working
from pko.locations.coverage.service import unit_types_coverage

app = typer.Typer(help="Force generation: pledges by readiness level, requirements, and the optimiser that fills them.",
                  no_args_is_help=True)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command("scenario")
def make_scenario(
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same scenario"),
    units: int = typer.Option(..., "--units", min=0, help="Pledged units to generate"),
    slots: int = typer.Option(..., "--slots", min=0, help="Requirement slots to generate"),
    out: Path = typer.Option(..., "--out", help="JSON file to write"),
    request_date: str = typer.Option("2026-01-01", "--request-date", help="Date of the request YYYY-MM-DD"),
) -> None:
    """Write a generated scenario (synthetic, labelled as such) calibrated on the imported record."""
    day = _day(request_date, "--request-date")
    try:
        with session_scope(get_engine()) as session:
            calibration = service.calibration(session)
    except SQLAlchemyError as error:  # no database yet: the built-in defaults, and the scenario says so
        typer.echo(f"note: record not readable ({type(error).__name__}); using built-in defaults", err=True)
        calibration = scenario.DEFAULT
    document = scenario.generate(calibration, seed, units, slots, day)
    out.write_text(json.dumps(document, indent=1))
    typer.echo(f"{scenario.LABEL}\n{units} units, {slots} slots, seed {seed} -> {out}\ncalibration: {calibration.source}")


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date of the form YYYY-MM-DD", param_hint=option)


@app.command("seed-requirements")
def seed_requirements(
    mission: str = typer.Option(..., "--mission", help="Mission acronym"),
    need_by: str = typer.Option(..., "--need-by", help="Need-by date YYYY-MM-DD"),
    priority: int = typer.Option(3, "--priority", min=1, max=5),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Store requirements derived from a mission's real composition (Geo-PKO unit types per site)."""
    day = _day(need_by, "--need-by")
    try:
        with session_scope(get_engine()) as session:
            made = service.seed_requirements(session, mission, day, SHELL_ACTOR, priority)
            aged = freshness.judge(unit_types_coverage(session, mission=made[0].mission), day) if made else None
            rows = [{"id": r.id, "mission": r.mission, "unit_type": r.unit_type, "count": r.count, "location": r.location,
                     "latitude": r.latitude, "longitude": r.longitude, "need_by": r.need_by} for r in made]
    except QueryError as error:
        _fail(str(error))
    if aged is not None and aged.stale:
        typer.echo(f"warning: {aged.note}; the requirements follow the mission's composition in its last year mapped", err=True)
    emit(rows, fmt, title=f"Requirements seeded for {rows[0]['mission'] if rows else mission}",
         caption="derived from Geo-PKO v2.3 unit types per site, for planning")


REFUSED = (ValidationError, QueryError, Conflict, NotFound)


def _store(write, said) -> None:
    """One audited write in its own transaction, then what it stored; a refusal says why and stores nothing."""
    try:
        with session_scope(get_engine()) as session:
            typer.echo(said(write(session)))
    except REFUSED as error:
        refuse(error)


def _pledge_row(p) -> dict:
    return {"id": p.id, "state": p.state_iso3, "unit_type": p.unit_type, "strength": p.strength, "women_share": p.women_share,
            "readiness": p.readiness, "levels": ", ".join(f"{lv.level} {lv.reached_on}" for lv in p.levels),
            "mobility": p.mobility, "languages": ", ".join(p.languages), "caveats": ", ".join(p.caveats),
            "available_from": p.available_from, "available_until": p.available_until}


@app.command("pledges")
def pledges(
    state: str = typer.Option(None, "--state", help="ISO3 of the pledging state"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Pledged units with the date each PCRS level was reached, by id."""
    with session_scope(get_engine()) as session:
        _, found = service.list_pledges(session, state.upper() if state else None, limit=100_000)
        rows = [_pledge_row(p) for p in found]
    emit(rows, fmt, title="Pledges")


def _levels(values: list[str]) -> dict[str, str]:
    """LEVEL=YYYY-MM-DD pairs."""
    found = {}
    for value in values:
        level, _, day = value.partition("=")
        if not day:
            raise typer.BadParameter(f"'{value}' is not LEVEL=YYYY-MM-DD", param_hint="--level")
        found[level.strip().upper()] = day.strip()
    return found


@app.command("pledge")
def pledge(
    state: str = typer.Argument(..., help="ISO3 of the pledging state"),
    unit_type: str = typer.Argument(..., help="Unit type, e.g. infantry-battalion"),
    strength: int = typer.Option(..., "--strength", help="Personnel"),
    women_share: float = typer.Option(..., "--women-share", help="Share of women, 0 to 1"),
    level: list[str] = typer.Option(..., "--level", help="LEVEL=YYYY-MM-DD for each PCRS level reached (L1 at least)"),
    mobility: str = typer.Option("motorized", "--mobility", help="foot, motorized, mechanized or air-mobile"),
    language: list[str] = typer.Option([], "--language", help="A working language (repeat)"),
    caveat: list[str] = typer.Option([], "--caveat", help="A mission, region or task the unit will not take (repeat)"),
    equipment: list[str] = typer.Option([], "--equipment", help="Major equipment (repeat)"),
    self_sustained: bool = typer.Option(False, "--self-sustained"),
    available_from: str = typer.Option(None, "--from", help="Available from YYYY-MM-DD"),
    available_until: str = typer.Option(None, "--until", help="Available until YYYY-MM-DD"),
) -> None:
    """Record a pledged unit with the PCRS levels it reached (audited)."""
    levels = _levels(level)
    _store(lambda session: service.create_pledge(session, PledgeIn(
        state_iso3=state.upper(), unit_type=unit_type, strength=strength, women_share=women_share, levels=levels,
        mobility=mobility, languages=language, caveats=caveat, equipment=equipment, self_sustained=self_sustained,
        available_from=available_from, available_until=available_until), SHELL_ACTOR),
        lambda made: f"pledge {made.id}: {made.unit_type} of {made.state_iso3} at {made.readiness}")


@app.command("promote")
def promote(
    pledge_id: int = typer.Argument(..., min=1, max=2**31 - 1),
    level: str = typer.Argument(..., help="The next PCRS level: L2, L3 or RDL"),
    reached_on: str = typer.Option(..., "--on", help="Date the level was reached, YYYY-MM-DD"),
) -> None:
    """Record that a pledge reached its next PCRS level (in order, never before the previous one)."""
    day = _day(reached_on, "--on")
    _store(lambda session: service.promote(session, pledge_id, level.upper(), day, SHELL_ACTOR),
           lambda made: f"pledge {made.id} is at {made.readiness} since {day}")


@app.command("require")
def require(
    mission: str = typer.Argument(..., help="Mission acronym"),
    unit_type: str = typer.Argument(..., help="Unit type, e.g. level-2-hospital"),
    count: int = typer.Option(1, "--count"),
    location: str = typer.Option(..., "--location", help="Where the units are needed"),
    at: str = typer.Option(None, "--at", help="LAT,LON of the location"),
    need_by: str = typer.Option(..., "--need-by", help="YYYY-MM-DD"),
    min_readiness: str = typer.Option("L1", "--min-readiness", help="L1, L2, L3 or RDL"),
    language: str = typer.Option(None, "--language"),
    mobility: str = typer.Option(None, "--mobility"),
    priority: int = typer.Option(1, "--priority", help="1 (lowest) to 5"),
    urgent: bool = typer.Option(False, "--urgent"),
    mandatory: bool = typer.Option(False, "--mandatory"),
) -> None:
    """State a mission's unit requirement (audited)."""
    latitude = longitude = None
    if at:
        try:
            latitude, longitude = (float(v) for v in at.split(","))
        except ValueError:
            raise typer.BadParameter(f"'{at}' is not LAT,LON", param_hint="--at")
    _store(lambda session: service.create_requirement(session, RequirementIn(
        mission=mission, unit_type=unit_type, count=count, location=location, latitude=latitude, longitude=longitude,
        need_by=need_by, min_readiness=min_readiness.upper(), language=language, mobility=mobility, priority=priority,
        urgent=urgent, mandatory=mandatory), SHELL_ACTOR),
        lambda made: f"requirement {made.id}: {made.count} x {made.unit_type} for {made.mission} at {made.location} by {made.need_by}")


@app.command("requirements")
def requirements(
    mission: str = typer.Option(None, "--mission", help="Mission acronym"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Stored unit requirements, by need-by date."""
    with session_scope(get_engine()) as session:
        _, found = service.list_requirements(session, mission, limit=10_000)
        rows = [{"id": r.id, "mission": r.mission, "unit_type": r.unit_type, "count": r.count, "location": r.location,
                 "need_by": r.need_by, "min_readiness": r.min_readiness, "priority": r.priority} for r in found]
    emit(rows, fmt, title="Unit requirements")


SCENARIO = typer.Option(None, "--scenario", exists=True, dir_okay=False,
                        help="Scenario JSON file (without it: the stored pledges and requirements)")
REQUEST_DATE = typer.Option(None, "--request-date", help="For the stored record: date of the request (default today)")
MAX_STATE_SHARE = typer.Option(0.4, "--max-state-share", min=0.01, max=1.0,
                               help="For the stored record: at most this share of a mission's slots from one state")


def _scenario(scenario_file: Path | None, request_date: str | None, max_state_share: float) -> tuple[dict, dict | None]:
    """The scenario file's document, or the stored record's with the policy changes the options ask for."""
    if scenario_file is not None:
        try:
            return json.loads(scenario_file.read_text()), None
        except json.JSONDecodeError as error:
            _fail(f"{scenario_file}: {error}")
    day = _day(request_date, "--request-date") if request_date else date.today()
    with session_scope(get_engine()) as session:
        return service.stored_scenario(session, day), {"max_state_share": max_state_share}


@app.command("timeline")
def timeline(
    scenario_file: Path = SCENARIO,
    request_date: str = REQUEST_DATE,
    max_state_share: float = MAX_STATE_SHARE,
    runs: int = typer.Option(10_000, "--runs", min=1, max=1_000_000, help="Monte Carlo runs"),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same answer"),
    share: float = typer.Option(0.8, "--share", min=0.01, max=1.0, help="Share of a mission's slots to be met"),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Processes"),
    cluster: str = typer.Option(None, "--cluster", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'"),
    what: str = typer.Option("missions", "--show", help="missions or rdl-units"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Plan a scenario (or the stored record) and simulate arrivals: when each mission has --share of its slots met with 90% confidence."""
    if what not in ("missions", "rdl-units"):
        raise typer.BadParameter("missions or rdl-units", param_hint="--show")
    document, changes = _scenario(scenario_file, request_date, max_state_share)
    try:
        with working(f"Planning {len(document.get('units', []))} units, then {runs:,} Monte Carlo runs…"):
            result = service.timeline(document, runs, seed, share, workers, cluster=cluster, policy_changes=changes)
    except QueryError as error:
        _fail(f"{scenario_file or 'stored record'}: {error}")
    rows = result["missions"] if what == "missions" else result["rdl_units"]
    caption = f"{runs} runs, seed {seed}{f' on {cluster}' if cluster else ''}; plan {result['status']}" + (f"; {result['label']}" if result["label"] else "")
    emit(rows, fmt, title=f"Deployment timeline ({share:.0%} of slots met, 90% confidence)", caption=caption)


@app.command("plan")
def plan(
    scenario_file: Path = SCENARIO,
    request_date: str = REQUEST_DATE,
    max_state_share: float = MAX_STATE_SHARE,
    time_limit: float = typer.Option(10.0, "--time-limit", min=0.1, help="Seconds the solver may take"),
    without_unit: str = typer.Option(None, "--without-unit", help="What-if: plan again without this unit"),
    relax: str = typer.Option(None, "--relax", help="What-if: plan again with state_share, women_share or urgent_rdl off"),
    extra_pledge: str = typer.Option(None, "--extra-pledge",
                                     help="What-if: plan again with this hypothetical unit added, a JSON object written as a "
                                          "scenario's units (id, state, unit_type, readiness, strength, women_share, mobility, ...)"),
    solver: str = typer.Option("auto", "--solver", help="auto (CP-SAT on small models, HiGHS on large), cpsat or highs"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Assign pledged units to requirement slots; say how good the plan is, why each unit, and why each gap."""
    if solver not in solvers.SOLVERS:
        raise typer.BadParameter(f"one of {', '.join(solvers.SOLVERS)}", param_hint="--solver")
    extra = None
    if extra_pledge is not None:
        try:
            extra = json.loads(extra_pledge)
        except json.JSONDecodeError as error:
            raise typer.BadParameter(f"not JSON: {error}", param_hint="--extra-pledge")
        if not isinstance(extra, dict):
            raise typer.BadParameter("a JSON object", param_hint="--extra-pledge")
        extra.setdefault("id", "EXTRA")
    document, changes = _scenario(scenario_file, request_date, max_state_share)
    try:
        with working(f"Planning {len(document.get('units', []))} units for {len(document.get('slots', []))} slots "
                     f"(at most {time_limit:g} s)…"):
            result = service.plan(document, time_limit, changes, without_unit=without_unit, relax=relax, extra_unit=extra,
                                  solver=solver)
    except QueryError as error:
        _fail(str(error))
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(result, indent=1, default=str))
        return
    rows = [{"slot": a["slot_id"], "mission": a["mission"], "unit": a["unit_id"], "state": a["state"], "type": a["unit_type"],
             "score": a["score"], "late days": a["late_days"],
             "next best": ", ".join(f"{alt['unit_id']} ({alt['score']})" for alt in a["alternatives"])} for a in result["assignments"]]
    rows += [{"slot": g["slot_id"], "mission": g["mission"], "unit": "-", "state": "-", "type": g["unit_type"], "score": 0,
              "late days": None, "next best": f"{g['reason']}: {g['detail']}"} for g in result["unfilled"]]
    bound = "no bound yet" if result["best_bound"] is None else f"best bound {result['best_bound']:.0f}, gap {result['gap']:.4%}"
    summary = (f"status {result['status']} ({result['solver']}), objective {result['objective']}, {bound}, "
               f"{result['seconds']} s, {result['pairs']} eligible pairs")
    if fmt is OutputFormat.csv:
        emit(rows, fmt)
        return
    if result.get("label"):
        typer.echo(result["label"])
    typer.echo(summary)
    if result["conflict"]:
        typer.echo("infeasible: these constraints cannot all hold: " + "; ".join(result["conflict"]))
    if result["difference"]:
        d = result["difference"]
        typer.echo(f"what-if: objective {d['objective_before']} -> {d['objective_after']} ({d['objective_change']:+d}), "
                   f"filled {d['filled_before']} -> {d['filled_after']}, {len(d['changed'])} slots changed")
        if "extra_unit" in d:
            typer.echo(f"extra pledge {d['extra_unit']['unit_id']}: "
                       + (f"fills {d['extra_unit']['slot_id']}" if d["extra_unit"]["slot_id"] else "not used"))
    emit(rows, fmt, title="Plan")

"""`pko forcegen`: generate a labelled scenario calibrated on the record, and plan one with its reasons."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from sqlalchemy.exc import SQLAlchemyError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import QueryError
from pko.forcegen import scenario, service, solvers
from pko.formats import OutputFormat, emit

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
            rows = [{"id": r.id, "mission": r.mission, "unit_type": r.unit_type, "count": r.count, "location": r.location,
                     "latitude": r.latitude, "longitude": r.longitude, "need_by": r.need_by} for r in made]
    except QueryError as error:
        _fail(str(error))
    emit(rows, fmt, title=f"Requirements seeded for {rows[0]['mission'] if rows else mission}",
         caption="derived from Geo-PKO v2.3 unit types per site, for planning")


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


@app.command("timeline")
def timeline(
    scenario_file: Path = typer.Option(..., "--scenario", exists=True, dir_okay=False, help="Scenario JSON file"),
    runs: int = typer.Option(10_000, "--runs", min=1, max=1_000_000, help="Monte Carlo runs"),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same answer"),
    share: float = typer.Option(0.8, "--share", min=0.01, max=1.0, help="Share of a mission's slots to be met"),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Processes"),
    cluster: str = typer.Option(None, "--cluster", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'"),
    what: str = typer.Option("missions", "--show", help="missions or rdl-units"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Plan a scenario and simulate arrivals: when each mission has --share of its slots met with 90% confidence."""
    if what not in ("missions", "rdl-units"):
        raise typer.BadParameter("missions or rdl-units", param_hint="--show")
    try:
        result = service.timeline(json.loads(scenario_file.read_text()), runs, seed, share, workers, cluster=cluster)
    except (json.JSONDecodeError, QueryError) as error:
        _fail(f"{scenario_file}: {error}")
    rows = result["missions"] if what == "missions" else result["rdl_units"]
    caption = f"{runs} runs, seed {seed}{f' on {cluster}' if cluster else ''}; plan {result['status']}" + (f"; {result['label']}" if result["label"] else "")
    emit(rows, fmt, title=f"Deployment timeline ({share:.0%} of slots met, 90% confidence)", caption=caption)


@app.command("plan")
def plan(
    scenario_file: Path = typer.Option(..., "--scenario", exists=True, dir_okay=False, help="Scenario JSON file"),
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
    try:
        document = json.loads(scenario_file.read_text())
    except json.JSONDecodeError as error:
        _fail(f"{scenario_file}: {error}")
    try:
        result = service.plan(document, time_limit, without_unit=without_unit, relax=relax, extra_unit=extra, solver=solver)
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
    summary = (f"status {result['status']} ({result['solver']}), objective {result['objective']}, best bound {result['best_bound']:.0f}, "
               f"gap {result['gap']:.4%}, {result['seconds']} s, {result['pairs']} eligible pairs")
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

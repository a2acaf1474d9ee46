"""`pko contributions`: totals, top contributors and a contributor's series, each naming its source."""

from __future__ import annotations

import json
from datetime import date

import typer

from pko import freshness
from pko.contributions.coverage import service as coverage
from pko.contributions import service
from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit

app = typer.Typer(help="Deployed uniformed personnel: who contributed how many, where and when.", no_args_is_help=True)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date of the form YYYY-MM-DD")


def _answered_by(session, rows: list[dict]) -> str:
    keys = list(dict.fromkeys(row["source"] for row in rows))
    described = "; ".join(f"{key} ({service.GRANULARITY[key]})" for key in keys)
    return f"answered by {described}" + "".join(f"\n  {line}" for line in service.sources_of(session, *keys))


@app.command("total")
def total(
    day: str = typer.Option(..., "--date", help="YYYY-MM-DD; month-end counts refer to the month of this date"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """World total of uniformed personnel at a date, from every source that has it; the year-end total beside it."""
    when = _date(day)
    with session_scope(get_engine()) as session:
        rows = service.total(session, when)
        caption = _answered_by(session, rows) if rows else None
        aged = freshness.judge(coverage.coverage(session), when)
    if caption:  # the notes in full: a gap between sources and its explanation do not fit a table cell
        caption += "".join(f"\n{row['source']}: {row['note']}" for row in rows if row["note"] and len(row["note"]) > 60)
    if not rows:
        typer.echo(f"no source has a figure for {when.isoformat()}" + (f": {aged.note}" if aged.stale else ""), err=True)
        raise typer.Exit(1)
    emit(rows, fmt, title=f"Uniformed personnel deployed, {service.month_end(when).isoformat()}", caption=caption)


@app.command("top")
def top(
    day: str = typer.Option(..., "--date", help="YYYY-MM-DD"),
    limit: int = typer.Option(10, "--limit", min=1, help="How many contributors"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """The largest contributors at a date, from the most detailed source that covers it."""
    when = _date(day)
    with session_scope(get_engine()) as session:
        rows = service.top(session, when, limit)
        caption = _answered_by(session, rows) if rows else None
        aged = freshness.judge(coverage.coverage(session), when)
    if not rows:
        typer.echo(f"no source has contributors for {when.isoformat()}" + (f": {aged.note}" if aged.stale else ""), err=True)
        raise typer.Exit(1)
    emit(rows, fmt, title=f"Top contributors, {when.isoformat()}", caption=caption)


@app.command("series")
def series(
    country: str = typer.Option(..., "--country", help="ISO3 code of the contributor"),
    mission: str = typer.Option(None, "--mission", help="Only this mission (acronym)"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """A contributor's personnel over time: month-end counts, then yearly averages where no monthly source reaches."""
    with session_scope(get_engine()) as session:
        try:
            rows = service.series(session, country, mission)
        except service.QueryError as error:
            raise typer.BadParameter(str(error), param_hint="--mission")
        caption = _answered_by(session, rows) if rows else None
    if not rows:
        typer.echo(f"no figures for {country.upper()}" + (f" in {mission}" if mission else ""), err=True)
        raise typer.Exit(1)
    title = f"Personnel of {country.upper()}" + (f" in {mission}" if mission else "")
    emit(rows, fmt, title=title, caption=caption)


def _month(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return service.month_end(date.fromisoformat(value if len(value) > 7 else f"{value}-01"))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a month YYYY-MM", param_hint=option)


@app.command("crosscheck")
def crosscheck(
    month_from: str = typer.Option(None, "--from", help="First month YYYY-MM"),
    month_to: str = typer.Option(None, "--to", help="Last month YYYY-MM"),
    country: str = typer.Option(None, "--country", help="ISO3 code of the contributor"),
    mission: str = typer.Option(None, "--mission", help="Mission acronym"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """For the months both the IPI file and the UN Data Hub file hold: each contributor x mission whose counts differ."""
    with session_scope(get_engine()) as session:
        try:
            found = service.crosscheck(session, month_from=_month(month_from, "--from"), month_to=_month(month_to, "--to"),
                                       country=country, mission=mission)
        except service.QueryError as error:
            raise typer.BadParameter(str(error), param_hint="--mission")
        caption = _answered_by(session, [{"source": "ipi-gender"}, {"source": "psdh-contributions"}])
    if not found["months"]:
        typer.echo("no month is held by both the IPI file and the UN Data Hub file: nothing to compare", err=True)
        raise typer.Exit(1)
    months = found["months"]
    summary = (f"{len(months)} month(s) held by both ({months[0]} to {months[-1]}), {found['pairs']:,} contributor x mission "
               f"pairs compared, {len(found['differing']):,} differ")
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(found, indent=2))
        return
    if not found["differing"] and fmt is OutputFormat.table:
        typer.echo(f"IPI against the UN Data Hub: {summary}; they agree everywhere")
        return
    emit(found["differing"], fmt, title=f"IPI against the UN Data Hub: {summary}", caption=caption)

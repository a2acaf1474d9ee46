"""`pko fatalities`: summaries of one release, the releases stored, and what changed between two releases."""

from __future__ import annotations

from datetime import date

import typer

from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit
from pko.safety import service

app = typer.Typer(help="Fatalities of mission personnel (UN Mission Fatalities data set, one release at a time).",
                  no_args_is_help=True)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date of the form YYYY-MM-DD", param_hint=option)


def _fail(error: service.QueryError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


@app.command("summary")
def summary(
    by: str = typer.Option(..., "--by", help=f"One of {', '.join(service.SUMMARY_BY)}"),
    incident_type: str = typer.Option(None, "--incident-type", help="Illness, Accident, Malicious Act, Self-Inflicted, To Be Determined or Unknown"),
    personnel: str = typer.Option("all", "--personnel", help="uniformed (Military + Police + Military Observer), all, or one personnel type"),
    mission: str = typer.Option(None, "--mission", help="Mission acronym"),
    year_from: int = typer.Option(None, "--from", help="First year of incident"),
    year_to: int = typer.Option(None, "--to", help="Last year of incident"),
    release: str = typer.Option(None, "--release", help="Release date YYYY-MM-DD (default: the newest)"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Fatalities by year, mission, nationality, personnel type or type of incident, in one release."""
    where = service.Filters(incident_type, personnel, mission, year_from, year_to, _date(release, "--release"))
    with session_scope(get_engine()) as session:
        try:
            rows = service.summary(session, by, where)
            day = service.resolve_release(session, where.release)
        except service.QueryError as error:
            _fail(error)
        sources = service.sources_of(session, day)
    picked = [f"{label} {value}" for label, value in (("incident type", incident_type), ("personnel", personnel),
                                                      ("mission", mission), ("from", year_from), ("to", year_to)) if value]
    emit(rows, fmt, f"Fatalities by {by}, release {day.isoformat()}", "\n".join(line for line in ["; ".join(picked), *sources] if line))


@app.command("releases")
def releases(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """The releases stored, oldest first, with the rule that dated each."""
    with session_scope(get_engine()) as session:
        rows = service.list_releases(session)
    if not rows:
        typer.echo("no fatalities release imported: run `pko import fatalities FILE`", err=True)
        raise typer.Exit(1)
    emit(rows, fmt, title="Fatalities releases")


@app.command("diff")
def diff(
    release_from: str = typer.Option(None, "--from", help="Older release YYYY-MM-DD (default: the one before --to)"),
    release_to: str = typer.Option(None, "--to", help="Newer release YYYY-MM-DD (default: the newest)"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Records added, removed and reclassified between two releases; a reclassified record names its changed fields."""
    with session_scope(get_engine()) as session:
        try:
            found = service.diff(session, _date(release_from, "--from"), _date(release_to, "--to"))
        except service.QueryError as error:
            _fail(error)
        sources = service.sources_of(session, found["from"], found["to"])
    rows = [
        {
            "casualty_id": change.casualty_id, "change": change.change, "incident_date": change.incident_date,
            "mission": change.mission, "fields": ", ".join(change.fields),
            "before": "; ".join(f"{name}={old}" for name, (old, _) in change.fields.items()) or None,
            "after": "; ".join(f"{name}={new}" for name, (_, new) in change.fields.items()) or None,
        }
        for change in found["changes"]
    ]
    counted = f"{found['added']} added, {found['removed']} removed, {found['reclassified']} reclassified"
    lines = [f"{found['records_from']:,} records in {found['from']}, {found['records_to']:,} in {found['to']}: {counted}"]
    if found["not_compared"]:
        lines.append(f"not compared (absent from one release): {', '.join(found['not_compared'])}")
    emit(rows, fmt, f"Fatalities: {found['from']} -> {found['to']}", "\n".join(line for line in lines + sources if line))

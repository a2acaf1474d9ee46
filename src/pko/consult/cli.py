"""`pko consult`: schedule triangular consultations, list meetings, build a mission's briefing pack."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.config import get_settings
from pko.consult import briefing, scheduling, service
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse
from pko.web import pack_document

app = typer.Typer(help="Consultations: triangular consultations scheduled from mandates, meetings, briefing packs.",
                  no_args_is_help=True)
REFUSED = (ValidationError, Conflict, NotFound, QueryError, StaleVersion)


def _date(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date of the form YYYY-MM-DD", param_hint=option)


@app.command("schedule")
def schedule(
    mission: Optional[str] = typer.Argument(None, help="Mission acronym (or --all)"),
    every: bool = typer.Option(False, "--all", help="Every mission with a mandate in force"),
    lead_weeks: Optional[int] = typer.Option(None, "--lead-weeks", min=0, max=52,
                                             help="Weeks before the mandate expires (default: PKO_CONSULTATION_LEAD_WEEKS)"),
    allow_stale: bool = typer.Option(False, "--allow-stale",
                                     help="Schedule even more than 12 months past the contributions on record"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Create each mission's triangular consultation before its mandate expires (re-running creates nothing twice)."""
    if bool(mission) == every:
        raise typer.BadParameter("name one MISSION or give --all", param_hint="MISSION")
    try:
        with session_scope(get_engine()) as session:
            rows = scheduling.schedule_consultations(session, mission=mission, every=every, lead_weeks=lead_weeks,
                                                     actor=SHELL_ACTOR, allow_stale=allow_stale)
    except REFUSED as error:
        refuse(error)
    for row in rows:
        if row.stale:
            typer.echo(f"warning: {row.mission}: {row.note}", err=True)
    weeks = get_settings().consultation_lead_weeks if lead_weeks is None else lead_weeks
    emit([row.model_dump() for row in rows], fmt, title=f"Triangular consultations, {weeks} weeks before expiry")


@app.command("list")
def list_meetings(
    mission: Optional[str] = typer.Option(None, "--mission", help="Mission acronym"),
    date_from: Optional[str] = typer.Option(None, "--from", help="YYYY-MM-DD"),
    date_to: Optional[str] = typer.Option(None, "--to", help="YYYY-MM-DD"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Meetings by date, with how many parties were invited and attended, and their decisions."""
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    try:
        with session_scope(get_engine()) as session:
            meetings = service.list_meetings(session, mission=mission, date_from=start, date_to=end)
    except REFUSED as error:
        refuse(error)
    rows = [{"id": m.id, "held_on": m.held_on, "kind": m.kind, "mission": m.mission, "theme": m.theme, "title": m.title,
             "status": m.status, "invited": len(m.participants),
             "attended": sum(p.status == "attended" for p in m.participants), "decisions": len(m.decisions),
             "version": m.version} for m in meetings]
    emit(rows, fmt, title="Consultations")


class PackFormat(str, Enum):
    """Formats of a briefing pack."""

    html = "html"
    pdf = "pdf"
    json = "json"


@app.command("pack")
def pack(
    mission: str = typer.Argument(..., help="Mission acronym"),
    on: Optional[str] = typer.Option(None, "--date", help="Figures as of this day, YYYY-MM-DD (default: today)"),
    fmt: PackFormat = typer.Option(PackFormat.json, "--format"),
    output: Optional[Path] = typer.Option(None, "--output", dir_okay=False, help="Write to this file (PDF needs one)"),
) -> None:
    """A mission's briefing pack: mandate and ceilings, strength, contributors, force gaps, fatalities, payments; each figure with its source."""
    day = _date(on, "--date") or date.today()
    if fmt is PackFormat.pdf and output is None:
        raise typer.BadParameter("a PDF goes to a file: give --output FILE", param_hint="--output")
    try:
        with session_scope(get_engine()) as session:
            built = briefing.build(session, mission=mission, on=day)
    except REFUSED as error:
        refuse(error)
    for section in built.sections:
        if section.warning:
            typer.echo(f"warning: {section.title}: {section.warning}", err=True)
    if fmt is PackFormat.pdf:
        output.write_bytes(pack_document.pdf(built))
    else:
        text = pack_document.html(built) if fmt is PackFormat.html else json.dumps(built.as_dict(), default=str, indent=2)
        if output is None:
            typer.echo(text)
            return
        output.write_text(text, encoding="utf-8")
    typer.echo(f"briefing pack of {built.mission} as of {day.isoformat()} written to {output}", err=True)

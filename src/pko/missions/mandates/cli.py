"""`pko mandates`: record and follow mandates from the command line."""

from __future__ import annotations

import json
from datetime import date
from typing import Optional

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse
from pko.missions.mandates import service
from pko.missions.mandates.schemas import MandateCreate, MandateFields, MandateStepIn

app = typer.Typer(help="Mandates: resolution, dates, ceilings, tasks and lifecycle steps.", no_args_is_help=True)
REFUSED = (ValidationError, Conflict, NotFound, QueryError, StaleVersion)


def _row(mandate) -> dict:
    return {key: (", ".join(value) if isinstance(value, list) else value)
            for key, value in mandate.model_dump(exclude={"steps"}).items()}


@app.command("list")
def list_mandates(mission: str = typer.Option(None, help="Mission acronym"),
                  fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Mandates by mission."""
    try:
        with session_scope(get_engine()) as session:
            rows = [_row(mandate) for mandate in service.list_mandates(session, mission=mission)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title="Mandates")


@app.command("create")
def create(
    mission: str, resolution: str,
    adopted_on: Optional[str] = typer.Option(None, "--adopted", help="YYYY-MM-DD"),
    expires_on: Optional[str] = typer.Option(None, "--expires", help="YYYY-MM-DD"),
    military: Optional[int] = typer.Option(None, "--military-ceiling"),
    police: Optional[int] = typer.Option(None, "--police-ceiling"),
    task: list[str] = typer.Option(None, "--task", help="A mandated task (repeat)"),
) -> None:
    """Record a mandate in draft."""
    try:
        data = MandateCreate(mission=mission, resolution=resolution, adopted_on=adopted_on, expires_on=expires_on,
                             military_ceiling=military, police_ceiling=police, tasks=task or [])
        with session_scope(get_engine()) as session:
            mandate = service.create_mandate(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"mandate {mandate.id} ({mandate.mission}, {mandate.resolution}) recorded in draft, version {mandate.version}")


@app.command("step")
def step(
    mandate_id: int, step_name: str = typer.Argument(..., metavar="STEP", help="adopted, renewed, amended or closed"),
    taken_on: str = typer.Option(date.today().isoformat(), "--on", help="YYYY-MM-DD"),
    version: int = typer.Option(..., "--version", help="The version you last saw (pko mandates list)"),
    resolution: Optional[str] = typer.Option(None, "--resolution"),
    expires_on: Optional[str] = typer.Option(None, "--expires", help="New expiry, YYYY-MM-DD"),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Take a lifecycle step against the version you saw."""
    try:
        changes = MandateFields(expires_on=expires_on) if expires_on else None
        data = MandateStepIn(step=step_name, taken_on=taken_on, resolution=resolution, note=note, changes=changes)
        with session_scope(get_engine()) as session:
            mandate = service.take_step(session, mandate_id=mandate_id, expected_version=version, step=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(json.dumps({"id": mandate.id, "status": mandate.status, "version": mandate.version}))

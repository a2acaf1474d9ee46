"""`pko actions`: each organization's action items, notices to their owners, AU-UN joint work."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer
from pydantic import ValidationError

from pko.actions import notify as notices
from pko.actions import service
from pko.actions.joint_cli import requests_app, reviews_app
from pko.actions.lifecycle import parse_link
from pko.actions.schemas import ActionCreate, ActionFields
from pko.auth.service import SHELL_ACTOR
from pko.config import get_settings
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse

app = typer.Typer(help="Action items of each organization, notices to their owners, AU-UN joint work.",
                  no_args_is_help=True)
app.add_typer(requests_app, name="requests")
app.add_typer(reviews_app, name="reviews")
REFUSED = (ValidationError, ValueError, Conflict, NotFound, QueryError, StaleVersion)


def _row(item) -> dict:
    return {"id": item.id, "owner": item.owner, "title": item.title, "due_on": item.due_on.isoformat(),
            "status": item.status, "overdue": "OVERDUE" if item.overdue else "",
            "links": ", ".join(f"{link.record_type}:{link.record_id}" for link in item.links),
            "decision_id": item.decision_id, "version": item.version}


@app.command("list")
def list_actions(
    org: Optional[str] = typer.Option(None, "--org", help="Owner organization code, e.g. AU-COMMISSION"),
    overdue: bool = typer.Option(False, "--overdue", help="Only items past due and still open or in progress"),
    status: Optional[str] = typer.Option(None, help="open, in progress, done or dropped"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """An organization's action items (every organization's without --org), overdue ones flagged."""
    try:
        with session_scope(get_engine()) as session:
            if org:
                service.organization(session, org)
            rows = [_row(item) for item in service.list_actions(session, owner=org, overdue_only=overdue, status=status)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title=f"Action items{f' of {org}' if org else ''}{' (overdue)' if overdue else ''}")


@app.command("add")
def add(
    title: str, org: str = typer.Option(..., "--org", help="Owner organization code"),
    due: str = typer.Option(..., "--due", help="YYYY-MM-DD"),
    link: list[str] = typer.Option(None, "--link", help="A record it concerns, TYPE:ID, e.g. pledge:12 (repeat)"),
    decision: Optional[int] = typer.Option(None, "--decision", help="The decision it follows from"),
    description: Optional[str] = typer.Option(None, "--description"),
) -> None:
    """Record an action item; its owner is told."""
    try:
        links = [dict(zip(("record_type", "record_id"), parse_link(text))) for text in link or []]
        data = ActionCreate(title=title, owner=org, due_on=due, links=links, decision_id=decision, description=description)
        with session_scope(get_engine()) as session:
            item = service.create_action(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"action item {item.id} for {item.owner}, due {item.due_on}, version {item.version}")


@app.command("update")
def update(
    action_id: int, version: int = typer.Option(..., "--version", help="The version you last saw (pko actions list)"),
    status: Optional[str] = typer.Option(None, help="open, in progress, done or dropped"),
    due: Optional[str] = typer.Option(None, "--due", help="YYYY-MM-DD"),
    title: Optional[str] = typer.Option(None, "--title"),
    org: Optional[str] = typer.Option(None, "--org", help="Hand the item to another organization"),
    link: list[str] = typer.Option(None, "--link", help="Replace the links: TYPE:ID (repeat)"),
    decision: Optional[int] = typer.Option(None, "--decision"),
) -> None:
    """Change an item against the version you saw."""
    try:
        changes = {name: value for name, value in (("status", status), ("due_on", due), ("title", title),
                                                    ("owner", org), ("decision_id", decision)) if value is not None}
        if link:
            changes["links"] = [dict(zip(("record_type", "record_id"), parse_link(text))) for text in link]
        with session_scope(get_engine()) as session:
            item = service.update_action(session, action_id=action_id, expected_version=version,
                                         fields=ActionFields(**changes), actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"action item {item.id}: {item.status}, due {item.due_on}, version {item.version}")


@app.command("notify")
def notify(on: Optional[str] = typer.Option(None, "--on", help="Read due dates against this day (default today)")) -> None:
    """Tell owners of overdue items (once per item and due date) and mail every notice not mailed yet; for cron."""
    try:
        day = date.fromisoformat(on) if on else service.today()
    except ValueError as error:
        refuse(error)
    result = notices.run(get_engine(), on=day, box=notices.mailbox(get_settings()))
    typer.echo(f"{len(result.flagged)} item(s) newly overdue; {result.mailed} notice(s) mailed in {result.messages} "
               f"message(s); {result.unaddressed} without an address; {result.pending} waiting for mail")
    for error in result.errors:
        typer.echo(f"not mailed: {error}", err=True)
    if result.errors:
        raise typer.Exit(1)

"""`pko actions requests|reviews`: AU-UN support requests and joint reviews from the command line."""

from __future__ import annotations

from typing import Optional

import typer
from pydantic import ValidationError

from pko.actions import joint_service as joint
from pko.actions.schemas import JointReviewCreate, JointReviewFields, SupportRequestCreate, SupportRequestFields
from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse

requests_app = typer.Typer(help="AU requests for UN support: logistics, financing under resolution 2719, other.",
                           no_args_is_help=True)
reviews_app = typer.Typer(help="AU-UN joint reviews of operations.", no_args_is_help=True)
REFUSED = (ValidationError, Conflict, NotFound, QueryError, StaleVersion)


def _decided(shown) -> str:
    return "; ".join(f"{d.decided_on} {d.decided_by}: {d.text}" for d in shown.decisions)


@requests_app.command("list")
def list_requests(mission: Optional[str] = typer.Option(None, help="AU-led operation, e.g. ATMIS"),
                  fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Support requests, newest first, with their decisions."""
    try:
        with session_scope(get_engine()) as session:
            rows = [{**shown.model_dump(mode="json", exclude={"decisions", "created_by"}), "decisions": _decided(shown)}
                    for shown in joint.list_requests(session, mission=mission)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title="AU-UN support requests")


@requests_app.command("add")
def add_request(
    kind: str = typer.Argument(..., help="logistics, financing-2719 or other"),
    mission: str = typer.Argument(..., help="The AU-led operation"),
    description: str = typer.Option(..., "--description"),
    requesting: str = typer.Option("AU-COMMISSION", "--by", help="Requesting organization code"),
    amount: Optional[str] = typer.Option(None, "--amount", help="US dollars"),
    submitted: str = typer.Option(..., "--submitted", help="YYYY-MM-DD"),
) -> None:
    """Record a support request (submitted)."""
    try:
        data = SupportRequestCreate(kind=kind, mission=mission, description=description, requesting=requesting,
                                    amount_usd=amount, submitted_on=submitted)
        with session_scope(get_engine()) as session:
            shown = joint.create_request(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"support request {shown.id} ({shown.kind}, {shown.mission}) submitted, version {shown.version}")


@requests_app.command("update")
def update_request(
    request_id: int, version: int = typer.Option(..., "--version", help="The version you last saw"),
    status: Optional[str] = typer.Option(None, help="under review, approved, declined, withdrawn, delivered"),
    amount: Optional[str] = typer.Option(None, "--amount"), description: Optional[str] = typer.Option(None, "--description"),
) -> None:
    """Move a request on, or change its amount or description, against the version you saw."""
    try:
        changes = {k: v for k, v in (("status", status), ("amount_usd", amount), ("description", description)) if v is not None}
        with session_scope(get_engine()) as session:
            shown = joint.update_request(session, request_id=request_id, expected_version=version,
                                         fields=SupportRequestFields(**changes), actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"support request {shown.id}: {shown.status}, version {shown.version}")


@reviews_app.command("list")
def list_reviews(mission: Optional[str] = typer.Option(None, help="AU-led operation, e.g. ATMIS"),
                 fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Joint reviews, newest first, with their decisions."""
    try:
        with session_scope(get_engine()) as session:
            rows = [{**shown.model_dump(mode="json", exclude={"decisions", "created_by", "participants"}),
                     "participants": ", ".join(shown.participants), "decisions": _decided(shown)}
                    for shown in joint.list_reviews(session, mission=mission)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title="AU-UN joint reviews")


@reviews_app.command("add")
def add_review(
    mission: str, held_on: str = typer.Option(..., "--on", help="YYYY-MM-DD"),
    participant: list[str] = typer.Option(..., "--participant", help="Organization code (repeat)"),
    findings: Optional[str] = typer.Option(None, "--findings"),
) -> None:
    """Record a joint review (planned)."""
    try:
        data = JointReviewCreate(mission=mission, held_on=held_on, participants=participant, findings=findings)
        with session_scope(get_engine()) as session:
            shown = joint.create_review(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"joint review {shown.id} of {shown.mission} on {shown.held_on}, version {shown.version}")


@reviews_app.command("update")
def update_review(
    review_id: int, version: int = typer.Option(..., "--version", help="The version you last saw"),
    status: Optional[str] = typer.Option(None, help="held, reported or cancelled"),
    findings: Optional[str] = typer.Option(None, "--findings"),
) -> None:
    """Move a review on or record its findings, against the version you saw."""
    try:
        changes = {k: v for k, v in (("status", status), ("findings", findings)) if v is not None}
        with session_scope(get_engine()) as session:
            shown = joint.update_review(session, review_id=review_id, expected_version=version,
                                        fields=JointReviewFields(**changes), actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"joint review {shown.id}: {shown.status}, version {shown.version}")

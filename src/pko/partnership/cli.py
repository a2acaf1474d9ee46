"""`pko partnership`: capability needs, partners' offers, the match between them and the partnerships agreed."""

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
from pko.partnership import service, tracking
from pko.partnership.schemas import NeedIn, OfferIn, PartnershipIn, StepIn

app = typer.Typer(help="Partnership needs and offers: record them, match them, follow the partnerships.",
                  no_args_is_help=True)
needs_app = typer.Typer(help="Capability needs of contributing countries.", no_args_is_help=True)
offers_app = typer.Typer(help="Partners' offers.", no_args_is_help=True)
app.add_typer(needs_app, name="needs")
app.add_typer(offers_app, name="offers")
REFUSED = (ValidationError, Conflict, NotFound, QueryError, StaleVersion)
FORMAT = typer.Option(OutputFormat.table, "--format")
LANGUAGE = typer.Option(None, "--language", help="A language (repeat)")


def _row(item) -> dict:
    return {key: (", ".join(value) if isinstance(value, list) else value)
            for key, value in item.model_dump(exclude={"note"}).items()}


@needs_app.command("list")
def list_needs(state: Optional[str] = typer.Option(None, help="ISO3 of the state in need"),
               capability: Optional[str] = typer.Option(None), fmt: OutputFormat = FORMAT) -> None:
    """Capability needs by start date."""
    try:
        with session_scope(get_engine()) as session:
            _, rows = service.list_needs(session, state=state, capability=capability, limit=100_000)
    except REFUSED as error:
        refuse(error)
    emit([_row(n) for n in rows], fmt, title="Capability needs")


@needs_app.command("add")
def add_need(
    state: str, category: str, capability: str, quantity: int,
    starts_on: str = typer.Option(..., "--from", help="YYYY-MM-DD"),
    ends_on: str = typer.Option(..., "--until", help="YYYY-MM-DD"),
    place: str = typer.Option(..., "--place"), language: list[str] = LANGUAGE,
    unit: str = typer.Option("people", "--unit", help="people or units"),
    priority: int = typer.Option(1, "--priority", help="1 (routine) to 5"),
    pledge: Optional[int] = typer.Option(None, "--pledge", help="Id of the pledge this need would raise"),
) -> None:
    """Record a capability need."""
    try:
        data = NeedIn(state_iso3=state, category=category, capability=capability, quantity=quantity, unit=unit,
                      starts_on=starts_on, ends_on=ends_on, place=place, languages=language or [], priority=priority,
                      pledge_id=pledge)
        with session_scope(get_engine()) as session:
            need = service.create_need(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"need {need.id} ({need.state_iso3}, {need.capability} x {need.quantity}) recorded, version {need.version}")


@offers_app.command("list")
def list_offers(partner: Optional[str] = typer.Option(None, help="ISO3 or organization code"),
                capability: Optional[str] = typer.Option(None), fmt: OutputFormat = FORMAT) -> None:
    """Partners' offers by start date."""
    try:
        with session_scope(get_engine()) as session:
            _, rows = service.list_offers(session, partner=partner, capability=capability, limit=100_000)
    except REFUSED as error:
        refuse(error)
    emit([_row(o) for o in rows], fmt, title="Offers")


@offers_app.command("add")
def add_offer(
    partner: str, category: str, capability: str, capacity: int,
    starts_on: str = typer.Option(..., "--from", help="YYYY-MM-DD"),
    ends_on: str = typer.Option(..., "--until", help="YYYY-MM-DD"),
    place: str = typer.Option(..., "--place"), language: list[str] = LANGUAGE,
    unit: str = typer.Option("people", "--unit", help="people or units"),
) -> None:
    """Record a partner's offer."""
    try:
        data = OfferIn(partner=partner, category=category, capability=capability, capacity=capacity, unit=unit,
                       starts_on=starts_on, ends_on=ends_on, place=place, languages=language or [])
        with session_scope(get_engine()) as session:
            offer = service.create_offer(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"offer {offer.id} ({offer.partner}, {offer.capability} for {offer.capacity}) recorded, version {offer.version}")


@app.command("match")
def match(time_limit: float = typer.Option(10.0, "--time-limit", min=0.1, max=600), fmt: OutputFormat = FORMAT) -> None:
    """Match offers to the remaining needs (CP-SAT), store the result and show its assignments."""
    try:
        with session_scope(get_engine()) as session:
            result = service.run_match(session, actor=SHELL_ACTOR, time_limit=time_limit)
    except REFUSED as error:
        refuse(error)
    rows = [a.model_dump() for a in result.assignments]
    rows += [{"id": None, "need_id": int(need), "offer_id": None, "state_iso3": None, "partner": None,
              "capability": None, "quantity": 0, "unmatched": why} for need, why in result.unmatched.items()]
    caption = (f"match {result.id}: {result.status} ({result.solver}), objective {result.objective}, bound "
               f"{result.best_bound:.0f}, gap {result.gap:.2%}, {result.seconds:.2f} s; covered {result.covered} "
               f"of {result.requested}")
    emit(rows, fmt, title="Matched offers", caption=caption)


@app.command("list")
def list_partnerships(status: Optional[str] = typer.Option(None, help="agreed, delivered or evaluated"),
                      fmt: OutputFormat = FORMAT) -> None:
    """Partnerships with their status and the readiness of the unit they fed."""
    with session_scope(get_engine()) as session:
        _, rows = tracking.list_partnerships(session, status=status, limit=100_000)
    emit([{**p.model_dump(exclude={"steps", "capability_fed"}),
           "raised": p.capability_fed.raised if p.capability_fed else None} for p in rows], fmt, title="Partnerships")


@app.command("accept")
def accept(assignment: int, agreed_on: Optional[str] = typer.Option(None, "--on", help="YYYY-MM-DD")) -> None:
    """Accept an assignment of the match: it becomes an agreed partnership."""
    try:
        data = PartnershipIn(assignment_id=assignment, agreed_on=agreed_on)
        with session_scope(get_engine()) as session:
            partnership = tracking.accept(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(json.dumps({"id": partnership.id, "status": partnership.status, "version": partnership.version}))


@app.command("step")
def step(
    partnership_id: int, step_name: str = typer.Argument(..., metavar="STEP", help="delivered or evaluated"),
    taken_on: str = typer.Option(date.today().isoformat(), "--on", help="YYYY-MM-DD"),
    version: int = typer.Option(..., "--version", help="The version you last saw (pko partnership list)"),
    note: Optional[str] = typer.Option(None, "--note"),
) -> None:
    """Record delivery or evaluation against the version you saw."""
    try:
        data = StepIn(step=step_name, taken_on=taken_on, note=note)
        with session_scope(get_engine()) as session:
            partnership = tracking.take_step(session, partnership_id=partnership_id, expected_version=version,
                                             step=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(json.dumps({"id": partnership.id, "status": partnership.status, "version": partnership.version}))

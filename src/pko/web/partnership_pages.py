"""The needs-and-offers board: needs and offers side by side, the latest match, partnerships and their steps;
forms for those allowed to add a need or an offer, run the match, accept an assignment or record a step."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, granted, require, visibility
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.http import get_session
from pko.partnership import service, tracking
from pko.partnership.api import own_state, reads_pledges
from pko.partnership.schemas import CAPABILITIES, CATEGORIES, NeedIn, OfferIn, PartnershipIn, StepIn
from pko.web.account_pages import csrf_token
from pko.web.mandate_pages import problems
from pko.web.forms import done
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
REFUSED = (ValidationError, QueryError, Conflict, NotFound, StaleVersion)
READ, WRITE = require("partnerships", "read"), require("partnerships", "write")


def _languages(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@router.get("/partnerships", name="partnerships")
def board(request: Request, access: Access = Depends(READ), session: Session = Depends(get_session)):
    """Needs and offers side by side, the latest match and the partnerships, as far as the caller may see them."""
    own = own_state(access)
    _, needs = service.list_needs(session, own=own, limit=500)
    _, offers = service.list_offers(session, own=own, limit=500)
    _, partnerships = tracking.list_partnerships(session, own=own, pledges=reads_pledges(access), limit=500)
    write = granted(access.principal, "partnerships", "write")
    return render(request, session, "partnerships.html", title="Partnership needs and offers", section="partnerships",
                  needs=needs, offers=offers, match=service.latest_match(session, own=own), partnerships=partnerships,
                  writer=write is not None, matcher=visibility(access.principal, "partnerships", "write").everything, own=own, csrf=csrf_token(request),
                  categories=CATEGORIES, capabilities=CAPABILITIES, next_step={"agreed": "delivered", "delivered": "evaluated"})


@router.post("/partnerships/needs")
def add_need(
    request: Request, state_iso3: str = Form(..., max_length=3), category: str = Form(..., max_length=30),
    capability: str = Form(..., max_length=40), quantity: str = Form(..., max_length=7), unit: str = Form("people", max_length=10),
    starts_on: str = Form(..., max_length=10), ends_on: str = Form(..., max_length=10), place: str = Form(..., max_length=200),
    languages: str = Form("", max_length=400), priority: str = Form("1", max_length=1), pledge_id: str = Form("", max_length=10),
    access: Access = Depends(WRITE), session: Session = Depends(get_session),
):
    """Record a need from the form (htmx, with the CSRF header); errors come back beside the form."""
    try:
        data = NeedIn(state_iso3=state_iso3.strip().upper(), category=category, capability=capability, quantity=quantity,
                      unit=unit, starts_on=starts_on, ends_on=ends_on, place=place, languages=_languages(languages),
                      priority=priority, pledge_id=pledge_id or None)
        service.create_need(session, data=data, actor=access.principal.username, own=own_state(access))
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/partnerships", f"Need recorded for {data.state_iso3}: {data.capability}.")


@router.post("/partnerships/offers")
def add_offer(
    request: Request, partner: str = Form(..., max_length=40), category: str = Form(..., max_length=30),
    capability: str = Form(..., max_length=40), capacity: str = Form(..., max_length=7), unit: str = Form("people", max_length=10),
    starts_on: str = Form(..., max_length=10), ends_on: str = Form(..., max_length=10), place: str = Form(..., max_length=200),
    languages: str = Form("", max_length=400), access: Access = Depends(WRITE), session: Session = Depends(get_session),
):
    """Record an offer from the form."""
    try:
        data = OfferIn(partner=partner.strip().upper(), category=category, capability=capability, capacity=capacity,
                       unit=unit, starts_on=starts_on, ends_on=ends_on, place=place, languages=_languages(languages))
        service.create_offer(session, data=data, actor=access.principal.username, own=own_state(access))
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/partnerships", f"Offer recorded from {data.partner}: {data.capability}.")


@router.post("/partnerships/match")
def run_match(request: Request, access: Access = Depends(WRITE), session: Session = Depends(get_session)):
    """Run and keep the match (a state's run is only a preview, so it is not offered on the board)."""
    if own_state(access) is not None:
        return problems(request, Conflict("the match is run by force generation; the board shows your part of the latest"))
    service.run_match(session, actor=access.principal.username, time_limit=10.0)
    return done(request, session, "/partnerships", "Match run and kept.")


@router.post("/partnerships/accept")
def accept(request: Request, assignment_id: str = Form(..., max_length=10), access: Access = Depends(WRITE),
           session: Session = Depends(get_session)):
    """Accept an assignment of the latest match: it becomes an agreed partnership."""
    try:
        tracking.accept(session, data=PartnershipIn(assignment_id=assignment_id), actor=access.principal.username,
                        own=own_state(access))
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/partnerships", "Assignment accepted: the partnership is agreed.")


@router.post("/partnerships/{partnership_id}/steps")
def take_step(
    request: Request, partnership_id: int, version: int = Form(...), step: str = Form(..., max_length=10),
    taken_on: str = Form(..., max_length=10), note: str = Form("", max_length=2000),
    access: Access = Depends(WRITE), session: Session = Depends(get_session),
):
    """Record delivery or evaluation against the version shown (a newer one is reported, never overwritten)."""
    try:
        if not 0 < partnership_id < 2**31:
            raise NotFound(f"no partnership {partnership_id}")
        tracking.take_step(session, partnership_id=partnership_id, expected_version=version,
                           step=StepIn(step=step, taken_on=taken_on, note=note or None), actor=access.principal.username,
                           own=own_state(access))
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/partnerships", f"Step '{step}' recorded.")

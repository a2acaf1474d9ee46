"""Routes for partnership needs, offers, matches and partnerships: /api/v1/partnerships/...

A state delegate sees and writes only its own state's needs and offers, and the partnerships it is party to."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, granted, require
from pko.errors import NotFound
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.partnership import service, tracking
from pko.partnership.schemas import (
    Capability, Category, MatchOut, MatchRequest, NeedFields, NeedIn, NeedOut, OfferFields, OfferIn, OfferOut,
    PartnershipIn, PartnershipOut, StepIn,
)

router = APIRouter(prefix="/api/v1/partnerships", tags=["partnerships"])
SOURCES = ["needs, offers and partnerships entered in PKO"]
NeedId, OfferId, PartnershipId = (Path(..., ge=1, le=2**31 - 1) for _ in range(3))
READ, WRITE = require("partnerships", "read"), require("partnerships", "write")


def own_state(access: Access) -> str | None:
    """None when the caller sees every state's records, else the one state it may see ('---' for none)."""
    seen = access.visibility
    return None if seen.everything else seen.state or "---"


def reads_pledges(access: Access) -> bool:
    return granted(access.principal, "pledges", "read") is not None


@router.get("/needs", response_model=Page[NeedOut])
def list_needs(
    state: str | None = Query(None, pattern=r"^[A-Z]{3}$", description="ISO3 of the state in need"),
    capability: Capability | None = Query(None), category: Category | None = Query(None),
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(READ),
) -> Page[NeedOut]:
    """Capability needs by start date, with what agreed partnerships already cover."""
    total, rows = service.list_needs(session, own=own_state(access), state=state, capability=capability,
                                     category=category, limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=SOURCES, items=rows)


@router.post("/needs", response_model=NeedOut, status_code=201)
def create_need(data: NeedIn, response: Response, session: Session = Depends(get_session),
                access: Access = Depends(WRITE)) -> NeedOut:
    """Record a capability need (a state delegate, for its own state only)."""
    need = service.create_need(session, data=data, actor=access.principal.username, own=own_state(access))
    response.headers["ETag"] = etag(need.version)
    response.headers["Location"] = f"{router.prefix}/needs/{need.id}"
    return need


@router.get("/needs/{need_id}", response_model=NeedOut)
def get_need(response: Response, need_id: int = NeedId, session: Session = Depends(get_session),
             access: Access = Depends(READ)) -> NeedOut:
    """One need; its ETag is its version."""
    need = service.get_need(session, need_id=need_id, own=own_state(access))
    response.headers["ETag"] = etag(need.version)
    return need


@router.patch("/needs/{need_id}", response_model=NeedOut)
def update_need(fields: NeedFields, response: Response, access: Access = Depends(WRITE),
                need_id: int = NeedId, version: int = Depends(expected_version),
                session: Session = Depends(get_session)) -> NeedOut:
    """Edit a need at the version named by If-Match (412 when someone changed it since)."""
    need = service.update_need(session, need_id=need_id, expected_version=version, fields=fields,
                               actor=access.principal.username, own=own_state(access))
    response.headers["ETag"] = etag(need.version)
    return need


@router.get("/offers", response_model=Page[OfferOut])
def list_offers(
    partner: str | None = Query(None, min_length=2, max_length=40, pattern=r"^[A-Z][A-Z0-9-]*$"),
    capability: Capability | None = Query(None), category: Category | None = Query(None),
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(READ),
) -> Page[OfferOut]:
    """Partners' offers by start date, with what agreed partnerships already take of them."""
    total, rows = service.list_offers(session, own=own_state(access), partner=partner, capability=capability,
                                      category=category, limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=SOURCES, items=rows)


@router.post("/offers", response_model=OfferOut, status_code=201)
def create_offer(data: OfferIn, response: Response, session: Session = Depends(get_session),
                 access: Access = Depends(WRITE)) -> OfferOut:
    """Record a partner's offer (a state delegate, for its own state only)."""
    offer = service.create_offer(session, data=data, actor=access.principal.username, own=own_state(access))
    response.headers["ETag"] = etag(offer.version)
    response.headers["Location"] = f"{router.prefix}/offers/{offer.id}"
    return offer


@router.get("/offers/{offer_id}", response_model=OfferOut)
def get_offer(response: Response, offer_id: int = OfferId, session: Session = Depends(get_session),
              access: Access = Depends(READ)) -> OfferOut:
    """One offer; its ETag is its version."""
    offer = service.get_offer(session, offer_id=offer_id, own=own_state(access))
    response.headers["ETag"] = etag(offer.version)
    return offer


@router.patch("/offers/{offer_id}", response_model=OfferOut)
def update_offer(fields: OfferFields, response: Response, access: Access = Depends(WRITE),
                 offer_id: int = OfferId, version: int = Depends(expected_version),
                 session: Session = Depends(get_session)) -> OfferOut:
    """Edit an offer at the version named by If-Match."""
    offer = service.update_offer(session, offer_id=offer_id, expected_version=version, fields=fields,
                                 actor=access.principal.username, own=own_state(access))
    response.headers["ETag"] = etag(offer.version)
    return offer


@router.post("/match", response_model=MatchOut)
def run_match(request: MatchRequest, session: Session = Depends(get_session), access: Access = Depends(WRITE)) -> MatchOut:
    """Match offers to needs (CP-SAT): stored when run by force generation, a preview of its own part for a state."""
    return service.run_match(session, actor=access.principal.username, own=own_state(access),
                             time_limit=request.time_limit)


@router.get("/match", response_model=MatchOut)
def latest_match(session: Session = Depends(get_session), access: Access = Depends(READ)) -> MatchOut:
    """The latest stored match, as far as the caller may see it."""
    found = service.latest_match(session, own=own_state(access))
    if found is None:
        raise NotFound("no match has been run yet")
    return found


@router.get("", response_model=Page[PartnershipOut])
def list_partnerships(
    status: Literal["agreed", "delivered", "evaluated"] | None = Query(None),
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(READ),
) -> Page[PartnershipOut]:
    """Partnerships, newest first, with their steps and the capability they fed."""
    total, rows = tracking.list_partnerships(session, own=own_state(access), status=status, pledges=reads_pledges(access),
                                             limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=SOURCES, items=rows)


@router.post("", response_model=PartnershipOut, status_code=201)
def accept(data: PartnershipIn, response: Response, session: Session = Depends(get_session),
           access: Access = Depends(WRITE)) -> PartnershipOut:
    """Accept an assignment of a stored match: it becomes an agreed partnership (409 if it no longer fits)."""
    partnership = tracking.accept(session, data=data, actor=access.principal.username, own=own_state(access),
                                  pledges=reads_pledges(access))
    response.headers["ETag"] = etag(partnership.version)
    response.headers["Location"] = f"{router.prefix}/{partnership.id}"
    return partnership


@router.get("/{partnership_id}", response_model=PartnershipOut)
def get_partnership(response: Response, partnership_id: int = PartnershipId, session: Session = Depends(get_session),
                    access: Access = Depends(READ)) -> PartnershipOut:
    """One partnership; its ETag is its version."""
    partnership = tracking.get_partnership(session, partnership_id=partnership_id, own=own_state(access),
                                           pledges=reads_pledges(access))
    response.headers["ETag"] = etag(partnership.version)
    return partnership


@router.post("/{partnership_id}/steps", response_model=PartnershipOut)
def take_step(step: StepIn, response: Response, access: Access = Depends(WRITE), partnership_id: int = PartnershipId,
              version: int = Depends(expected_version), session: Session = Depends(get_session)) -> PartnershipOut:
    """Record delivery, then evaluation, against the version named by If-Match (409 out of order)."""
    partnership = tracking.take_step(session, partnership_id=partnership_id, expected_version=version, step=step,
                                     actor=access.principal.username, own=own_state(access),
                                     pledges=reads_pledges(access))
    response.headers["ETag"] = etag(partnership.version)
    return partnership

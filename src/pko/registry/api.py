"""Routes for member states, organizations and the Security Council by year."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.http import Page, Paging, get_session, paging
from pko.registry import service
from pko.registry.schemas import CouncilSeatOut, MemberStateOut, OrganizationOut

router = APIRouter(prefix="/api/v1", tags=["registry"], dependencies=[Depends(require("record", "read"))])

RegionalGroup = Literal["African Group", "Asia-Pacific Group", "Eastern European Group", "GRULAC", "WEOG"]


@router.get("/member-states", response_model=Page[MemberStateOut])
def list_member_states(
    regional_group: RegionalGroup | None = Query(None, description="UN regional group"),
    m49_region: str | None = Query(None, max_length=60, description="M49 region, e.g. Africa"),
    q: str | None = Query(None, min_length=1, max_length=120, description="Part of the name, or the ISO3 code"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[MemberStateOut]:
    """The UN member states, by name."""
    filters = {"regional_group": regional_group, "m49_region": m49_region, "q": q}
    items = service.list_states(session, **filters, limit=page.limit, offset=page.offset)
    total = service.count_states(session, **filters)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=service.sources_of(session, "member-states"), items=items)


@router.get("/member-states/{iso3}", response_model=MemberStateOut)
def get_member_state(iso3: str, session: Session = Depends(get_session)) -> MemberStateOut:
    """One member state by ISO 3166 alpha-3 code."""
    state = service.get_state(session, iso3=iso3)
    if state is None:
        raise HTTPException(404, f"no member state with ISO3 '{iso3}'")
    return state


@router.get("/organizations", response_model=Page[OrganizationOut])
def list_organizations(page: Paging = Depends(paging), session: Session = Depends(get_session)) -> Page[OrganizationOut]:
    """The organizations that act on peacekeeping (Council, Fifth Committee, DPO, DOS, AU organs)."""
    items = service.list_organizations(session)
    return Page(total=len(items), limit=page.limit, offset=page.offset, sources=["organization (migration 0002)"],
                items=items[page.offset:page.offset + page.limit])


class CouncilPage(Page[CouncilSeatOut]):
    """The Council of one year, with whether every seat of the year is in the record."""

    seats: int
    complete: bool
    note: str | None = None


@router.get("/security-council", response_model=CouncilPage)
def security_council(
    year: int = Query(..., ge=1946, le=2100, description="Year of membership"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> CouncilPage:
    """The members of the Security Council in one year, P5 flagged, historical names with their mapping note;
    `complete` is false (and `note` says which seats) when the record lacks some of the year's seats."""
    found = service.council_year(session, year=year)
    seats = found.members
    return CouncilPage(total=len(seats), limit=page.limit, offset=page.offset, sources=service.sources_of(session, "sc-membership"),
                       items=seats[page.offset:page.offset + page.limit], seats=found.seats, complete=found.complete,
                       note=found.note)

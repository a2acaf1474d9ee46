"""Routes for missions."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.http import Page, Paging, get_session, paging
from pko.missions import service
from pko.missions.schemas import MissionOut

router = APIRouter(prefix="/api/v1/missions", tags=["missions"], dependencies=[Depends(require("record", "read"))])

Kind = Literal["peacekeeping operation", "special political mission", "AU-led operation", "hybrid", "other"]


@router.get("", response_model=Page[MissionOut])
def list_missions(
    kind: Kind | None = Query(None, description="Kind of operation"),
    country: str | None = Query(None, min_length=2, max_length=120, description="Country of mission: ISO3 or name"),
    active_in: int | None = Query(None, ge=1945, le=2100, description="Seen in the data in this year (YYYY)"),
    q: str | None = Query(None, min_length=1, max_length=120, description="Part of the acronym or name"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[MissionOut]:
    """Missions seen in the data (and those recorded by hand), by acronym."""
    filters = {"kind": kind, "country": country, "active_in": active_in, "q": q}
    items = service.list_missions(session, **filters, limit=page.limit, offset=page.offset)
    total = service.count_missions(session, **filters)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=service.sources_of(items), items=items)


@router.get("/{acronym}", response_model=MissionOut)
def get_mission(acronym: str, session: Session = Depends(get_session)) -> MissionOut:
    """One mission by acronym (any spelling the sources use, e.g. OSE-Syria)."""
    mission = service.get_mission(session, acronym=acronym)
    if mission is None:
        raise HTTPException(404, f"no mission '{acronym}'")
    return mission

"""Routes for missions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.missions import service
from pko.missions.schemas import Kind, MissionFields, MissionOut, MissionRecord

router = APIRouter(prefix="/api/v1/missions", tags=["missions"])
READ = [Depends(require("record", "read"))]

@router.get("", response_model=Page[MissionOut], dependencies=READ)
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


@router.get("/{acronym}", response_model=MissionOut, dependencies=READ)
def get_mission(acronym: str, response: Response, session: Session = Depends(get_session)) -> MissionOut:
    """One mission by acronym (any spelling the sources use, e.g. OSE-Syria); its ETag is its version."""
    mission = service.get_mission(session, acronym=acronym)
    if mission is None:
        raise HTTPException(404, f"no mission '{acronym}'")
    response.headers["ETag"] = etag(mission.version)
    return mission


@router.post("", response_model=MissionOut, status_code=201)
def record_mission(
    data: MissionRecord, response: Response, access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
) -> MissionOut:
    """Record a mission the data does not show (a catalogue operation, or a new one with its name and kind)."""
    mission = service.record_mission(session, data=data, actor=access.principal.username)
    response.headers["ETag"] = etag(mission.version)
    response.headers["Location"] = f"{router.prefix}/{mission.acronym}"
    return mission


@router.patch("/{acronym}", response_model=MissionOut)
def update_mission(
    fields: MissionFields, response: Response, acronym: str, access: Access = Depends(require("record", "write")),
    version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> MissionOut:
    """Edit a mission recorded by hand, at the version named by If-Match."""
    mission = service.update_mission(session, acronym=acronym, expected_version=version, fields=fields,
                                     actor=access.principal.username)
    response.headers["ETag"] = etag(mission.version)
    return mission

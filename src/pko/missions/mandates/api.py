"""Routes for mandates: read by anyone, written by those whose roles allow, always against a version (If-Match)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.missions.mandates import service
from pko.missions.mandates.schemas import MandateCreate, MandateFields, MandateOut, MandateStepIn

router = APIRouter(prefix="/api/v1/mandates", tags=["mandates"])
MandateId = Path(..., ge=1, le=2**31 - 1)


@router.get("", response_model=Page[MandateOut], dependencies=[Depends(require("record", "read"))])
def list_mandates(
    mission: str | None = Query(None, min_length=2, max_length=20, description="Mission acronym"),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[MandateOut]:
    """Mandates by mission, newest first."""
    rows = service.list_mandates(session, mission=mission)
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["mandate"],
                items=rows[page.offset:page.offset + page.limit])


@router.get("/{mandate_id}", response_model=MandateOut, dependencies=[Depends(require("record", "read"))])
def get_mandate(response: Response, mandate_id: int = MandateId, session: Session = Depends(get_session)) -> MandateOut:
    """One mandate with its lifecycle steps; its ETag is its version."""
    mandate = service.get_mandate(session, mandate_id=mandate_id)
    if mandate is None:
        raise HTTPException(404, f"no mandate {mandate_id}")
    response.headers["ETag"] = etag(mandate.version)
    return mandate


@router.post("", response_model=MandateOut, status_code=201)
def create_mandate(
    data: MandateCreate, response: Response, access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
) -> MandateOut:
    """Record a new mandate (in draft)."""
    mandate = service.create_mandate(session, data=data, actor=access.principal.username)
    response.headers["ETag"] = etag(mandate.version)
    response.headers["Location"] = f"{router.prefix}/{mandate.id}"
    return mandate


@router.patch("/{mandate_id}", response_model=MandateOut)
def update_mandate(
    fields: MandateFields, response: Response, access: Access = Depends(require("record", "write")),
    mandate_id: int = MandateId, version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> MandateOut:
    """Edit a mandate at the version named by If-Match (412 when someone changed it since)."""
    mandate = service.update_mandate(session, mandate_id=mandate_id, expected_version=version, fields=fields,
                                     actor=access.principal.username)
    response.headers["ETag"] = etag(mandate.version)
    return mandate


@router.post("/{mandate_id}/steps", response_model=MandateOut)
def take_step(
    step: MandateStepIn, response: Response, access: Access = Depends(require("record", "write")),
    mandate_id: int = MandateId, version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> MandateOut:
    """Adopt, renew, amend or close a mandate (409 when the lifecycle does not allow that step now)."""
    mandate = service.take_step(session, mandate_id=mandate_id, expected_version=version, step=step,
                                actor=access.principal.username)
    response.headers["ETag"] = etag(mandate.version)
    return mandate

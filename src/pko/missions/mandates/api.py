"""Routes for mandates: read by anyone, written by those whose roles allow, always against a version (If-Match)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.http import Page, Paging, get_session, paging
from pko.missions.mandates import service
from pko.missions.mandates.schemas import MandateCreate, MandateFields, MandateOut, MandateStepIn

router = APIRouter(prefix="/api/v1/mandates", tags=["mandates"])
MandateId = Path(..., ge=1, le=2**31 - 1)


def etag(mandate: MandateOut) -> str:
    """The entity tag of a mandate's current version."""
    return f'"{mandate.version}"'


def expected_version(if_match: str | None = Header(None, description='The ETag you read, e.g. "3"')) -> int:
    """The version the client edits against; a write without it is refused (428)."""
    if if_match is None:
        raise HTTPException(428, "send If-Match with the ETag of the mandate you edit, so no change is lost")
    found = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', if_match)
    if found is None:
        raise HTTPException(412, f"If-Match '{if_match}' is not an ETag of this API (e.g. \"3\")")
    return int(found.group(1))


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
    response.headers["ETag"] = etag(mandate)
    return mandate


@router.post("", response_model=MandateOut, status_code=201)
def create_mandate(
    data: MandateCreate, response: Response, access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
) -> MandateOut:
    """Record a new mandate (in draft)."""
    mandate = service.create_mandate(session, data=data, actor=access.principal.username)
    response.headers["ETag"] = etag(mandate)
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
    response.headers["ETag"] = etag(mandate)
    return mandate


@router.post("/{mandate_id}/steps", response_model=MandateOut)
def take_step(
    step: MandateStepIn, response: Response, access: Access = Depends(require("record", "write")),
    mandate_id: int = MandateId, version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> MandateOut:
    """Adopt, renew, amend or close a mandate (409 when the lifecycle does not allow that step now)."""
    mandate = service.take_step(session, mandate_id=mandate_id, expected_version=version, step=step,
                                actor=access.principal.username)
    response.headers["ETag"] = etag(mandate)
    return mandate

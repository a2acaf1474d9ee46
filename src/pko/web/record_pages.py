"""Missions recorded by hand and organizations in the UI: recorded and edited against their version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, Principal, principal, require
from pko.auth.roles import scope_of
from pko.http import get_session
from pko.missions import service as missions
from pko.missions.catalogue import KINDS
from pko.missions.models import Mission
from pko.missions.schemas import MissionFields, MissionOut, MissionRecord
from pko.registry import service as registry
from pko.registry.schemas import OrganizationCreate, OrganizationFields
from pko.web.account_pages import PUBLIC, csrf_token
from pko.web.mandate_pages import REFUSED, problems
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
DONE = {"HX-Redirect": "/records"}


def _given(**fields: str) -> dict:
    return {name: value for name, value in fields.items() if value != ""}


@router.get("/records", name="records", dependencies=PUBLIC)
def records(request: Request, caller: Principal = Depends(principal), session: Session = Depends(get_session)):
    """Missions recorded by hand and the organizations, with forms for those allowed to change them."""
    recorded = [MissionOut.model_validate(m) for m in session.scalars(select(Mission).where(Mission.origin == "record")
                                                                      .order_by(Mission.acronym))]
    return render(request, session, "records.html", title="Missions and organizations recorded", section="missions",
                  missions=recorded, organizations=registry.list_organizations(session), kinds=KINDS,
                  writer=scope_of(caller.roles, "record", "write") is not None, csrf=csrf_token(request))


@router.post("/records/missions")
def mission_create(
    request: Request, acronym: str = Form(..., max_length=20), name: str = Form("", max_length=200),
    kind: str = Form("", max_length=40), country_iso3: str = Form("", max_length=3),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Record a mission the data does not show."""
    try:
        data = MissionRecord(**_given(acronym=acronym, name=name, kind=kind, country_iso3=country_iso3))
        missions.record_mission(session, data=data, actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return HTMLResponse(status_code=204, headers=DONE)


@router.post("/records/missions/{acronym}")
def mission_edit(
    request: Request, acronym: str, version: int = Form(...), name: str = Form("", max_length=200),
    hq: str = Form("", max_length=120), access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
):
    """Edit a recorded mission against the version the form was loaded at."""
    try:
        fields = MissionFields(**_given(name=name, hq=hq))
        missions.update_mission(session, acronym=acronym, expected_version=version, fields=fields,
                                actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return HTMLResponse(status_code=204, headers=DONE)


@router.post("/records/organizations")
def organization_create(
    request: Request, code: str = Form(..., max_length=40), name: str = Form(..., max_length=200),
    kind: str = Form(..., max_length=40), parent_code: str = Form("", max_length=40),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Record a new organization."""
    try:
        data = OrganizationCreate(**_given(code=code, name=name, kind=kind, parent_code=parent_code))
        registry.create_organization(session, data=data, actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return HTMLResponse(status_code=204, headers=DONE)


@router.post("/records/organizations/{code}")
def organization_edit(
    request: Request, code: str, version: int = Form(...), name: str = Form("", max_length=200),
    kind: str = Form("", max_length=40), access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
):
    """Edit an organization against the version the form was loaded at."""
    try:
        fields = OrganizationFields(**_given(name=name, kind=kind))
        registry.update_organization(session, code=code, expected_version=version, fields=fields,
                                     actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return HTMLResponse(status_code=204, headers=DONE)

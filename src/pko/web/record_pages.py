"""Missions recorded by hand, organizations and their members in the UI: recorded and edited against their version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, Principal, principal, require
from pko.auth import service as accounts
from pko.auth.roles import ROLES, Scope, scope_of
from pko.auth.schemas import UserCreate, UserFields
from pko.http import get_session
from pko.missions import service as missions
from pko.missions.catalogue import KINDS
from pko.missions.models import Mission
from pko.missions.schemas import MissionFields, MissionOut, MissionRecord
from pko.registry import service as registry
from pko.registry.schemas import OrganizationCreate, OrganizationFields
from pko.web.account_pages import PUBLIC, csrf_token
from pko.web.forms import done
from pko.web.mandate_pages import REFUSED, problems
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


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
    mandating_body: str = Form("", max_length=120), council_authorization: str = Form("", max_length=40),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Record a mission the data does not show (an AU-led operation with its mandating body and authorization)."""
    try:
        data = MissionRecord(**_given(acronym=acronym, name=name, kind=kind, country_iso3=country_iso3,
                                      mandating_body=mandating_body, council_authorization=council_authorization))
        missions.record_mission(session, data=data, actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/records", f"Mission {data.acronym} recorded.")


@router.post("/records/missions/{acronym}")
def mission_edit(
    request: Request, acronym: str, version: int = Form(...), name: str = Form("", max_length=200),
    hq: str = Form("", max_length=120), mandating_body: str = Form("", max_length=120),
    council_authorization: str = Form("", max_length=40), access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
):
    """Edit a recorded mission against the version the form was loaded at."""
    try:
        fields = MissionFields(**_given(name=name, hq=hq, mandating_body=mandating_body,
                                        council_authorization=council_authorization))
        missions.update_mission(session, acronym=acronym, expected_version=version, fields=fields,
                                actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/records", f"Mission {acronym} saved.")


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
    return done(request, session, "/records", f"Organization {data.code} recorded.")


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
    return done(request, session, "/records", f"Organization {code} saved.")


@router.get("/accounts", name="accounts")
def account_list(
    request: Request, organization: str = Query("", max_length=40), access: Access = Depends(require("users", "read")),
    session: Session = Depends(get_session),
):
    """The members of organizations; an administrator creates, disables and enables them, others see their own."""
    admin = access.scope is Scope.all
    own = None if admin else access.principal.username
    users = accounts.list_users(session, organization_code=organization or None, username=own)
    return render(request, session, "accounts.html", title="Members of organizations", users=users, admin=admin,
                  organization=organization, organizations=registry.list_organizations(session) if admin else [],
                  roles=[role for role in ROLES if role != "public"], csrf=csrf_token(request))


@router.post("/accounts")
def account_create(
    request: Request, username: str = Form(..., max_length=80), password: str = Form(..., max_length=200),
    organization_code: str = Form("", max_length=40), state_iso3: str = Form("", max_length=3),
    display_name: str = Form("", max_length=200), email: str = Form("", max_length=254),
    roles: list[str] = Form([]), access: Access = Depends(require("users", "write")),
    session: Session = Depends(get_session),
):
    """Create a member of an organization with roles; problems come back beside the form."""
    try:
        data = UserCreate(username=username, password=password, roles=roles, organization_code=organization_code or None,
                          state_iso3=state_iso3 or None, display_name=display_name or None, email=email or None)
        code = data.organization_code or accounts.delegation(session, data.state_iso3).code
        accounts.create_user(session, username=data.username, password=data.password, organization_code=code,
                             roles=data.roles, display_name=data.display_name, email=data.email,
                             actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, "/accounts", f"Account {data.username} created.")


def _switch(request: Request, session: Session, username: str, version: int, actor: str, **fields):
    try:
        accounts.update_user(session, username=username, expected_version=version, fields=UserFields(**fields),
                             actor=actor)
    except REFUSED as error:
        return problems(request, error)
    if "disabled" in fields:
        return done(request, session, "/accounts", f"Account {username} {'disabled' if fields['disabled'] else 'enabled'}.")
    return done(request, session, "/accounts", f"Account {username}: e-mail {fields['email'] or 'removed'}.")


@router.post("/accounts/{username}/disable")
def account_disable(request: Request, username: str, version: int = Form(...),
                    access: Access = Depends(require("users", "write")), session: Session = Depends(get_session)):
    """Disable an account (its tokens are revoked) against the version the page showed."""
    return _switch(request, session, username, version, access.principal.username, disabled=True)


@router.post("/accounts/{username}/enable")
def account_enable(request: Request, username: str, version: int = Form(...),
                   access: Access = Depends(require("users", "write")), session: Session = Depends(get_session)):
    """Enable a disabled account again against the version the page showed."""
    return _switch(request, session, username, version, access.principal.username, disabled=False)


@router.post("/accounts/{username}/email")
def account_email(request: Request, username: str, version: int = Form(...), email: str = Form("", max_length=254),
                  access: Access = Depends(require("users", "write")), session: Session = Depends(get_session)):
    """Change (or, left empty, remove) an account's e-mail address against the version the page showed."""
    return _switch(request, session, username, version, access.principal.username, email=email or None)

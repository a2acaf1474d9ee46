"""Routes that change organizations and list their members."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from sqlalchemy.orm import Session

from pko.auth import service as accounts
from pko.auth.permissions import Access, require
from pko.auth.roles import Scope
from pko.auth.schemas import UserOut
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.registry import service
from pko.registry.schemas import OrganizationCreate, OrganizationFields, OrganizationOut

router = APIRouter(prefix="/api/v1/organizations", tags=["registry"])


@router.post("", response_model=OrganizationOut, status_code=201)
def create_organization(
    data: OrganizationCreate, response: Response, access: Access = Depends(require("record", "write")),
    session: Session = Depends(get_session),
) -> OrganizationOut:
    """Record a new organization (a department, an AU organ, a partner)."""
    organization = service.create_organization(session, data=data, actor=access.principal.username)
    response.headers["ETag"] = etag(organization.version)
    return organization


@router.patch("/{code}", response_model=OrganizationOut)
def update_organization(
    code: str, fields: OrganizationFields, response: Response, access: Access = Depends(require("record", "write")),
    version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> OrganizationOut:
    """Edit an organization at the version named by If-Match."""
    organization = service.update_organization(session, code=code, expected_version=version, fields=fields,
                                               actor=access.principal.username)
    response.headers["ETag"] = etag(organization.version)
    return organization


@router.get("/{code}/members", response_model=Page[UserOut])
def members(
    code: str, page: Paging = Depends(paging), access: Access = Depends(require("users", "read")),
    session: Session = Depends(get_session),
) -> Page[UserOut]:
    """The accounts of an organization; without the right to read all accounts, only one's own."""
    found = accounts.members(session, organization_code=code)
    if access.scope is not Scope.all:
        found = [user for user in found if user.username == access.principal.username]
    return Page(total=len(found), limit=page.limit, offset=page.offset, sources=["app_user"],
                items=found[page.offset:page.offset + page.limit])

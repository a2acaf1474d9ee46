"""Routes for the members of organizations (accounts): administrators create, edit and disable them;
everyone else reads only their own account."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from sqlalchemy.orm import Session

from pko.auth import service
from pko.auth.permissions import Access, require
from pko.auth.roles import Scope
from pko.auth.schemas import UserCreate, UserFields, UserOut
from pko.http import Page, Paging, etag, expected_version, get_session, paging

router = APIRouter(prefix="/api/v1/users", tags=["users"])


@router.get("", response_model=Page[UserOut])
def list_users(
    organization: str | None = Query(None, min_length=2, max_length=40, description="Organization code"),
    q: str | None = Query(None, min_length=1, max_length=80, description="Part of the username or name"),
    disabled: bool | None = Query(None, description="Only disabled (true) or enabled (false) accounts"),
    page: Paging = Depends(paging), access: Access = Depends(require("users", "read")),
    session: Session = Depends(get_session),
) -> Page[UserOut]:
    """Accounts by username; without the right to read every account, only one's own."""
    filters = {"organization_code": organization, "q": q, "disabled": disabled}
    if access.scope is not Scope.all:
        filters["username"] = access.principal.username
    items = service.list_users(session, **filters, limit=page.limit, offset=page.offset)
    return Page(total=service.count_users(session, **filters), limit=page.limit, offset=page.offset,
                sources=["app_user"], items=items)


def _visible(access: Access, username: str) -> None:
    """A caller who may read only their own account gets 404 for any other (as if it did not exist)."""
    if access.scope is not Scope.all and username != access.principal.username:
        raise HTTPException(404, f"no user '{username}'")


@router.get("/{username}", response_model=UserOut)
def get_user(username: str, response: Response, access: Access = Depends(require("users", "read")),
             session: Session = Depends(get_session)) -> UserOut:
    """One account; its ETag is its version."""
    _visible(access, username)
    user = service.get_user(session, username=username)
    if user is None:
        raise HTTPException(404, f"no user '{username}'")
    response.headers["ETag"] = etag(user.version)
    return user


@router.post("", response_model=UserOut, status_code=201)
def create_user(data: UserCreate, response: Response, access: Access = Depends(require("users", "write")),
                session: Session = Depends(get_session)) -> UserOut:
    """A new member of an organization, with roles; the password is hashed (argon2) and never shown."""
    code = data.organization_code or service.delegation(session, data.state_iso3).code
    user = service.create_user(session, username=data.username, password=data.password, organization_code=code,
                               roles=data.roles, display_name=data.display_name, email=data.email,
                               actor=access.principal.username)
    response.headers["ETag"] = etag(user.version)
    response.headers["Location"] = f"{router.prefix}/{user.username}"
    return user


@router.patch("/{username}", response_model=UserOut)
def update_user(username: str, fields: UserFields, response: Response,
                access: Access = Depends(require("users", "write")), version: int = Depends(expected_version),
                session: Session = Depends(get_session)) -> UserOut:
    """Edit an account (name, e-mail, roles, disabled) at the version named by If-Match; disabling revokes its tokens."""
    _visible(access, username)
    user = service.update_user(session, username=username, expected_version=version, fields=fields,
                               actor=access.principal.username)
    response.headers["ETag"] = etag(user.version)
    return user

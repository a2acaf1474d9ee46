"""The one permission check: every route declares (resource, action) and goes through `require`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.auth import service
from pko.auth.roles import Scope, scope_of
from pko.auth.visibility import NOTHING, Visibility, of_scope
from pko.config import get_settings
from pko.http import get_session
from pko.registry.models import Organization
from pko.registry.service import holds_seat


@dataclass(frozen=True)
class Principal:
    """Who is asking: an account (through a token) or the public."""

    username: str | None
    roles: tuple[str, ...]
    organization_code: str | None = None
    state_iso3: str | None = None
    token_scopes: tuple[str, ...] | None = None

    @property
    def anonymous(self) -> bool:
        return self.username is None


PUBLIC = Principal(None, ("public",))


@dataclass(frozen=True)
class Access:
    """A granted permission: who, how far it reaches, and whose records that opens (services filter by it)."""

    principal: Principal
    resource: str
    action: str
    scope: Scope
    visibility: Visibility


BEARER = HTTPBearer(auto_error=False, description="A token from `pko tokens create USER`")


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"


def _account(session: Session, user, state: str | None, scopes: tuple[str, ...] | None) -> Principal:
    roles = tuple(user.roles)
    # A Council delegation acts as one only in the years its state holds a seat.
    year = get_settings().council_year or date.today().year
    if "council-delegate" in roles and not holds_seat(session, iso3=state, year=year):
        roles = tuple(role for role in roles if role != "council-delegate")
    return Principal(user.username, roles, user.organization_code, state, scopes)


async def form_csrf(request: Request) -> str | None:
    """The CSRF token a plain form post carries in its hidden `csrf` field (None for any other request)."""
    kind = request.headers.get("content-type", "")
    if request.method in SAFE_METHODS or not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    field = (await request.form()).get("csrf")
    return field if isinstance(field, str) else None


def principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(BEARER),
    session: Session = Depends(get_session), csrf_field: str | None = Depends(form_csrf),
) -> Principal:
    """The caller: a bearer token's user, else the signed-in user of the session cookie, else the public.

    A change made through the cookie must carry the session's CSRF token, in the X-CSRF-Token header or in the
    form's hidden `csrf` field.
    """
    if credentials is not None:
        found = service.bearer(session, credentials.credentials)
        if found is None:
            raise HTTPException(401, "invalid, expired or revoked token", headers={"WWW-Authenticate": "Bearer"})
        return _account(session, found.user, found.state_iso3, tuple(found.scopes))
    username = request.session.get("username")
    user = service.active_user(session, username) if username else None
    if user is None:
        return PUBLIC
    expected = request.session.get("csrf")
    if request.method not in SAFE_METHODS and (expected is None or (request.headers.get(CSRF_HEADER) or csrf_field) != expected):
        raise HTTPException(403, f"a change from the browser needs the page's CSRF token ({CSRF_HEADER} header or csrf form field)")
    state = session.scalar(select(Organization.member_state_iso3).where(Organization.code == user.organization_code))
    return _account(session, user, state, None)


def granted(caller: Principal, resource: str, action: str) -> Scope | None:
    """How far the caller may do `action` on `resource`: its roles' widest scope, narrowed by a token's scopes
    (which restrict confidential records only: what the public may do, a token may do too), or None."""
    scope = scope_of(caller.roles, resource, action)
    if caller.token_scopes is not None and f"{resource}:{action}" not in caller.token_scopes:
        scope = scope_of(PUBLIC.roles, resource, action)
    return scope


def visibility(caller: Principal, resource: str, action: str = "read") -> Visibility:
    """Whose records of `resource` the caller may see (or change): the one rule every service query applies."""
    scope = granted(caller, resource, action)
    if scope is None:
        return NOTHING
    return of_scope(scope, state_iso3=caller.state_iso3, organization_code=caller.organization_code)


def require(resource: str, action: str) -> Callable[..., Access]:
    """A dependency that lets a request through only if the caller may do `action` on `resource`."""
    scope_of(("public",), resource, action)  # an unknown resource or action fails at declaration time

    def check(caller: Principal = Depends(principal)) -> Access:
        scope = granted(caller, resource, action)
        if scope is None:
            if caller.anonymous:
                raise HTTPException(401, f"sign in to {action} {resource}", headers={"WWW-Authenticate": "Bearer"})
            raise HTTPException(403, f"your roles do not allow {action} on {resource}")
        return Access(caller, resource, action, scope, visibility(caller, resource, action))

    check.permission = (resource, action)
    return check


def declarations(route: APIRoute) -> list[tuple[str, str]]:
    """Every (resource, action) a route declares through `require`."""
    found, pending = [], [route.dependant]
    while pending:
        dependant = pending.pop()
        permission = getattr(dependant.call, "permission", None)
        if permission:
            found.append(permission)
        pending.extend(dependant.dependencies)
    return found


def declared(route: APIRoute) -> tuple[str, str] | None:
    """The one (resource, action) a route declares, or None when it declares none or several."""
    found = declarations(route)
    return found[0] if len(found) == 1 else None


def api_routes(routes: list) -> list[APIRoute]:
    """Every API route, including those of included routers."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # a router included in the app
            found.extend(api_routes(route.original_router.routes))
    return found


def refuse_undeclared(app: FastAPI) -> None:
    """Fail at start-up on any route that declares no permission, or more than one."""
    missing = [f"{sorted(route.methods)} {route.path}" for route in api_routes(app.routes) if declared(route) is None]
    if missing:
        raise RuntimeError(f"routes without exactly one declared permission: {'; '.join(missing)}")

"""Signing in and out (a server-side session behind the cookie, its CSRF token, a known-device cookie) and the audit log in the UI."""

from __future__ import annotations

import math
import secrets

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.auth.signin import service as signin
from pko.auth.sessions import service as sessions
from pko.auth.cookies import DEVICE_COOKIE, DeviceCookie
from pko.auth.permissions import Access, require
from pko.auth.roles import Scope
from pko.config import get_settings
from pko.http import get_session
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PUBLIC = [Depends(require("record", "read"))]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; forms and htmx send it back."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", name="login", dependencies=PUBLIC)
def login_form(request: Request, next: str = Query("/", max_length=200), session: Session = Depends(get_session)):
    """The sign-in form."""
    return render(request, session, "login.html", title="Sign in", next=_safe_next(next), csrf=csrf_token(request))


@router.post("/login", dependencies=PUBLIC)
def login(
    request: Request, username: str = Form(..., max_length=80), password: str = Form(..., max_length=200),
    csrf: str = Form(...), next: str = Form("/", max_length=200), session: Session = Depends(get_session),
):
    """Check the password (failures slow down, then lock the account for a while) and start a session."""
    if csrf != request.session.get("csrf"):
        return render(request, session, "login.html", status_code=403, title="Sign in", next=_safe_next(next),
                      csrf=csrf_token(request), error="The form expired: please sign in again.")
    devices = DeviceCookie(get_settings().signing_key, https_only=get_settings().environment != "development")
    known = devices.read(request.cookies.get(DEVICE_COOKIE))
    outcome = signin.authenticate(session, username=username, password=password,
                                  client=request.client.host if request.client else None,
                                  device_of=known[0] if known else None, device=known[1] if known else None)
    if outcome.user is None:
        headers, status = {}, 401
        if outcome.retry_at is not None:  # rounded up: a wait of 1.2 s is announced as 2
            wait = max(1, math.ceil((outcome.retry_at - accounts.utcnow()).total_seconds()))
            headers, status = {"Retry-After": str(wait)}, 429
        return render(request, session, "login.html", status_code=status, headers=headers, title="Sign in",
                      next=_safe_next(next), csrf=csrf_token(request), error=outcome.reason)
    token, signed = sessions.start(session, user=outcome.user, at=accounts.utcnow())
    request.session.clear()
    request.session.update(sid=token, username=signed.username, csrf=signed.csrf)
    answer = RedirectResponse(_safe_next(next), status_code=303)
    device = known[1] if known and known[0] == signed.username else secrets.token_urlsafe(16)
    answer.headers.append("Set-Cookie", devices.header(signed.username, device))
    return answer


@router.post("/logout", dependencies=[Depends(require("users", "read"))])
def logout(request: Request, session: Session = Depends(get_session)):
    """End the session, here and on the server (htmx is sent home by HX-Redirect)."""
    if "sid" in request.session:
        sessions.end(session, token=request.session["sid"], at=accounts.utcnow())
    request.session.clear()
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": "/"})
    return RedirectResponse("/", status_code=303)


@router.get("/audit", name="audit")
def audit_log(
    request: Request, actor: str = Query("", max_length=80), record_type: str = Query("", max_length=60),
    access: Access = Depends(require("audit", "read")), session: Session = Depends(get_session),
):
    """The audit log, filtered; a state delegate sees the entries on its own state's records."""
    owner = access.principal.state_iso3 if access.scope is Scope.own_state else None
    entries = audit.entries(session, actor=actor or None, record_type=record_type or None, owner_iso3=owner, limit=200)
    whole = audit.verify(session)[1] is None if access.scope is Scope.all else None
    return render(request, session, "audit.html", title="Audit log", entries=entries, actor=actor,
                  record_type=record_type, whole=whole)

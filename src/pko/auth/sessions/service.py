"""Server-side sessions: the browser's cookie carries only a random id; the row says whose session it is,
since when, when last seen and whether it was ended (sign-out, password change, disabled account)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pko.auth.models import AuthSession, User

LIFETIME = timedelta(hours=8)
IDLE = timedelta(hours=2)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often (no write per request)


class SignedIn(NamedTuple):
    """Who a live session belongs to, and its CSRF token."""

    username: str
    csrf: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, *, user: User, at: datetime) -> tuple[str, SignedIn]:
    """A new session for a user who just signed in: its random id (for the cookie, never stored) and CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(AuthSession(token_sha256=_digest(token), user_id=user.id, csrf=csrf, created_at=at, last_seen_at=at))
    session.flush()
    return token, SignedIn(user.username, csrf)


def current(session: Session, *, token: str, at: datetime) -> SignedIn | None:
    """The live session of this id (not ended, not older than LIFETIME, seen within IDLE, account enabled), or None."""
    found = session.execute(select(AuthSession, User.username, User.disabled).join(User, User.id == AuthSession.user_id)
                            .where(AuthSession.token_sha256 == _digest(token))).first()
    if found is None:
        return None
    row, username, disabled = found
    if disabled or row.revoked_at is not None or at >= row.created_at + LIFETIME or at >= row.last_seen_at + IDLE:
        return None
    if at >= row.last_seen_at + TOUCH_EVERY:
        row.last_seen_at = at
    return SignedIn(username, row.csrf)


def end(session: Session, *, token: str, at: datetime) -> None:
    """End one session (signing out)."""
    session.execute(update(AuthSession).where(AuthSession.token_sha256 == _digest(token), AuthSession.revoked_at.is_(None))
                    .values(revoked_at=at))


def end_all(session: Session, *, user_id: int, at: datetime) -> int:
    """End every session of an account (password changed, account disabled); how many were live."""
    return session.execute(update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
                           .values(revoked_at=at)).rowcount

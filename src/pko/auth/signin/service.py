"""Signing in: the password is checked only after an atomic claim on the limits of the account name, of the
client's address and, for a browser that signed in before, of that known device."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pko.auth.models import SignInLimit, User
from pko.auth.passwords import HASHER, LoginPolicy, verify_password
from pko.auth.service import Login, utcnow

ACCOUNT_POLICY = LoginPolicy()
# A client address is shared by the people behind it: it slows later and never locks as long as an account.
CLIENT_POLICY = LoginPolicy(slow_after=20, lock_after=40, first_wait=timedelta(seconds=1), lock_for=timedelta(minutes=5))
# An unknown name costs the same argon2 check as a known one, so that timing does not tell them apart.
UNKNOWN_USER_HASH = HASHER.hash(secrets.token_urlsafe(24))
WRONG = "unknown user or wrong password"
EPOCH = datetime(1970, 1, 1)


def _ensure(session: Session, key: str) -> None:
    table = SignInLimit.__table__
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[session.get_bind().dialect.name]
    session.execute(dialect.insert(table).values(key=key, failures=0, next_attempt_at=EPOCH)
                    .on_conflict_do_nothing(index_elements=["key"]))


def claim(session: Session, key: str, policy: LoginPolicy, at: datetime) -> datetime | None:
    """Count one try of `key` as a failure before its password is checked, in one atomic UPDATE that only
    passes when no wait is running (committed at once); None when the try may go on, else when it may."""
    _ensure(session, key)
    table = SignInLimit.__table__
    forgotten = table.c.next_attempt_at <= at - policy.forget_after
    count = case((forgotten, 1), else_=table.c.failures + 1)
    waits = [(count >= policy.lock_after, at + policy.lock_for)]
    waits += [(count == failures, policy.next_attempt(failures, at)) for failures in range(policy.slow_after, policy.lock_after)]
    passed = session.execute(update(table).where(table.c.key == key, table.c.next_attempt_at <= at)
                             .values(failures=count, next_attempt_at=case(*waits, else_=at))).rowcount
    retry_at = None if passed else session.scalar(select(table.c.next_attempt_at).where(table.c.key == key))
    session.commit()
    return retry_at


def forget(session: Session, key: str) -> None:
    """Clear a key's failures (after a success)."""
    session.execute(delete(SignInLimit).where(SignInLimit.key == key))


def _sweep(session: Session, at: datetime) -> None:
    oldest = at - max(ACCOUNT_POLICY.forget_after, CLIENT_POLICY.forget_after)
    session.execute(delete(SignInLimit).where(SignInLimit.next_attempt_at < oldest))


def authenticate(session: Session, *, username: str, password: str, client: str | None = None,
                 device_of: str | None = None, device: str | None = None, policy: LoginPolicy = ACCOUNT_POLICY,
                 client_policy: LoginPolicy = CLIENT_POLICY, at: datetime | None = None) -> Login:
    """Check a username and password behind the limits of the client and of the account name; a known
    device (`device`, signed in before as `device_of`) has a limit of its own instead, so that guesses by
    others that hold the account name or the address locked do not keep its owner out."""
    at = at or utcnow()
    known = device is not None and device_of == username
    if client is not None and not known:  # a known device is limited on its own, even behind a busy address
        retry_at = claim(session, f"client:{client}", client_policy, at)
        if retry_at is not None:
            return Login(None, "too many failed sign-ins from your address: wait before trying again", retry_at)
    key = f"device:{device}" if known else f"account:{username.casefold()}"
    retry_at = claim(session, key, policy, at)
    if retry_at is not None:
        return Login(None, "too many failed sign-ins: wait before trying again", retry_at)
    _sweep(session, at)
    user = session.scalar(select(User).where(User.username == username))
    matches = verify_password(user.password_hash if user is not None else UNKNOWN_USER_HASH, password)
    if user is None or user.disabled or not matches:
        following = session.scalar(select(SignInLimit.next_attempt_at).where(SignInLimit.key == key))
        return Login(None, WRONG, following if following and following > at else None)
    forget(session, key)
    if client is not None and not known:  # a success takes back its own try, so an office of many signs in freely
        table = SignInLimit.__table__
        session.execute(update(table).where(table.c.key == f"client:{client}")
                        .values(failures=case((table.c.failures > 0, table.c.failures - 1), else_=0)))
    return Login(user)

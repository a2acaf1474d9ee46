"""Use cases over accounts: create, list, disable, log in (slowed, then locked), tokens."""

from __future__ import annotations

import getpass
import hashlib
import secrets
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.auth.models import ApiToken, User
from pko.auth.passwords import LoginPolicy, hash_password, verify_password
from pko.auth.roles import ACTIONS, RESOURCES, ROLES, scope_of
from pko.audit import service as audit
from pko.auth.schemas import TokenOut, UserOut
from pko.registry.models import MemberState, Organization

STATE_ROLES = ("state-delegate", "council-delegate")
SHELL_ACTOR = f"cli:{getpass.getuser()}"  # the actor of changes made with the `pko` command
TOKEN_PREFIX = "pko_"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with the reason."""


@dataclass(frozen=True)
class Login:
    """The outcome of a login: the user, or why not and when the next attempt may be made."""

    user: User | None
    reason: str | None = None
    retry_at: datetime | None = None


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (as stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def delegation(session: Session, iso3: str) -> Organization:
    """The delegation of a member state, created on first use."""
    state = session.get(MemberState, iso3.upper())
    if state is None:
        raise AccountError(f"no member state '{iso3}' (import member-states first)")
    code = f"DELEGATION-{state.iso3}"
    found = session.scalar(select(Organization).where(Organization.code == code))
    if found is None:
        found = Organization(code=code, name=f"Delegation of {state.name}", kind="member state delegation",
                             member_state_iso3=state.iso3)
        session.add(found)
        session.flush()
    return found


def create_user(session: Session, *, username: str, password: str, organization_code: str, roles: list[str],
                actor: str, display_name: str | None = None) -> UserOut:
    """A new account; its roles must exist and state roles need a state's delegation."""
    unknown = [role for role in roles if role not in ROLES or role == "public"]
    if not roles or unknown:
        raise AccountError(f"unknown role(s) {', '.join(unknown) or '(none given)'}; roles: {', '.join(r for r in ROLES if r != 'public')}")
    organization = session.scalar(select(Organization).where(Organization.code == organization_code))
    if organization is None:
        raise AccountError(f"no organization '{organization_code}'")
    if any(role in STATE_ROLES for role in roles) and organization.member_state_iso3 is None:
        raise AccountError(f"roles {', '.join(STATE_ROLES)} need a member state's delegation, not {organization_code}")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"user '{username}' exists already")
    user = User(username=username, display_name=display_name or username, organization_code=organization_code,
                roles=list(roles), password_hash=hash_password(password), disabled=False, failed_logins=0,
                created_at=utcnow())
    session.add(user)
    session.flush()
    shown = UserOut.model_validate(user)
    audit.record(session, actor=actor, action="create", record_type="user", record_id=username,
                 after=shown.model_dump(mode="json"), owner_iso3=organization.member_state_iso3)
    return shown


def members(session: Session, *, organization_code: str) -> list[UserOut]:
    """The accounts of one organization, by username."""
    query = select(User).where(User.organization_code == organization_code).order_by(User.username)
    return [UserOut.model_validate(user) for user in session.scalars(query)]


def list_users(session: Session) -> list[UserOut]:
    """Every account, by username."""
    return [UserOut.model_validate(user) for user in session.scalars(select(User).order_by(User.username))]


def active_user(session: Session, username: str) -> User | None:
    """The enabled account of this name, or None."""
    user = session.scalar(select(User).where(User.username == username))
    return user if user is not None and not user.disabled else None


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(f"no user '{username}'")
    return user


def disable_user(session: Session, *, username: str, actor: str) -> UserOut:
    """Disable an account and revoke its tokens."""
    user = _user(session, username)
    before = UserOut.model_validate(user).model_dump(mode="json")
    user.disabled = True
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()
    after = UserOut.model_validate(user)
    audit.record(session, actor=actor, action="disable", record_type="user", record_id=username,
                 before=before, after=after.model_dump(mode="json"))
    return after


def authenticate(session: Session, *, username: str, password: str, policy: LoginPolicy = LoginPolicy(),
                 at: datetime | None = None) -> Login:
    """Check a username and password; failures are counted (the caller commits them), slowed, then locked."""
    at = at or utcnow()
    user = session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled:
        return Login(None, "unknown user or wrong password")
    if user.next_attempt_at is not None and at < user.next_attempt_at:
        return Login(None, "too many failed logins: wait before trying again", user.next_attempt_at)
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        user.next_attempt_at = policy.next_attempt(user.failed_logins, at)
        return Login(None, "unknown user or wrong password", user.next_attempt_at)
    user.failed_logins, user.next_attempt_at = 0, None
    return Login(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, username: str, name: str, actor: str, scopes: list[str] | None = None,
                 days: int = 30, at: datetime | None = None) -> tuple[str, TokenOut]:
    """A new bearer token (the secret is returned once); scopes narrow what the user's roles grant."""
    user = _user(session, username)
    if user.disabled:
        raise AccountError(f"user '{username}' is disabled")
    if not 1 <= days <= 366:
        raise AccountError("a token lives between 1 and 366 days")
    granted = [f"{resource}:{action}" for resource in RESOURCES for action in ACTIONS
               if scope_of(user.roles, resource, action) is not None]
    scopes = granted if not scopes else list(scopes)
    beyond = [scope for scope in scopes if scope not in granted]
    if beyond:
        raise AccountError(f"scope(s) beyond the user's roles: {', '.join(beyond)}")
    at = at or utcnow()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_sha256=_digest(secret), scopes=scopes, created_at=at,
                     expires_at=at + timedelta(days=days))
    session.add(token)
    session.flush()
    shown = TokenOut.model_validate(token)
    audit.record(session, actor=actor, action="create", record_type="api-token", record_id=token.id,
                 after=shown.model_dump(mode="json"))
    return secret, shown


def revoke_token(session: Session, *, token_id: int, actor: str) -> TokenOut:
    """Revoke a token at once."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise AccountError(f"no token {token_id}")
    before = TokenOut.model_validate(token).model_dump(mode="json")
    token.revoked_at = token.revoked_at or utcnow()
    after = TokenOut.model_validate(token)
    audit.record(session, actor=actor, action="revoke", record_type="api-token", record_id=token_id,
                 before=before, after=after.model_dump(mode="json"))
    return after


def list_tokens(session: Session, *, username: str | None = None) -> list[TokenOut]:
    """Tokens, newest first."""
    query = select(ApiToken).order_by(ApiToken.id.desc())
    if username:
        query = query.where(ApiToken.user_id == _user(session, username).id)
    return [TokenOut.model_validate(token) for token in session.scalars(query)]


class Bearer(NamedTuple):
    """Who a valid token speaks for: the user, the token's scopes, the user's member state (if a delegation)."""

    user: User
    scopes: list[str]
    state_iso3: str | None


def bearer(session: Session, secret: str, at: datetime | None = None) -> Bearer | None:
    """The user, scopes and state of a valid token (not expired, not revoked, user enabled), in one query."""
    found = session.execute(
        select(ApiToken, User, Organization.member_state_iso3)
        .join(User, User.id == ApiToken.user_id).join(Organization, Organization.code == User.organization_code)
        .where(ApiToken.token_sha256 == _digest(secret))
    ).first()
    if found is None:
        return None
    token, user, state = found
    if token.revoked_at is not None or (at or utcnow()) >= token.expires_at or user.disabled:
        return None
    return Bearer(user, list(token.scopes), state)

"""Use cases over accounts: create, list, edit, disable, change a password, tokens."""

from __future__ import annotations

import getpass
import hashlib
import secrets
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pko.auth.sessions import service as sessions
from pko.auth.models import ApiToken, User
from pko.auth.passwords import hash_password, verify_password, weakness
from pko.auth.roles import ACTIONS, RESOURCES, ROLES, scope_of
from pko.audit import service as audit
from pko.auth.schemas import TokenOut, UserFields, UserOut, email_address
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError
from pko.registry.models import MemberState, Organization

STATE_ROLES = ("state-delegate", "council-delegate")
SHELL_ACTOR = f"cli:{getpass.getuser()}"  # the actor of changes made with the `pko` command
TOKEN_PREFIX = "pko_"


class AccountError(QueryError):
    """A request about accounts that cannot be carried out, with the reason."""


class AccountExists(Conflict):
    """An account of that username exists already."""


class UnknownUser(NotFound, AccountError):
    """No account of that username."""



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


def _check_roles(roles: list[str], organization: Organization) -> None:
    unknown = [role for role in roles if role not in ROLES or role == "public"]
    if not roles or unknown:
        raise AccountError(f"unknown role(s) {', '.join(unknown) or '(none given)'}; roles: {', '.join(r for r in ROLES if r != 'public')}")
    if any(role in STATE_ROLES for role in roles) and organization.member_state_iso3 is None:
        raise AccountError(f"roles {', '.join(STATE_ROLES)} need a member state's delegation, not {organization.code}")
    if organization.member_state_iso3 is not None and any(role not in STATE_ROLES for role in roles):
        # A delegation holding a Secretariat or AU role would read every state's confidential records.
        raise AccountError(f"{organization.code} is a member state's delegation: its accounts hold only {', '.join(STATE_ROLES)}")


def create_user(session: Session, *, username: str, password: str, organization_code: str, roles: list[str],
                actor: str, display_name: str | None = None, email: str | None = None) -> UserOut:
    """A new account; its roles must exist, state roles need a state's delegation, its password must be strong,
    its e-mail address (where notices are mailed) must be one."""
    organization = session.scalar(select(Organization).where(Organization.code == organization_code))
    if organization is None:
        raise AccountError(f"no organization '{organization_code}'")
    _check_roles(roles, organization)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountExists(f"user '{username}' exists already")
    problem = weakness(password, username)
    if problem:
        raise AccountError(problem)
    if email is not None:
        email = _address(email)
    user = User(username=username, display_name=display_name or username, email=email,
                organization_code=organization_code,
                roles=list(dict.fromkeys(roles)), password_hash=hash_password(password), disabled=False,
                failed_logins=0, created_at=utcnow(), version=1)
    session.add(user)
    session.flush()
    shown = UserOut.model_validate(user)
    audit.record(session, actor=actor, action="create", record_type="user", record_id=username,
                 after=shown.model_dump(mode="json"), owner_iso3=organization.member_state_iso3)
    return shown


def _address(email: str) -> str:
    try:
        return email_address(email)
    except ValueError as error:
        raise AccountError(str(error)) from None


def members(session: Session, *, organization_code: str) -> list[UserOut]:
    """The accounts of one organization, by username."""
    query = select(User).where(User.organization_code == organization_code).order_by(User.username)
    return [UserOut.model_validate(user) for user in session.scalars(query)]


def _users(organization_code: str | None, q: str | None, disabled: bool | None, username: str | None = None):
    query = select(User)
    if username is not None:
        query = query.where(User.username == username)
    if organization_code:
        query = query.where(User.organization_code == organization_code)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.username).like(pattern), func.lower(User.display_name).like(pattern)))
    if disabled is not None:
        query = query.where(User.disabled.is_(disabled))
    return query


def list_users(session: Session, *, organization_code: str | None = None, q: str | None = None,
               disabled: bool | None = None, username: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[UserOut]:
    """Accounts by username, filtered (to one username too)."""
    query = _users(organization_code, q, disabled, username).order_by(User.username).offset(offset).limit(limit)
    return [UserOut.model_validate(user) for user in session.scalars(query)]


def count_users(session: Session, *, organization_code: str | None = None, q: str | None = None,
                disabled: bool | None = None, username: str | None = None) -> int:
    """How many accounts match."""
    query = _users(organization_code, q, disabled, username)
    return session.scalar(select(func.count()).select_from(query.subquery()))


def get_user(session: Session, *, username: str) -> UserOut | None:
    """One account by username, or None."""
    user = session.scalar(select(User).where(User.username == username))
    return UserOut.model_validate(user) if user else None


def active_user(session: Session, username: str) -> User | None:
    """The enabled account of this name, or None."""
    user = session.scalar(select(User).where(User.username == username))
    return user if user is not None and not user.disabled else None


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UnknownUser(f"no user '{username}'")
    return user


def _state_of(session: Session, organization_code: str) -> str | None:
    return session.scalar(select(Organization.member_state_iso3).where(Organization.code == organization_code))


def _revoke_all(session: Session, user: User) -> None:
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = utcnow()
    sessions.end_all(session, user_id=user.id, at=utcnow())


def disable_user(session: Session, *, username: str, actor: str, expected_version: int | None = None) -> UserOut:
    """Disable an account and revoke its tokens (against the version seen, when one is given)."""
    user = _user(session, username)
    if expected_version is None:
        expected_version = user.version
    return update_user(session, username=username, expected_version=expected_version,
                       fields=UserFields(disabled=True), actor=actor)


def update_user(session: Session, *, username: str, expected_version: int, fields: UserFields, actor: str) -> UserOut:
    """Edit an account at the version the editor saw; disabling revokes its tokens. No one disables
    themselves or takes away their own administration (an installation must keep an administrator)."""
    user = _user(session, username)
    check_version(f"user {username}", user.version, expected_version)
    changes = fields.model_dump(exclude_unset=True)
    if username == actor and (changes.get("disabled") or
                              ("roles" in changes and "secretariat-admin" in user.roles
                               and "secretariat-admin" not in changes["roles"])):
        raise Conflict("you cannot disable your own account or take away your own secretariat-admin role")
    if "roles" in changes:
        _check_roles(changes["roles"], session.scalar(select(Organization).where(Organization.code == user.organization_code)))
        changes["roles"] = list(dict.fromkeys(changes["roles"]))
    before = UserOut.model_validate(user).model_dump(mode="json")
    action = {(False, True): "disable", (True, False): "enable"}.get((user.disabled, changes.get("disabled", user.disabled)), "update")
    for field, value in changes.items():
        if value is not None or field == "email":  # a null address removes it
            setattr(user, field, value)
    if user.disabled:
        _revoke_all(session, user)
    user.version = expected_version + 1
    flush_versioned(session, f"user {username}")
    after = UserOut.model_validate(user)
    audit.record(session, actor=actor, action=action, record_type="user", record_id=username, before=before,
                 after=after.model_dump(mode="json"), owner_iso3=_state_of(session, user.organization_code))
    return after


def change_password(session: Session, *, username: str, new_password: str, actor: str,
                    current_password: str | None = None) -> UserOut:
    """Set a new (strong) password, checking the current one when it is given; every session of the account ends."""
    user = _user(session, username)
    if current_password is not None and not verify_password(user.password_hash, current_password):
        raise AccountError("the current password is wrong")
    problem = weakness(new_password, username)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    ended = sessions.end_all(session, user_id=user.id, at=utcnow())
    shown = UserOut.model_validate(user)
    audit.record(session, actor=actor, action="change-password", record_type="user", record_id=username,
                 after={"sessions_ended": ended}, owner_iso3=_state_of(session, user.organization_code))
    return shown


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

"""Use cases over action items and notifications: each write audited, edits against a version, owners told."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import delete, inspect, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from pko.actions.lifecycle import NEXT, PENDING, STATUSES, check_step, overdue
from pko.actions.models import ActionItem, ActionLink, ActionNotice, Notification
from pko.actions.schemas import ActionCreate, ActionFields, ActionOut, LinkIn, NotificationOut
from pko.audit import service as audit
from pko.auth.visibility import EVERYTHING, Visibility
from pko.auth.models import User
from pko.db import check_version, flush_versioned
from pko.errors import NotFound, QueryError
from pko.registry.models import Organization


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (as stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today() -> date:
    """Today's date in UTC, the day against which due dates are read."""
    return utcnow().date()


def organization(session: Session, code: str) -> Organization:
    """A known organization, or a 422 naming the code."""
    found = session.scalar(select(Organization).where(Organization.code == code))
    if found is None:
        raise QueryError(f"no organization '{code}' (pko registry organizations lists them)")
    return found


def check_decision(session: Session, decision_id: int | None, decisions: Visibility = EVERYTHING) -> None:
    """Refuse a link to a decision the consultations record does not hold, or holds out of the caller's sight
    (`decisions`: whose meetings' decisions the caller reads), with the same answer."""
    if decision_id is None:
        return
    try:
        from pko.consult.service import decision
    except ImportError:
        return
    if inspect(session.connection()).has_table("decision"):
        try:
            decision(session, decision_id=decision_id, visibility=decisions)
        except NotFound as error:
            raise QueryError(str(error)) from None


def _links(session: Session, action_id: int) -> list[LinkIn]:
    rows = session.scalars(select(ActionLink).where(ActionLink.action_id == action_id).order_by(ActionLink.id))
    return [LinkIn.model_validate(row) for row in rows]


def _shown(session: Session, item: ActionItem, on: date | None = None) -> ActionOut:
    return ActionOut(id=item.id, title=item.title, description=item.description, owner=item.owner_code,
                     due_on=item.due_on, status=item.status, overdue=overdue(item.due_on, item.status, on or today()),
                     decision_id=item.decision_id, links=_links(session, item.id), created_by=item.created_by,
                     created_at=item.created_at, version=item.version)


def _snapshot(session: Session, item: ActionItem) -> dict:
    return _shown(session, item).model_dump(mode="json", exclude={"overdue"})


def _owner_iso3(session: Session, code: str) -> str | None:
    return session.scalar(select(Organization.member_state_iso3).where(Organization.code == code))


def _audit(session: Session, item: ActionItem, actor: str, action: str, before: dict | None) -> None:
    audit.record(session, actor=actor, action=action, record_type="action-item", record_id=item.id, before=before,
                 after=_snapshot(session, item), owner_iso3=_owner_iso3(session, item.owner_code))


def list_actions(session: Session, *, owner: str | None = None, overdue_only: bool = False, status: str | None = None,
                 visibility: Visibility = EVERYTHING, on: date | None = None) -> list[ActionOut]:
    """Action items the caller may see, by due date; overdue ones only if asked."""
    on = on or today()
    if status is not None and status not in STATUSES:
        raise QueryError(f"'{status}' is not a status; statuses: {', '.join(STATUSES)}")
    if owner and not visibility.sees(organization=owner):
        raise NotFound(f"no action items of {owner} visible to you")
    query = select(ActionItem).where(visibility.where(organization=ActionItem.owner_code)).order_by(ActionItem.due_on, ActionItem.id)
    if owner:
        query = query.where(ActionItem.owner_code == owner)
    if status:
        query = query.where(ActionItem.status == status)
    if overdue_only:
        query = query.where(ActionItem.status.in_(PENDING), ActionItem.due_on < on)
    return [_shown(session, item, on) for item in session.scalars(query)]


def _visible(session: Session, action_id: int, visibility: Visibility) -> ActionItem:
    """An item the caller may see; another organization's answers as a missing one (one query, one message)."""
    item = session.scalar(select(ActionItem).where(ActionItem.id == action_id,
                                                   visibility.where(organization=ActionItem.owner_code)))
    if item is None:
        raise NotFound(f"no action item {action_id}")
    return item


def get_action(session: Session, *, action_id: int, visibility: Visibility = EVERYTHING) -> ActionOut:
    """One action item (404 when missing or out of the caller's sight)."""
    return _shown(session, _visible(session, action_id, visibility))


def _set_links(session: Session, item: ActionItem, links: list[LinkIn]) -> None:
    session.execute(delete(ActionLink).where(ActionLink.action_id == item.id))
    for link in dict.fromkeys((link.record_type, link.record_id) for link in links):
        session.add(ActionLink(action_id=item.id, record_type=link[0], record_id=link[1]))
    session.flush()


def tell(session: Session, item: ActionItem, kind: str, text: str) -> None:
    """Tell the owner once about an item (in the app now; by mail when notices are next sent)."""
    found = session.scalar(select(ActionNotice.id).where(
        ActionNotice.action_id == item.id, ActionNotice.kind == kind, ActionNotice.owner_code == item.owner_code,
        *([ActionNotice.due_on == item.due_on] if kind == "overdue" else [])))
    if found is not None:
        return
    now = utcnow()
    session.add(ActionNotice(action_id=item.id, kind=kind, owner_code=item.owner_code, due_on=item.due_on,
                             created_at=now, mailed_at=None, recipients=[]))
    session.add(Notification(organization_code=item.owner_code, text=text[:500], link=page_link(item.owner_code, item.id),
                             created_at=now))
    session.flush()


def page_link(owner_code: str, action_id: int) -> str:
    """Where the UI shows an item: its owner's list, scrolled to it."""
    return f"/actions?org={owner_code}#action-{action_id}"


def assigned_text(item: ActionItem) -> str:
    return f"Action item {item.id} assigned to {item.owner_code}, due {item.due_on}: {item.title}"


def overdue_text(item: ActionItem) -> str:
    return f"Action item {item.id} of {item.owner_code} is overdue since {item.due_on} ({item.status}): {item.title}"


def create_action(session: Session, *, data: ActionCreate, actor: str, visibility: Visibility = EVERYTHING,
                  decisions: Visibility = EVERYTHING) -> ActionOut:
    """A new open action item, linked only to a decision the caller may read; its owner is told."""
    if not visibility.sees(organization=data.owner):
        raise QueryError(f"you may record action items of {', '.join(sorted(visibility.organizations)) or 'no one'} only, not of {data.owner}")
    organization(session, data.owner)
    check_decision(session, data.decision_id, decisions)
    item = ActionItem(title=data.title, description=data.description, owner_code=data.owner, due_on=data.due_on,
                      status="open", decision_id=data.decision_id, created_by=actor, created_at=utcnow())
    session.add(item)
    session.flush()
    _set_links(session, item, data.links)
    tell(session, item, "assigned", assigned_text(item))
    _audit(session, item, actor, "create", None)
    return _shown(session, item)


def update_action(session: Session, *, action_id: int, expected_version: int, fields: ActionFields, actor: str,
                  visibility: Visibility = EVERYTHING, decisions: Visibility = EVERYTHING) -> ActionOut:
    """Edit an item at the version the editor saw; a status moves only as its life allows; a new owner is told."""
    item = _visible(session, action_id, visibility)
    check_version(f"action item {action_id}", item.version, expected_version)
    changes = fields.model_dump(exclude_unset=True)
    if changes.get("status") is not None:
        try:
            check_step("action item", NEXT, item.status, changes["status"])
        except ValueError as error:
            raise QueryError(str(error)) from None
    owner = changes.get("owner")
    if owner is not None and owner != item.owner_code:
        if not visibility.everything:
            raise QueryError(f"only the Secretariat hands an item of {item.owner_code} to another organization")
        organization(session, owner)
    if changes.get("decision_id") != item.decision_id:
        check_decision(session, changes.get("decision_id"), decisions)
    before = _snapshot(session, item)
    for name, value in changes.items():
        if name == "links" or (value is None and name in ("title", "owner", "due_on", "status")):
            continue
        setattr(item, "owner_code" if name == "owner" else name, value)
    if fields.links is not None and [(l.record_type, l.record_id) for l in fields.links] != [
            (l["record_type"], l["record_id"]) for l in before["links"]]:
        _set_links(session, item, fields.links)
        flag_modified(item, "title")  # new links are a new version of the item too
    flush_versioned(session, f"action item {action_id}")
    if before["owner"] != item.owner_code:
        tell(session, item, "assigned", assigned_text(item))
    _audit(session, item, actor, "update", before)
    return _shown(session, item)


def notifications_of(session: Session, *, username: str, organization_code: str | None,
                     unread_only: bool = False) -> list[NotificationOut]:
    """The messages to a user or to the user's organization, newest first."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    query = select(Notification).where(or_(Notification.user_id == user_id,
                                           Notification.organization_code == organization_code))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return [NotificationOut.model_validate(row) for row in session.scalars(query)]


def mark_read(session: Session, *, notification_id: int, username: str, organization_code: str | None) -> NotificationOut:
    """Mark one of the caller's messages read (404 for anyone else's)."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    found = session.get(Notification, notification_id)
    if found is None or not ((found.user_id is not None and found.user_id == user_id)
                             or (found.organization_code is not None and found.organization_code == organization_code)):
        raise NotFound(f"no notification {notification_id}")
    if found.read_at is None:
        found.read_at = utcnow()
        session.flush()
    return NotificationOut.model_validate(found)

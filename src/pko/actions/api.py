"""Routes for action items and notifications: an organization reads and changes its own items, the Secretariat all."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from pko.actions import service
from pko.actions.lifecycle import STATUSES
from pko.actions.schemas import ActionCreate, ActionFields, ActionOut, NotificationOut
from pko.auth.permissions import Access, require, visibility
from pko.http import Page, Paging, etag, expected_version, get_session, paging

router = APIRouter(tags=["actions"])
ActionId = Path(..., ge=1, le=2**31 - 1)
NotificationId = Path(..., ge=1, le=2**31 - 1)
PREFIX = "/api/v1/actions"


def own_organization(access: Access) -> str | None:
    """The organization whose items the caller is limited to (None: every organization's)."""
    seen = access.visibility
    return None if seen.everything else min(seen.organizations, default="-")


def _page(rows: list, page: Paging, sources: list[str]) -> Page:
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=sources,
                items=rows[page.offset:page.offset + page.limit])


@router.get(PREFIX, response_model=Page[ActionOut])
def list_actions(
    org: str | None = Query(None, min_length=2, max_length=40, description="Owner organization code"),
    overdue: bool = Query(False, description="Only items past their due date and still open or in progress"),
    status: Literal[STATUSES] | None = Query(None, description="open, in progress, done or dropped"),
    on: date | None = Query(None, description="The day against which due dates are read (default today)"),
    page: Paging = Depends(paging), access: Access = Depends(require("actions", "read")),
    session: Session = Depends(get_session),
) -> Page[ActionOut]:
    """Action items by due date; each says whether it is overdue."""
    rows = service.list_actions(session, owner=org, overdue_only=overdue, status=status,
                                visibility=access.visibility, on=on)
    return _page(rows, page, ["action_item"])


@router.get(PREFIX + "/{action_id}", response_model=ActionOut)
def get_action(response: Response, action_id: int = ActionId, access: Access = Depends(require("actions", "read")),
               session: Session = Depends(get_session)) -> ActionOut:
    """One action item; its ETag is its version."""
    item = service.get_action(session, action_id=action_id, visibility=access.visibility)
    response.headers["ETag"] = etag(item.version)
    return item


@router.post(PREFIX, response_model=ActionOut, status_code=201)
def create_action(data: ActionCreate, response: Response, access: Access = Depends(require("actions", "write")),
                  session: Session = Depends(get_session)) -> ActionOut:
    """Record an action item (open); its owner organization is notified."""
    item = service.create_action(session, data=data, actor=access.principal.username,
                                 visibility=access.visibility, decisions=visibility(access.principal, "consultations"))
    response.headers["ETag"] = etag(item.version)
    response.headers["Location"] = f"{PREFIX}/{item.id}"
    return item


@router.patch(PREFIX + "/{action_id}", response_model=ActionOut)
def update_action(
    fields: ActionFields, response: Response, action_id: int = ActionId,
    access: Access = Depends(require("actions", "write")), version: int = Depends(expected_version),
    session: Session = Depends(get_session),
) -> ActionOut:
    """Edit an action item or move its status, at the version named by If-Match (412 when stale)."""
    item = service.update_action(session, action_id=action_id, expected_version=version, fields=fields,
                                 actor=access.principal.username, visibility=access.visibility,
                                 decisions=visibility(access.principal, "consultations"))
    response.headers["ETag"] = etag(item.version)
    return item


@router.get("/api/v1/notifications", response_model=Page[NotificationOut])
def my_notifications(
    unread: bool = Query(False, description="Only messages not read yet"), page: Paging = Depends(paging),
    access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session),
) -> Page[NotificationOut]:
    """The caller's messages: to the caller and to the caller's organization, newest first."""
    rows = service.notifications_of(session, username=access.principal.username,
                                    organization_code=access.principal.organization_code, unread_only=unread)
    return _page(rows, page, ["notification"])


@router.post("/api/v1/notifications/{notification_id}/read", response_model=NotificationOut)
def mark_read(notification_id: int = NotificationId, access: Access = Depends(require("actions", "read")),
              session: Session = Depends(get_session)) -> NotificationOut:
    """Mark one of the caller's messages read (404 for anyone else's)."""
    return service.mark_read(session, notification_id=notification_id, username=access.principal.username,
                             organization_code=access.principal.organization_code)

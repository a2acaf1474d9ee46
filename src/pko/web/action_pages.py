"""Action items in the UI: an organization's list with overdue items flagged, status changes, notifications, AU-UN joint work."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pko.actions import joint_service as joint
from pko.actions import service as actions
from pko.actions.api import own_organization
from pko.actions.lifecycle import NEXT, parse_link
from pko.actions.schemas import ActionCreate, ActionFields
from pko.auth.permissions import Access, granted, require
from pko.errors import NotFound
from pko.http import get_session
from pko.registry.service import list_organizations
from pko.web.account_pages import csrf_token
from pko.web.forms import done
from pko.web.mandate_pages import REFUSED, problems
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _refused(request: Request, error: Exception) -> HTMLResponse:
    answer = problems(request, error)
    if isinstance(error, NotFound):  # another organization's item is as absent as a missing one
        answer.status_code = 404
    return answer


def _links(text: str) -> list[dict]:
    return [dict(zip(("record_type", "record_id"), parse_link(part))) for part in text.replace(",", " ").split()]


@router.get("/actions", name="actions")
def action_list(
    request: Request, org: str = Query("", max_length=40, description="Owner organization code"),
    overdue: bool = Query(False, description="Only overdue items"),
    access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session),
):
    """An organization's action items (overdue flagged), the caller's notifications, support requests and joint reviews."""
    own = own_organization(access)
    shown = org.strip() or own
    try:
        items = actions.list_actions(session, owner=shown or None, overdue_only=overdue, visibility=access.visibility)
    except NotFound:
        return render(request, session, "not_found.html", status_code=404, title="Not found",
                      what=f"action items of {org}")
    principal = access.principal
    writer = granted(principal, "actions", "write") is not None
    return render(
        request, session, "actions.html", title="Action items", section="actions", items=items, org=shown or "",
        overdue=overdue, own=own, writer=writer, next_steps=NEXT, csrf=csrf_token(request),
        organizations=[] if own else [o.code for o in list_organizations(session)],
        notifications=actions.notifications_of(session, username=principal.username,
                                               organization_code=principal.organization_code),
        requests=joint.list_requests(session, visible_to=own), reviews=joint.list_reviews(session, visible_to=own),
    )


@router.post("/actions")
def action_create(
    request: Request, title: str = Form(..., max_length=300), owner: str = Form(..., max_length=40),
    due_on: str = Form(..., max_length=10), links: str = Form("", max_length=2000),
    access: Access = Depends(require("actions", "write")), session: Session = Depends(get_session),
):
    """Record an action item from the form; errors come back beside it."""
    try:
        data = ActionCreate(title=title, owner=owner.strip(), due_on=due_on, links=_links(links))
        item = actions.create_action(session, data=data, actor=access.principal.username,
                                     visibility=access.visibility)
    except REFUSED + (ValueError,) as error:
        return _refused(request, error)
    return done(request, session, actions.page_link(item.owner, item.id), f"Action item {item.id} recorded: {item.title}.")


@router.post("/actions/{action_id}/status")
def action_status(
    request: Request, action_id: int, version: int = Form(...), status: str = Form(..., max_length=12),
    access: Access = Depends(require("actions", "write")), session: Session = Depends(get_session),
):
    """Move an item's status against the version shown (409 when someone changed it since)."""
    try:
        if not 0 < action_id < 2**31:
            raise NotFound(f"no action item {action_id}")
        item = actions.update_action(session, action_id=action_id, expected_version=version,
                                     fields=ActionFields(status=status), actor=access.principal.username,
                                     visibility=access.visibility)
    except REFUSED as error:
        return _refused(request, error)
    return done(request, session, actions.page_link(item.owner, item.id), f"Action item {item.id} is now {item.status}.")


@router.post("/notifications/{notification_id}/read", name="notification_read")
def notification_read(
    request: Request, notification_id: int, access: Access = Depends(require("actions", "read")),
    session: Session = Depends(get_session),
):
    """Mark one of the caller's messages read."""
    try:
        if not 0 < notification_id < 2**31:
            raise NotFound(f"no notification {notification_id}")
        actions.mark_read(session, notification_id=notification_id, username=access.principal.username,
                          organization_code=access.principal.organization_code)
    except REFUSED as error:
        return _refused(request, error)
    return done(request, session, "/actions", "Marked as read.")

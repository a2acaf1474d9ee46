"""Routes for AU-UN joint work: support requests (seen by the requesting organization) and joint reviews (by participants)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from pko.actions import joint_service as joint
from pko.actions.api import own_organization
from pko.actions.schemas import (JointReviewCreate, JointReviewFields, JointReviewOut, SupportRequestCreate,
                                 SupportRequestFields, SupportRequestOut)
from pko.auth.permissions import Access, require
from pko.http import Page, Paging, etag, expected_version, get_session, paging

router = APIRouter(tags=["AU-UN joint work"])
RequestId = Path(..., ge=1, le=2**31 - 1)
ReviewId = Path(..., ge=1, le=2**31 - 1)
REQUESTS, REVIEWS = "/api/v1/support-requests", "/api/v1/joint-reviews"
MissionQuery = Query(None, min_length=2, max_length=20, description="AU-led operation, e.g. ATMIS")


@router.get(REQUESTS, response_model=Page[SupportRequestOut])
def list_requests(mission: str | None = MissionQuery, page: Paging = Depends(paging),
                  access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session)):
    """Requests for UN support to AU-led operations, newest first, with their decisions."""
    rows = joint.list_requests(session, mission=mission, visible_to=own_organization(access))
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["support_request", "decision"],
                items=rows[page.offset:page.offset + page.limit])


@router.get(REQUESTS + "/{support_request_id}", response_model=SupportRequestOut)
def get_request(response: Response, support_request_id: int = RequestId,
                access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session)):
    """One support request; its ETag is its version."""
    shown = joint.get_request(session, request_id=support_request_id, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    return shown


@router.post(REQUESTS, response_model=SupportRequestOut, status_code=201)
def create_request(data: SupportRequestCreate, response: Response, access: Access = Depends(require("actions", "write")),
                   session: Session = Depends(get_session)):
    """Record a support request (submitted)."""
    shown = joint.create_request(session, data=data, actor=access.principal.username, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    response.headers["Location"] = f"{REQUESTS}/{shown.id}"
    return shown


@router.patch(REQUESTS + "/{support_request_id}", response_model=SupportRequestOut)
def update_request(fields: SupportRequestFields, response: Response, support_request_id: int = RequestId,
                   access: Access = Depends(require("actions", "write")), version: int = Depends(expected_version),
                   session: Session = Depends(get_session)):
    """Change a request or move its status, at the version named by If-Match."""
    shown = joint.update_request(session, request_id=support_request_id, expected_version=version, fields=fields,
                                 actor=access.principal.username, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    return shown


@router.get(REVIEWS, response_model=Page[JointReviewOut])
def list_reviews(mission: str | None = MissionQuery, page: Paging = Depends(paging),
                 access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session)):
    """Joint reviews, newest first, with their decisions."""
    rows = joint.list_reviews(session, mission=mission, visible_to=own_organization(access))
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["joint_review", "decision"],
                items=rows[page.offset:page.offset + page.limit])


@router.get(REVIEWS + "/{joint_review_id}", response_model=JointReviewOut)
def get_review(response: Response, joint_review_id: int = ReviewId,
               access: Access = Depends(require("actions", "read")), session: Session = Depends(get_session)):
    """One joint review; its ETag is its version."""
    shown = joint.get_review(session, review_id=joint_review_id, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    return shown


@router.post(REVIEWS, response_model=JointReviewOut, status_code=201)
def create_review(data: JointReviewCreate, response: Response, access: Access = Depends(require("actions", "write")),
                  session: Session = Depends(get_session)):
    """Record a joint review (planned)."""
    shown = joint.create_review(session, data=data, actor=access.principal.username, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    response.headers["Location"] = f"{REVIEWS}/{shown.id}"
    return shown


@router.patch(REVIEWS + "/{joint_review_id}", response_model=JointReviewOut)
def update_review(fields: JointReviewFields, response: Response, joint_review_id: int = ReviewId,
                  access: Access = Depends(require("actions", "write")), version: int = Depends(expected_version),
                  session: Session = Depends(get_session)):
    """Change a review, its findings or status, at the version named by If-Match."""
    shown = joint.update_review(session, review_id=joint_review_id, expected_version=version, fields=fields,
                                actor=access.principal.username, visible_to=own_organization(access))
    response.headers["ETag"] = etag(shown.version)
    return shown

"""Use cases over AU-UN joint work: support requests and joint reviews, each with the decisions taken about it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.actions.lifecycle import REQUEST_NEXT, REVIEW_NEXT, check_step
from pko.actions.models import JointReview, SupportRequest
from pko.actions.schemas import (DecisionOut, JointReviewCreate, JointReviewFields, JointReviewOut, SupportRequestCreate,
                                 SupportRequestFields, SupportRequestOut)
from pko.actions.service import organization
from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import NotFound, QueryError
from pko.missions import catalogue
from pko.missions.models import Mission

SUPPORTED = (catalogue.AU_LED, catalogue.HYBRID)


def decisions_about(session: Session, subject_type: str, subject_id: int) -> list[DecisionOut]:
    """The decisions the consultations record holds about a support request or joint review (none without it)."""
    try:
        from pko.consult.service import decisions_for
    except ImportError:
        return []
    return [DecisionOut.model_validate(found, from_attributes=True)
            for found in decisions_for(session, subject_type, subject_id)]


def au_mission(session: Session, label: str) -> str:
    """The acronym of an AU-led (or hybrid) operation, or a 422 saying why not."""
    known = catalogue.entry(label)
    recorded = session.get(Mission, known.acronym if known else label)
    kind = recorded.kind if recorded is not None else (known.kind if known else None)
    if kind is None:
        raise QueryError(f"'{label}' is not a known mission")
    if kind not in SUPPORTED:
        raise QueryError(f"{label} is a {kind}, not an AU-led or hybrid operation")
    return known.acronym if known else label


def _request_out(session: Session, row: SupportRequest) -> SupportRequestOut:
    return SupportRequestOut(id=row.id, kind=row.kind, requesting=row.requesting_code, mission=row.mission,
                             amount_usd=row.amount_usd, description=row.description, submitted_on=row.submitted_on,
                             status=row.status, created_by=row.created_by, version=row.version,
                             decisions=decisions_about(session, "support-request", row.id))


def _review_out(session: Session, row: JointReview) -> JointReviewOut:
    return JointReviewOut(id=row.id, mission=row.mission, held_on=row.held_on, participants=list(row.participants),
                          findings=row.findings, status=row.status, created_by=row.created_by, version=row.version,
                          decisions=decisions_about(session, "joint-review", row.id))


def _snapshot(shown) -> dict:
    return shown.model_dump(mode="json", exclude={"decisions"})


def list_requests(session: Session, *, mission: str | None = None, visible_to: str | None = None) -> list[SupportRequestOut]:
    """Support requests, newest first; `visible_to` keeps those one organization made."""
    query = select(SupportRequest).order_by(SupportRequest.submitted_on.desc(), SupportRequest.id.desc())
    if mission:
        query = query.where(SupportRequest.mission == au_mission(session, mission))
    if visible_to:
        query = query.where(SupportRequest.requesting_code == visible_to)
    return [_request_out(session, row) for row in session.scalars(query)]


def _request(session: Session, request_id: int, visible_to: str | None) -> SupportRequest:
    row = session.get(SupportRequest, request_id)
    if row is None or (visible_to and row.requesting_code != visible_to):
        raise NotFound(f"no support request {request_id}")
    return row


def get_request(session: Session, *, request_id: int, visible_to: str | None = None) -> SupportRequestOut:
    """One support request with its decisions."""
    return _request_out(session, _request(session, request_id, visible_to))


def create_request(session: Session, *, data: SupportRequestCreate, actor: str,
                   visible_to: str | None = None) -> SupportRequestOut:
    """A new support request (submitted)."""
    if visible_to and data.requesting != visible_to:
        raise QueryError(f"you may record requests of {visible_to} only, not of {data.requesting}")
    requester = organization(session, data.requesting)
    if "AU" not in (requester.code, requester.parent_code):
        raise QueryError(f"{requester.code} is not the African Union or one of its organs: only they request support")
    row = SupportRequest(kind=data.kind, requesting_code=data.requesting, mission=au_mission(session, data.mission),
                         amount_usd=data.amount_usd, description=data.description, submitted_on=data.submitted_on,
                         status="submitted", created_by=actor)
    session.add(row)
    session.flush()
    shown = _request_out(session, row)
    audit.record(session, actor=actor, action="create", record_type="support-request", record_id=row.id,
                 after=_snapshot(shown))
    return shown


def update_request(session: Session, *, request_id: int, expected_version: int, fields: SupportRequestFields,
                   actor: str, visible_to: str | None = None) -> SupportRequestOut:
    """Change a request at the version the editor saw; its status moves only as its life allows."""
    row = _request(session, request_id, visible_to)
    check_version(f"support request {request_id}", row.version, expected_version)
    changes = fields.model_dump(exclude_unset=True)
    if changes.get("status") is not None:
        try:
            check_step("support request", REQUEST_NEXT, row.status, changes["status"])
        except ValueError as error:
            raise QueryError(str(error)) from None
    before = _snapshot(_request_out(session, row))
    for name, value in changes.items():
        if value is not None or name == "amount_usd":
            setattr(row, name, value)
    flush_versioned(session, f"support request {request_id}")
    shown = _request_out(session, row)
    audit.record(session, actor=actor, action="update", record_type="support-request", record_id=row.id,
                 before=before, after=_snapshot(shown))
    return shown


def list_reviews(session: Session, *, mission: str | None = None, visible_to: str | None = None) -> list[JointReviewOut]:
    """Joint reviews, newest first; `visible_to` keeps those one organization took part in."""
    query = select(JointReview).order_by(JointReview.held_on.desc(), JointReview.id.desc())
    if mission:
        query = query.where(JointReview.mission == au_mission(session, mission))
    rows = session.scalars(query).all()
    return [_review_out(session, row) for row in rows if not visible_to or visible_to in row.participants]


def _review(session: Session, review_id: int, visible_to: str | None) -> JointReview:
    row = session.get(JointReview, review_id)
    if row is None or (visible_to and visible_to not in row.participants):
        raise NotFound(f"no joint review {review_id}")
    return row


def get_review(session: Session, *, review_id: int, visible_to: str | None = None) -> JointReviewOut:
    """One joint review with its decisions."""
    return _review_out(session, _review(session, review_id, visible_to))


def _participants(session: Session, codes: list[str], visible_to: str | None) -> list[str]:
    codes = list(dict.fromkeys(codes))
    for code in codes:
        organization(session, code)
    if visible_to and visible_to not in codes:
        raise QueryError(f"{visible_to} must take part in the reviews it records")
    return codes


def create_review(session: Session, *, data: JointReviewCreate, actor: str, visible_to: str | None = None) -> JointReviewOut:
    """A new joint review (planned)."""
    row = JointReview(mission=au_mission(session, data.mission), held_on=data.held_on,
                      participants=_participants(session, data.participants, visible_to), findings=data.findings,
                      status="planned", created_by=actor)
    session.add(row)
    session.flush()
    shown = _review_out(session, row)
    audit.record(session, actor=actor, action="create", record_type="joint-review", record_id=row.id,
                 after=_snapshot(shown))
    return shown


def update_review(session: Session, *, review_id: int, expected_version: int, fields: JointReviewFields, actor: str,
                  visible_to: str | None = None) -> JointReviewOut:
    """Change a review at the version the editor saw."""
    row = _review(session, review_id, visible_to)
    check_version(f"joint review {review_id}", row.version, expected_version)
    changes = fields.model_dump(exclude_unset=True)
    if changes.get("status") is not None:
        try:
            check_step("joint review", REVIEW_NEXT, row.status, changes["status"])
        except ValueError as error:
            raise QueryError(str(error)) from None
    if changes.get("participants") is not None:
        changes["participants"] = _participants(session, changes["participants"], visible_to)
    before = _snapshot(_review_out(session, row))
    for name, value in changes.items():
        if value is not None or name == "findings":
            setattr(row, name, value)
    flush_versioned(session, f"joint review {review_id}")
    shown = _review_out(session, row)
    audit.record(session, actor=actor, action="update", record_type="joint-review", record_id=row.id,
                 before=before, after=_snapshot(shown))
    return shown

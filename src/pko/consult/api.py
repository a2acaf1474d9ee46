"""Routes for consultations: meetings, participants, decisions; a state reads only the meetings it is party to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, granted, require, visibility
from pko.consult import briefing, scheduling, service
from pko.consult.schemas import (
    AttendanceIn, DecisionCreate, DecisionFields, DecisionOut, Kind, MeetingCreate, MeetingFields, MeetingOut,
    PackOut, ParticipantIn, ParticipantOut, ScheduledOut, ScheduleIn,
)
from pko.errors import NotFound, QueryError
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.web import pack_document

router = APIRouter(prefix="/api/v1/consultations", tags=["consultations"])


def _id():
    """A record id path parameter (its own instance for each parameter name)."""
    return Path(..., ge=1, le=2**31 - 1)

SOURCES = ["meeting", "meeting_participant", "decision"]


@router.get("", response_model=Page[MeetingOut])
def list_meetings(
    mission: str | None = Query(None, min_length=2, max_length=20, description="Mission acronym"),
    date_from: date | None = Query(None, alias="from", description="First day (YYYY-MM-DD)"),
    date_to: date | None = Query(None, alias="to", description="Last day (YYYY-MM-DD)"),
    kind: Kind | None = Query(None), page: Paging = Depends(paging), session: Session = Depends(get_session),
    access: Access = Depends(require("consultations", "read")),
) -> Page[MeetingOut]:
    """Meetings by date, with participants and decisions; a state sees those it is party to."""
    rows = service.list_meetings(session, mission=mission, date_from=date_from, date_to=date_to, kind=kind,
                                 visibility=access.visibility)
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=SOURCES,
                items=rows[page.offset:page.offset + page.limit])


@router.post("", response_model=MeetingOut, status_code=201)
def create_meeting(data: MeetingCreate, response: Response, session: Session = Depends(get_session),
                   access: Access = Depends(require("consultations", "write"))) -> MeetingOut:
    """Record a meeting with its first participants (an organization's editor makes its organization a party)."""
    meeting = service.create_meeting(session, data=data, actor=access.principal.username,
                                     visibility=access.visibility)
    response.headers["ETag"] = etag(meeting.version)
    response.headers["Location"] = f"{router.prefix}/{meeting.id}"
    return meeting


def schedule(session: Session, access: Access, data: ScheduleIn) -> list[ScheduledOut]:
    """Schedule consultations as the caller; a triangular consultation is placed only by a writer over every meeting."""
    if not access.visibility.everything:
        raise HTTPException(403, "scheduling triangular consultations needs consultations write over every meeting")
    return scheduling.schedule_consultations(session, mission=data.mission, every=data.all, lead_weeks=data.lead_weeks,
                                             actor=access.principal.username, allow_stale=data.allow_stale)


@router.post("/schedule", response_model=list[ScheduledOut])
def schedule_consultations(data: ScheduleIn, session: Session = Depends(get_session),
                           access: Access = Depends(require("consultations", "write"))) -> list[ScheduledOut]:
    """Create each mission's triangular consultation before its mandate expires (re-running creates nothing twice)."""
    return schedule(session, access, data)


@router.get("/decisions", response_model=Page[DecisionOut])
def list_decisions(
    meeting_id: int | None = Query(None, ge=1, le=2**31 - 1), subject_type: str | None = Query(None, max_length=40),
    subject_id: int | None = Query(None, ge=1, le=2**31 - 1), page: Paging = Depends(paging),
    session: Session = Depends(get_session), access: Access = Depends(require("consultations", "read")),
) -> Page[DecisionOut]:
    """Decisions by date: of a meeting, or about a record (subject_type and subject_id)."""
    rows = service.list_decisions(session, meeting_id=meeting_id, subject_type=subject_type, subject_id=subject_id,
                                  visibility=access.visibility)
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["decision"],
                items=rows[page.offset:page.offset + page.limit])


@router.post("/decisions", response_model=DecisionOut, status_code=201)
def create_decision(data: DecisionCreate, response: Response, session: Session = Depends(get_session),
                    access: Access = Depends(require("consultations", "write"))) -> DecisionOut:
    """Record who decided what, when: at a meeting, about a record, or both."""
    decision = service.create_decision(session, data=data, actor=access.principal.username,
                                       visibility=access.visibility)
    response.headers["ETag"] = etag(decision.version)
    response.headers["Location"] = f"{router.prefix}/decisions/{decision.id}"
    return decision


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
def get_decision(response: Response, decision_id: int = _id(), session: Session = Depends(get_session),
                 access: Access = Depends(require("consultations", "read"))) -> DecisionOut:
    """One decision; its ETag is its version."""
    decision = service.get_decision(session, decision_id=decision_id, visibility=access.visibility)
    response.headers["ETag"] = etag(decision.version)
    return decision


@router.patch("/decisions/{decision_id}", response_model=DecisionOut)
def update_decision(fields: DecisionFields, response: Response, access: Access = Depends(require("consultations", "write")),
                    decision_id: int = _id(), version: int = Depends(expected_version),
                    session: Session = Depends(get_session)) -> DecisionOut:
    """Correct a decision at the version named by If-Match."""
    decision = service.update_decision(session, decision_id=decision_id, expected_version=version, fields=fields,
                                       actor=access.principal.username, visibility=access.visibility)
    response.headers["ETag"] = etag(decision.version)
    return decision


@router.get("/{meeting_id}", response_model=MeetingOut)
def get_meeting(response: Response, meeting_id: int = _id(), session: Session = Depends(get_session),
                access: Access = Depends(require("consultations", "read"))) -> MeetingOut:
    """One meeting with its participants and decisions; its ETag is its version."""
    meeting = service.get_meeting(session, meeting_id=meeting_id, visibility=access.visibility)
    response.headers["ETag"] = etag(meeting.version)
    return meeting


@router.patch("/{meeting_id}", response_model=MeetingOut)
def update_meeting(fields: MeetingFields, response: Response, access: Access = Depends(require("consultations", "write")),
                   meeting_id: int = _id(), version: int = Depends(expected_version),
                   session: Session = Depends(get_session)) -> MeetingOut:
    """Edit a meeting (agenda, minutes, date, status...) at the version named by If-Match (412 when stale)."""
    meeting = service.update_meeting(session, meeting_id=meeting_id, expected_version=version, fields=fields,
                                     actor=access.principal.username, visibility=access.visibility)
    response.headers["ETag"] = etag(meeting.version)
    return meeting


@router.post("/{meeting_id}/participants", response_model=ParticipantOut, status_code=201)
def add_participant(data: ParticipantIn, response: Response, meeting_id: int = _id(), session: Session = Depends(get_session),
                    access: Access = Depends(require("consultations", "write"))) -> ParticipantOut:
    """Invite an organization, a member state's delegation (state_iso3) or a person."""
    participant = service.add_participant(session, meeting_id=meeting_id, data=data, actor=access.principal.username,
                                          visibility=access.visibility)
    response.headers["ETag"] = etag(participant.version)
    return participant


@router.patch("/{meeting_id}/participants/{participant_id}", response_model=ParticipantOut)
def set_attendance(data: AttendanceIn, response: Response, access: Access = Depends(require("consultations", "write")),
                   meeting_id: int = _id(), participant_id: int = _id(), version: int = Depends(expected_version),
                   session: Session = Depends(get_session)) -> ParticipantOut:
    """Record whether a participant attended, at the participant's version named by If-Match."""
    participant = service.set_attendance(session, meeting_id=meeting_id, participant_id=participant_id,
                                         expected_version=version, status=data.status, actor=access.principal.username,
                                         visibility=access.visibility)
    response.headers["ETag"] = etag(participant.version)
    return participant


def may_read(access: Access) -> Callable[[str], bool]:
    """Whether the caller's roles (and token) open another resource to reading."""
    return lambda resource: granted(access.principal, resource, "read") is not None


def briefing_pack(session: Session, access: Access, acronym: str, day: date | None):
    """The pack a caller may see: a state sees the packs of missions it meets about, each section within its roles."""
    day = day or date.today()
    if not 1945 <= day.year <= 2100:
        raise QueryError("a pack is dated between 1945 and 2100")
    mission = service.mission_acronym(session, acronym)
    if not access.visibility.everything and not service.party_to_mission(session, mission=mission, visibility=access.visibility):
        raise NotFound(f"no consultation about {mission} to which your state is party")
    bills = visibility(access.principal, "finance")
    return briefing.build(session, mission=mission, on=day, may_read=may_read(access),
                          finance_state=None if bills.everything else bills.state)


@router.get("/pack/{acronym}", response_model=PackOut,
            responses={200: {"content": {"application/pdf": {}, "text/html": {}}}})
def get_pack(
    acronym: str = Path(..., min_length=2, max_length=20, description="Mission acronym"),
    day: date | None = Query(None, alias="date", description="Figures as of this day (default: today)"),
    fmt: Literal["json", "html", "pdf"] = Query("json", alias="format"),
    session: Session = Depends(get_session), access: Access = Depends(require("consultations", "read")),
):
    """A mission's briefing pack: mandate and ceilings, strength, contributors, force gaps, fatalities, payments; each figure with its source."""
    built = briefing_pack(session, access, acronym, day)
    if fmt == "pdf":
        name = f"pack-{built.mission}-{built.as_of.isoformat()}.pdf"
        return Response(pack_document.pdf(built), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    if fmt == "html":
        return HTMLResponse(pack_document.html(built))
    return built.as_dict()

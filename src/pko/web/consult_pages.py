"""Consultations in the UI: a calendar by month, a meeting page with its pack and decisions, and their forms."""

from __future__ import annotations

from calendar import Calendar
from datetime import date, timedelta
from itertools import groupby

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, granted, require, visibility
from pko.consult import service
from pko.config import get_settings
from pko.consult.api import briefing_pack, schedule
from pko.consult.schemas import KINDS, DecisionCreate, MeetingCreate, MeetingFields, ScheduleIn
from pko.errors import NotFound, QueryError
from pko.http import get_session
from pko.web.account_pages import csrf_token
from pko.web.forms import done
from pko.web.mandate_pages import REFUSED, problems
from pko.web.pages import render, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _writer(access: Access) -> bool:
    return granted(access.principal, "consultations", "write") is not None


def _scheduler(access: Access) -> bool:
    return visibility(access.principal, "consultations", "write").everything


def _calendar(request: Request, session: Session, access: Access, mission: str | None = None, date_from: date | None = None,
              date_to: date | None = None, scheduled=None) -> HTMLResponse:
    """The calendar page, with what scheduling just did when it did something."""
    problem = None
    try:
        meetings = service.list_meetings(session, mission=mission or None, date_from=date_from, date_to=date_to,
                                         visibility=access.visibility)
    except QueryError as error:
        meetings, problem = [], str(error)
    months = [(month, list(rows)) for month, rows in groupby(meetings, key=lambda m: m.held_on.strftime("%B %Y"))]
    return render(request, session, "consultations.html", title="Consultations", section="coordination", months=months,
                  total=len(meetings), kinds=KINDS, mission=mission or "", date_from=date_from, date_to=date_to,
                  problem=problem, writer=_writer(access), scheduler=_scheduler(access), csrf=csrf_token(request),
                  lead_weeks=get_settings().consultation_lead_weeks, scheduled=scheduled)


@router.get("/consultations", name="consultations")
def calendar(
    request: Request, mission: str | None = Query(None, max_length=20), date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"), access: Access = Depends(require("consultations", "read")),
    session: Session = Depends(get_session),
):
    """The consultations by month; a state sees those it is party to."""
    return _calendar(request, session, access, mission, date_from, date_to)


@router.post("/consultations")
def create(
    request: Request, kind: str = Form(..., max_length=30), title: str = Form(..., max_length=300),
    mission: str = Form("", max_length=20), theme: str = Form("", max_length=300), held_on: str = Form(..., max_length=10),
    place: str = Form("", max_length=200), agenda: str = Form("", max_length=10_000),
    access: Access = Depends(require("consultations", "write")), session: Session = Depends(get_session),
):
    """Record a meeting from the form; errors come back beside it."""
    try:
        data = MeetingCreate(kind=kind, title=title, mission=mission or None, theme=theme or None, held_on=held_on,
                             place=place or None, agenda=_lines(agenda))
        meeting = service.create_meeting(session, data=data, actor=access.principal.username,
                                         visibility=access.visibility)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/consultations/{meeting.id}", f"Meeting recorded: {meeting.title}.")


@router.post("/consultations/schedule", name="schedule_consultations_form")
def schedule_form(
    request: Request, mission: str = Form("", max_length=20), every: str = Form("", alias="all", max_length=5),
    lead_weeks: str = Form("", max_length=10), allow_stale: str = Form("", max_length=5),
    access: Access = Depends(require("consultations", "write")), session: Session = Depends(get_session),
):
    """Schedule the triangular consultations before mandates expire; htmx gets the outcome, a plain post the page."""
    try:
        data = ScheduleIn(mission=mission.strip() or None, all=every == "true", lead_weeks=lead_weeks.strip() or None,
                          allow_stale=allow_stale == "true")
        rows = schedule(session, access, data)
    except REFUSED as error:
        return problems(request, error)
    if request.headers.get("HX-Request") == "true":
        return templates.TemplateResponse(request, "partials/_consult_scheduled.html", {"scheduled": rows})
    return _calendar(request, session, access, scheduled=rows)


@router.get("/consultations/month", name="consultations_month")
def month_view(
    request: Request, month: str | None = Query(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM (default: this month)"),
    access: Access = Depends(require("consultations", "read")), session: Session = Depends(get_session),
):
    """One month as a calendar grid of weeks, each day with its meetings; a state sees those it is party to."""
    first = date.fromisoformat(f"{month}-01") if month else date.today().replace(day=1)
    weeks = Calendar().monthdatescalendar(first.year, first.month)
    meetings = service.list_meetings(session, date_from=weeks[0][0], date_to=weeks[-1][-1], visibility=access.visibility)
    by_day: dict[date, list] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.held_on, []).append(meeting)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(request, session, "consult_month.html", title=f"Consultations, {first:%B %Y}", section="coordination",
                  first=first, weeks=weeks, by_day=by_day, kinds=KINDS, previous=previous, following=following,
                  today=date.today())


@router.get("/consultations/{meeting_id}", name="meeting")
def meeting_page(request: Request, meeting_id: int, access: Access = Depends(require("consultations", "read")),
                 session: Session = Depends(get_session)):
    """One meeting: agenda, participants, minutes, decisions, and the briefing pack of its mission at its date."""
    try:
        if not 0 < meeting_id < 2**31:
            raise NotFound(f"no meeting {meeting_id}")
        meeting = service.get_meeting(session, meeting_id=meeting_id, visibility=access.visibility)
    except NotFound:
        return render(request, session, "not_found.html", status_code=404, title="Not found", what=f"meeting {meeting_id}")
    pack = briefing_pack(session, access, meeting.mission, meeting.held_on).as_dict() if meeting.mission else None
    return render(request, session, "meeting.html", title=meeting.title, section="coordination", meeting=meeting,
                  kind=KINDS.get(meeting.kind, meeting.kind), pack=pack, writer=_writer(access), csrf=csrf_token(request))


@router.post("/consultations/{meeting_id}")
def edit(
    request: Request, meeting_id: int, version: int = Form(...), status: str = Form(..., max_length=12),
    place: str = Form("", max_length=200), agenda: str = Form("", max_length=10_000), minutes: str = Form("", max_length=50_000),
    access: Access = Depends(require("consultations", "write")), session: Session = Depends(get_session),
):
    """Save the meeting against the version the form was loaded at (409 beside the form when someone saved first)."""
    try:
        fields = MeetingFields(status=status, place=place or None, agenda=_lines(agenda), minutes=minutes or None)
        service.update_meeting(session, meeting_id=meeting_id, expected_version=version, fields=fields,
                               actor=access.principal.username, visibility=access.visibility)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/consultations/{meeting_id}", "Meeting saved.")


@router.post("/consultations/{meeting_id}/attendance/{participant_id}")
def attendance(
    request: Request, meeting_id: int, participant_id: int, version: int = Form(...), status: str = Form(..., max_length=10),
    access: Access = Depends(require("consultations", "write")), session: Session = Depends(get_session),
):
    """Mark a participant as attended or absent, against the participant's version."""
    try:
        if status not in ("invited", "attended", "absent"):
            raise QueryError(f"'{status}' is not invited, attended or absent")
        service.set_attendance(session, meeting_id=meeting_id, participant_id=participant_id, expected_version=version,
                               status=status, actor=access.principal.username, visibility=access.visibility)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/consultations/{meeting_id}", f"Attendance marked {status}.")


@router.post("/consultations/{meeting_id}/decisions")
def decide(
    request: Request, meeting_id: int, decided_by: str = Form(..., max_length=300), decided_on: str = Form(..., max_length=10),
    text: str = Form(..., max_length=20_000), subject_type: str = Form("", max_length=40), subject_id: str = Form("", max_length=10),
    access: Access = Depends(require("consultations", "write")), session: Session = Depends(get_session),
):
    """Record a decision taken at the meeting, about a record or not."""
    try:
        data = DecisionCreate(meeting_id=meeting_id, decided_by=decided_by, decided_on=decided_on, text=text,
                              subject_type=subject_type or None, subject_id=subject_id or None)
        service.create_decision(session, data=data, actor=access.principal.username,
                                visibility=access.visibility)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/consultations/{meeting_id}", "Decision recorded.")

"""Use cases over consultations: meetings, participants and decisions, each write versioned and audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.auth.service import AccountError, delegation
from pko.consult.models import Decision, Meeting, Participant
from pko.consult.schemas import (
    DecisionCreate, DecisionFields, DecisionOut, MeetingCreate, MeetingFields, MeetingOut, ParticipantIn, ParticipantOut,
)
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError
from pko.missions.service import known_acronym
from pko.registry.models import Organization


def _participants(session: Session, meeting_id: int) -> list[ParticipantOut]:
    rows = session.execute(
        select(Participant, Organization.name, Organization.member_state_iso3)
        .outerjoin(Organization, Organization.code == Participant.organization_code)
        .where(Participant.meeting_id == meeting_id).order_by(Participant.id)
    ).all()
    return [ParticipantOut.model_validate(p).model_copy(update={"organization_name": name, "state_iso3": iso3})
            for p, name, iso3 in rows]


def _shown(session: Session, meeting: Meeting) -> MeetingOut:
    decisions = session.scalars(select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.decided_on, Decision.id))
    return MeetingOut.model_validate(meeting).model_copy(update={
        "participants": _participants(session, meeting.id),
        "decisions": [DecisionOut.model_validate(d) for d in decisions]})


def _snapshot(meeting: Meeting) -> dict:
    return MeetingOut.model_validate(meeting).model_dump(mode="json", exclude={"participants", "decisions"})


def _party(state_iso3: str):
    """Meetings to which a state's delegation (or another of its organizations) is invited."""
    return exists().where(Participant.meeting_id == Meeting.id, Participant.organization_code == Organization.code,
                          Organization.member_state_iso3 == state_iso3)


def _of_organization(code: str):
    return exists().where(Participant.meeting_id == Meeting.id, Participant.organization_code == code)


def mission_acronym(session: Session, label: str) -> str:
    """The acronym of a known mission; anything else is a QueryError."""
    acronym = known_acronym(session, label)
    if acronym is None:
        raise QueryError(f"'{label}' is not a known mission")
    return acronym


def list_meetings(session: Session, *, mission: str | None = None, date_from: date | None = None,
                  date_to: date | None = None, kind: str | None = None, state_iso3: str | None = None) -> list[MeetingOut]:
    """Meetings by date; with `state_iso3`, only those the state is party to."""
    query = select(Meeting).order_by(Meeting.held_on, Meeting.id)
    if mission:
        query = query.where(Meeting.mission == mission_acronym(session, mission))
    if date_from:
        query = query.where(Meeting.held_on >= date_from)
    if date_to:
        query = query.where(Meeting.held_on <= date_to)
    if date_from and date_to and date_to < date_from:
        raise QueryError("the period ends before it starts")
    if kind:
        query = query.where(Meeting.kind == kind)
    if state_iso3 is not None:
        query = query.where(_party(state_iso3))
    return [_shown(session, meeting) for meeting in session.scalars(query)]


def _visible(session: Session, meeting_id: int, state_iso3: str | None) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or (state_iso3 is not None and not session.scalar(select(_party(state_iso3)).where(Meeting.id == meeting_id))):
        raise NotFound(f"no meeting {meeting_id}")
    return meeting


def get_meeting(session: Session, *, meeting_id: int, state_iso3: str | None = None) -> MeetingOut:
    """One meeting with its participants and decisions (404 for a state not party to it)."""
    return _shown(session, _visible(session, meeting_id, state_iso3))


def party_to_mission(session: Session, *, mission: str, state_iso3: str) -> bool:
    """True when the state is party to some meeting about the mission."""
    return bool(session.scalar(select(exists().where(Meeting.mission == mission, _party(state_iso3)))))


def _editable(session: Session, meeting_id: int, organization_code: str | None) -> Meeting:
    """The meeting, if the editor may change it: any meeting, or (own organization) one its organization is party to."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or (organization_code is not None and not session.scalar(
            select(_of_organization(organization_code)).where(Meeting.id == meeting_id))):
        raise NotFound(f"no meeting {meeting_id}" + (" to which your organization is party" if meeting else ""))
    return meeting


def _participant(session: Session, meeting: Meeting, data: ParticipantIn) -> Participant:
    code = data.organization_code
    if data.state_iso3:
        try:
            code = delegation(session, data.state_iso3).code
        except AccountError as error:
            raise QueryError(str(error)) from None
    elif code and session.scalar(select(Organization.id).where(Organization.code == code)) is None:
        raise QueryError(f"no organization '{code}'")
    same = select(Participant).where(Participant.meeting_id == meeting.id, Participant.organization_code.is_(None)
                                     if code is None else Participant.organization_code == code)
    same = same.where(Participant.person.is_(None) if data.person is None else Participant.person == data.person)
    if session.scalar(same) is not None:
        raise Conflict(f"{data.person or code} is already a participant of meeting {meeting.id}")
    participant = Participant(meeting_id=meeting.id, organization_code=code, person=data.person,
                              capacity=data.capacity, status=data.status)
    session.add(participant)
    session.flush()
    return participant


def _participant_snapshot(participant: Participant) -> dict:
    return ParticipantOut.model_validate(participant).model_dump(mode="json")


def create_meeting(session: Session, *, data: MeetingCreate, actor: str, organization_code: str | None = None,
                   mandate_id: int | None = None, prepares_expiry: date | None = None) -> MeetingOut:
    """A new meeting with its first participants; an editor of one organization makes its organization a party.
    A consultation scheduled for a mandate names it and the expiry it prepares."""
    meeting = Meeting(kind=data.kind, title=data.title, mission=data.mission and mission_acronym(session, data.mission),
                      theme=data.theme, held_on=data.held_on, place=data.place, agenda=data.agenda or [],
                      minutes=data.minutes, status=data.status or "scheduled", created_by=actor,
                      mandate_id=mandate_id, prepares_expiry=prepares_expiry)
    session.add(meeting)
    session.flush()
    audit.record(session, actor=actor, action="create", record_type="meeting", record_id=meeting.id, after=_snapshot(meeting))
    parties = list(data.participants)
    if organization_code and not any(p.organization_code == organization_code and p.person is None for p in parties):
        parties.append(ParticipantIn(organization_code=organization_code, capacity="convener"))
    for party in parties:
        participant = _participant(session, meeting, party)
        audit.record(session, actor=actor, action="invite", record_type="meeting-participant", record_id=participant.id,
                     after=_participant_snapshot(participant))
    return _shown(session, meeting)


def update_meeting(session: Session, *, meeting_id: int, expected_version: int, fields: MeetingFields, actor: str,
                   organization_code: str | None = None) -> MeetingOut:
    """Edit a meeting that is still at the version the editor saw."""
    meeting = _editable(session, meeting_id, organization_code)
    check_version(f"meeting {meeting_id}", meeting.version, expected_version)
    before = _snapshot(meeting)
    changes = fields.model_dump(exclude_unset=True)
    if "mission" in changes and changes["mission"] is not None:
        changes["mission"] = mission_acronym(session, changes["mission"])
    for name, value in changes.items():
        if value is None and name in ("title", "held_on", "agenda", "status"):
            raise QueryError(f"{name} cannot be emptied")
        setattr(meeting, name, value)
    if not (meeting.mission or meeting.theme):
        raise QueryError("a meeting is about a mission or a theme")
    flush_versioned(session, f"meeting {meeting_id}")
    audit.record(session, actor=actor, action="update", record_type="meeting", record_id=meeting.id,
                 before=before, after=_snapshot(meeting))
    return _shown(session, meeting)


def add_participant(session: Session, *, meeting_id: int, data: ParticipantIn, actor: str,
                    organization_code: str | None = None) -> ParticipantOut:
    """Invite an organization, a state's delegation or a person to a meeting."""
    meeting = _editable(session, meeting_id, organization_code)
    participant = _participant(session, meeting, data)
    audit.record(session, actor=actor, action="invite", record_type="meeting-participant", record_id=participant.id,
                 after=_participant_snapshot(participant))
    return next(p for p in _participants(session, meeting.id) if p.id == participant.id)


def set_attendance(session: Session, *, meeting_id: int, participant_id: int, expected_version: int, status: str,
                   actor: str, organization_code: str | None = None) -> ParticipantOut:
    """Record whether a participant attended, against the participant's version."""
    _editable(session, meeting_id, organization_code)
    participant = session.get(Participant, participant_id)
    if participant is None or participant.meeting_id != meeting_id:
        raise NotFound(f"no participant {participant_id} in meeting {meeting_id}")
    check_version(f"participant {participant_id}", participant.version, expected_version)
    before = _participant_snapshot(participant)
    participant.status = status
    flush_versioned(session, f"participant {participant_id}")
    audit.record(session, actor=actor, action="attendance", record_type="meeting-participant", record_id=participant.id,
                 before=before, after=_participant_snapshot(participant))
    return next(p for p in _participants(session, meeting_id) if p.id == participant_id)


def _decision_snapshot(decision: Decision) -> dict:
    return DecisionOut.model_validate(decision).model_dump(mode="json")


def _decidable(session: Session, meeting_id: int | None, decided_by: str, organization_code: str | None) -> None:
    if meeting_id is not None:
        _editable(session, meeting_id, organization_code)
    elif organization_code is not None and organization_code not in {part.strip() for part in decided_by.split(",")}:
        raise QueryError(f"a decision outside a meeting must name your organization ({organization_code}) in decided_by")


def create_decision(session: Session, *, data: DecisionCreate, actor: str, organization_code: str | None = None) -> DecisionOut:
    """Record who decided what, when."""
    _decidable(session, data.meeting_id, data.decided_by, organization_code)
    decision = Decision(**data.model_dump())
    session.add(decision)
    session.flush()
    audit.record(session, actor=actor, action="create", record_type="decision", record_id=decision.id,
                 after=_decision_snapshot(decision))
    return DecisionOut.model_validate(decision)


def _decision_visible(session: Session, decision: Decision | None, state_iso3: str | None) -> bool:
    if decision is None:
        return False
    if state_iso3 is None:
        return True
    return decision.meeting_id is not None and bool(
        session.scalar(select(_party(state_iso3)).where(Meeting.id == decision.meeting_id)))


def get_decision(session: Session, *, decision_id: int, state_iso3: str | None = None) -> DecisionOut:
    """One decision (404 for a state not party to the meeting that took it)."""
    decision = session.get(Decision, decision_id)
    if not _decision_visible(session, decision, state_iso3):
        raise NotFound(f"no decision {decision_id}")
    return DecisionOut.model_validate(decision)


def update_decision(session: Session, *, decision_id: int, expected_version: int, fields: DecisionFields, actor: str,
                    organization_code: str | None = None) -> DecisionOut:
    """Correct a decision at the version the editor saw."""
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"no decision {decision_id}")
    _decidable(session, decision.meeting_id, decision.decided_by, organization_code)
    check_version(f"decision {decision_id}", decision.version, expected_version)
    before = _decision_snapshot(decision)
    for name, value in fields.model_dump(exclude_unset=True).items():
        if value is None:
            raise QueryError(f"{name} cannot be emptied")
        setattr(decision, name, value)
    flush_versioned(session, f"decision {decision_id}")
    audit.record(session, actor=actor, action="update", record_type="decision", record_id=decision.id,
                 before=before, after=_decision_snapshot(decision))
    return DecisionOut.model_validate(decision)


def list_decisions(session: Session, *, meeting_id: int | None = None, subject_type: str | None = None,
                   subject_id: int | None = None, state_iso3: str | None = None) -> list[DecisionOut]:
    """Decisions by date, of a meeting or about a subject; with `state_iso3`, only those of meetings it is party to."""
    query = select(Decision).order_by(Decision.decided_on, Decision.id)
    if meeting_id is not None:
        query = query.where(Decision.meeting_id == meeting_id)
    if subject_type is not None:
        query = query.where(Decision.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(Decision.subject_id == subject_id)
    if state_iso3 is not None:
        query = query.join(Meeting, Meeting.id == Decision.meeting_id).where(_party(state_iso3))
    return [DecisionOut.model_validate(decision) for decision in session.scalars(query)]


def decisions_for(session: Session, subject_type: str, subject_id: int) -> list[DecisionOut]:
    """Every decision about one record, e.g. ("support-request", 3), oldest first."""
    return list_decisions(session, subject_type=subject_type, subject_id=subject_id)

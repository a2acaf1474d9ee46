"""Use cases over consultations: meetings, participants and decisions, each write versioned and audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select, true
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.auth.visibility import EVERYTHING, Visibility
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


def _party(visibility: Visibility):
    """The meetings the caller may see: all, or those to which one of its organizations (or one of its state's) is invited."""
    if visibility.everything:
        return true()
    return exists().where(Participant.meeting_id == Meeting.id, Participant.organization_code == Organization.code,
                          visibility.where(state=Organization.member_state_iso3, organization=Participant.organization_code))


def _meeting(session: Session, meeting_id: int, visibility: Visibility) -> Meeting:
    """A meeting the caller may see; another's answers as a missing one (one query, one message)."""
    meeting = session.scalar(select(Meeting).where(Meeting.id == meeting_id, _party(visibility)))
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}")
    return meeting


def mission_acronym(session: Session, label: str) -> str:
    """The acronym of a known mission; anything else is a QueryError."""
    acronym = known_acronym(session, label)
    if acronym is None:
        raise QueryError(f"'{label}' is not a known mission")
    return acronym


def list_meetings(session: Session, *, mission: str | None = None, date_from: date | None = None,
                  date_to: date | None = None, kind: str | None = None, visibility: Visibility = EVERYTHING) -> list[MeetingOut]:
    """Meetings the caller may see, by date."""
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
    query = query.where(_party(visibility))
    return [_shown(session, meeting) for meeting in session.scalars(query)]


def get_meeting(session: Session, *, meeting_id: int, visibility: Visibility = EVERYTHING) -> MeetingOut:
    """One meeting with its participants and decisions (404 for one the caller is not party to)."""
    return _shown(session, _meeting(session, meeting_id, visibility))


def party_to_mission(session: Session, *, mission: str, visibility: Visibility) -> bool:
    """True when the caller may see some meeting about the mission."""
    return bool(session.scalar(select(exists().where(Meeting.mission == mission, _party(visibility)))))


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


def create_meeting(session: Session, *, data: MeetingCreate, actor: str, visibility: Visibility = EVERYTHING,
                   mandate_id: int | None = None, prepares_expiry: date | None = None) -> MeetingOut:
    """A new meeting with its first participants; an editor of one organization makes its organization a party.
    A consultation scheduled for a mandate names it and the expiry it prepares."""
    organization_code = None if visibility.everything else min(visibility.organizations, default=None)
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
                   visibility: Visibility = EVERYTHING) -> MeetingOut:
    """Edit a meeting that is still at the version the editor saw."""
    meeting = _meeting(session, meeting_id, visibility)
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
                    visibility: Visibility = EVERYTHING) -> ParticipantOut:
    """Invite an organization, a state's delegation or a person to a meeting."""
    meeting = _meeting(session, meeting_id, visibility)
    participant = _participant(session, meeting, data)
    audit.record(session, actor=actor, action="invite", record_type="meeting-participant", record_id=participant.id,
                 after=_participant_snapshot(participant))
    return next(p for p in _participants(session, meeting.id) if p.id == participant.id)


def set_attendance(session: Session, *, meeting_id: int, participant_id: int, expected_version: int, status: str,
                   actor: str, visibility: Visibility = EVERYTHING) -> ParticipantOut:
    """Record whether a participant attended, against the participant's version."""
    _meeting(session, meeting_id, visibility)
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


def _decidable(session: Session, meeting_id: int | None, decided_by: str, visibility: Visibility) -> None:
    if meeting_id is not None:
        _meeting(session, meeting_id, visibility)
    elif not any(visibility.sees(organization=part.strip()) for part in decided_by.split(",")):
        raise QueryError(f"a decision outside a meeting must name your organization ({', '.join(sorted(visibility.organizations))}) in decided_by")


def _decided_by_caller(session: Session, decision: Decision, visibility: Visibility) -> bool:
    """Whether the editor may correct a decision: one of a meeting it may see, or one its organization took."""
    if decision.meeting_id is not None:
        return session.scalar(select(Meeting.id).where(Meeting.id == decision.meeting_id, _party(visibility))) is not None
    return any(visibility.sees(organization=part.strip()) for part in decision.decided_by.split(","))


def create_decision(session: Session, *, data: DecisionCreate, actor: str, visibility: Visibility = EVERYTHING) -> DecisionOut:
    """Record who decided what, when."""
    _decidable(session, data.meeting_id, data.decided_by, visibility)
    decision = Decision(**data.model_dump())
    session.add(decision)
    session.flush()
    audit.record(session, actor=actor, action="create", record_type="decision", record_id=decision.id,
                 after=_decision_snapshot(decision))
    return DecisionOut.model_validate(decision)


def _decisions(visibility: Visibility):
    """The decisions the caller may see: all, or those taken at a meeting it may see."""
    if visibility.everything:
        return select(Decision)
    return select(Decision).join(Meeting, Meeting.id == Decision.meeting_id).where(_party(visibility))


def decision(session: Session, *, decision_id: int, visibility: Visibility = EVERYTHING) -> Decision:
    """A decision the caller may see; another's answers as a missing one (one query, one message)."""
    found = session.scalar(_decisions(visibility).where(Decision.id == decision_id))
    if found is None:
        raise NotFound(f"no decision {decision_id}")
    return found


def get_decision(session: Session, *, decision_id: int, visibility: Visibility = EVERYTHING) -> DecisionOut:
    """One decision (404 for one of a meeting the caller is not party to)."""
    return DecisionOut.model_validate(decision(session, decision_id=decision_id, visibility=visibility))


def update_decision(session: Session, *, decision_id: int, expected_version: int, fields: DecisionFields, actor: str,
                    visibility: Visibility = EVERYTHING) -> DecisionOut:
    """Correct a decision at the version the editor saw."""
    decision = session.get(Decision, decision_id)
    if decision is None or not _decided_by_caller(session, decision, visibility):
        raise NotFound(f"no decision {decision_id}")
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
                   subject_id: int | None = None, visibility: Visibility = EVERYTHING) -> list[DecisionOut]:
    """Decisions the caller may see by date, of a meeting or about a subject."""
    query = _decisions(visibility).order_by(Decision.decided_on, Decision.id)
    if meeting_id is not None:
        query = query.where(Decision.meeting_id == meeting_id)
    if subject_type is not None:
        query = query.where(Decision.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(Decision.subject_id == subject_id)
    return [DecisionOut.model_validate(decision) for decision in session.scalars(query)]


def decisions_for(session: Session, subject_type: str, subject_id: int) -> list[DecisionOut]:
    """Every decision about one record, e.g. ("support-request", 3), oldest first."""
    return list_decisions(session, subject_type=subject_type, subject_id=subject_id)

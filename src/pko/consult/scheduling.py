"""Scheduling the triangular consultation of a mission before its mandate expires, from the record."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.config import get_settings
from pko.consult import schedule, service
from pko.consult.models import Meeting
from pko.consult.schemas import MeetingCreate, ParticipantIn, ScheduledOut
from pko.contributions import service as contributions
from pko.errors import QueryError
from pko.missions.mandates import service as mandates
from pko.registry import service as registry
from pko.registry.models import Organization

IN_FORCE = ("adopted", "renewed", "amended")
SECRETARIAT = ("UN-DPO",)


def current_mandate(session: Session, mission: str):
    """The mandate in force with the latest expiry (drafts and closed mandates do not count), or None."""
    found = [m for m in mandates.list_mandates(session, mission=mission) if m.status in IN_FORCE and m.expires_on]
    return max(found, key=lambda m: (m.expires_on, m.id), default=None)


def contributors(session: Session, mission: str, on) -> tuple[object, list[dict]]:
    """The latest month on record at or before a date with personnel in the mission, and its contributors."""
    try:
        months = contributions.summary(session, "month", contributions.Filters(mission=mission, month_to=on))
    except QueryError:
        return None, []  # a mission recorded by hand has no contributions on record
    month = schedule.latest_month([row["month"] for row in months if row["total"]], on)
    if month is None:
        return None, []
    rows = contributions.summary(session, "country", contributions.Filters(month_from=month, month_to=month, mission=mission))
    return month, [row for row in rows if row["total"]]


def _secretariat(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Organization.code, Organization.name).where(Organization.code.in_(SECRETARIAT)))
    return [(code, name) for code, name in rows]


def schedule_mission(session: Session, *, mission: str, lead_weeks: int, actor: str) -> ScheduledOut:
    """Create the triangular consultation of a mission's current mandate, unless it exists already."""
    acronym = service.mission_acronym(session, mission)
    mandate = current_mandate(session, acronym)
    if mandate is None:
        return ScheduledOut(mission=acronym, outcome="no mandate", note="no adopted, renewed or amended mandate with an expiry")
    held_on = schedule.meeting_date(mandate.expires_on, lead_weeks)
    found = session.scalar(select(Meeting).where(Meeting.mandate_id == mandate.id, Meeting.prepares_expiry == mandate.expires_on))
    if found is not None:
        return ScheduledOut(mission=acronym, outcome="exists", meeting_id=found.id, held_on=found.held_on, mandate_id=mandate.id,
                            expires_on=mandate.expires_on, invited=len(service.get_meeting(session, meeting_id=found.id).participants))
    month, rows = contributors(session, acronym, held_on)
    council = registry.council(session, year=held_on.year)
    parties = schedule.invitations([(row["iso3"], row["contributor"]) for row in rows],
                                   [(seat.iso3, seat.state_name or seat.name_in_source) for seat in council],
                                   _secretariat(session))
    known = {state.iso3 for state in registry.list_states(session)}
    participants = [
        ParticipantIn(organization_code=p.organization_code, capacity=p.capacity) if p.organization_code else
        ParticipantIn(state_iso3=p.iso3, capacity=p.capacity) if p.iso3 in known else
        ParticipantIn(person=p.name, capacity=p.capacity)
        for p in parties.invitees
    ]
    data = MeetingCreate(
        kind="triangular", mission=acronym, held_on=held_on, participants=participants,
        title=f"Triangular consultation on {acronym} before the mandate of {mandate.resolution} expires on {mandate.expires_on.isoformat()}",
        agenda=[f"The mandate of {mandate.resolution} and its renewal",
                f"Briefing by the Secretariat: strength, contributors, force gaps, safety and finances of {acronym}",
                "Views of the troop- and police-contributing countries", "Any other business"],
    )
    meeting = service.create_meeting(session, data=data, actor=actor, mandate_id=mandate.id, prepares_expiry=mandate.expires_on)
    note = (f"contributors of {month.isoformat()}" if month else "no contributions on record at or before the meeting") + \
        f"; {len(council)} Council members of {held_on.year}"
    return ScheduledOut(mission=acronym, outcome="created", meeting_id=meeting.id, held_on=held_on, mandate_id=mandate.id,
                        expires_on=mandate.expires_on, contributors_month=month, invited=len(meeting.participants), note=note)


def schedule_all(session: Session, *, lead_weeks: int, actor: str) -> list[ScheduledOut]:
    """Schedule the consultation of every mission that has a mandate in force with an expiry."""
    missions = sorted({m.mission for m in mandates.list_mandates(session) if m.status in IN_FORCE and m.expires_on})
    return [schedule_mission(session, mission=mission, lead_weeks=lead_weeks, actor=actor) for mission in missions]


def schedule_consultations(session: Session, *, mission: str | None, every: bool, lead_weeks: int | None,
                           actor: str) -> list[ScheduledOut]:
    """One mission's consultation or every mission's, `lead_weeks` (default PKO_CONSULTATION_LEAD_WEEKS) before expiry."""
    weeks = get_settings().consultation_lead_weeks if lead_weeks is None else lead_weeks
    if not 0 <= weeks <= 52:
        raise QueryError(f"a lead time of {weeks} weeks is outside 0..52 (PKO_CONSULTATION_LEAD_WEEKS)")
    if every:
        return schedule_all(session, lead_weeks=weeks, actor=actor)
    return [schedule_mission(session, mission=mission, lead_weeks=weeks, actor=actor)]

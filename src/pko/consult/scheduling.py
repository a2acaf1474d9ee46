"""Scheduling the triangular consultation of a mission before its mandate expires, from the record."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pko import freshness
from pko.config import get_settings
from pko.consult import schedule, service
from pko.consult.models import Meeting
from pko.consult.schemas import MeetingCreate, ParticipantIn, ScheduledOut
from pko.contributions.coverage import service as coverage
from pko.contributions.datahub import service as datahub
from pko.contributions import service as contributions
from pko.errors import QueryError
from pko.missions.mandates import service as mandates
from pko.registry import service as registry
from pko.registry.models import Organization

IN_FORCE = ("adopted", "renewed", "amended")
STALE_MONTHS = 12  # scheduling further past the contributions record than this needs the user's confirmation
SECRETARIAT = ("UN-DPO",)


def current_mandate(session: Session, mission: str):
    """The mandate in force with the latest expiry (drafts and closed mandates do not count), or None."""
    found = [m for m in mandates.list_mandates(session, mission=mission) if m.status in IN_FORCE and m.expires_on]
    return max(found, key=lambda m: (m.expires_on, m.id), default=None)


def contributors(session: Session, mission: str, on) -> tuple[object, list[dict], str | None]:
    """The newest month at or before a date with personnel in the mission (the Data Hub's where it holds the month),
    its contributors, and the source that gives them."""
    try:
        acronym = contributions.canonical_mission(mission)
    except QueryError:
        return None, [], None  # a mission recorded by hand has no contributions on record
    month, source = datahub.newest_month(session, mission=acronym, on=on)
    if month is None:
        return None, [], None
    return month, datahub.mission_contributors(session, mission=acronym, month=month, source=source), source


def _secretariat(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Organization.code, Organization.name).where(Organization.code.in_(SECRETARIAT)))
    return [(code, name) for code, name in rows]


def _too_old(session: Session, acronym: str, held_on, allow_stale: bool) -> freshness.Freshness:
    """The age of the contributors on record for the day; more than STALE_MONTHS past them is refused unless allowed."""
    covered = coverage.detail_coverage(session, mission=acronym)
    found = freshness.judge(covered, held_on)
    if covered.last is not None and freshness.months_past(covered.last, held_on) > STALE_MONTHS and not allow_stale:
        raise QueryError(f"{acronym}: {found.note}, more than {STALE_MONTHS} months; the invitations would name the "
                         f"contributors of {covered.last.isoformat()}. Confirm with --allow-stale (API: allow_stale) to schedule anyway")
    return found


def schedule_mission(session: Session, *, mission: str, lead_weeks: int, actor: str, allow_stale: bool = False) -> ScheduledOut:
    """Create the triangular consultation of a mission's current mandate, unless it exists already; on a weekday,
    and only on contributions at most STALE_MONTHS old unless `allow_stale`."""
    acronym = service.mission_acronym(session, mission)
    mandate = current_mandate(session, acronym)
    if mandate is None:
        return ScheduledOut(mission=acronym, outcome="no mandate", note="no adopted, renewed or amended mandate with an expiry")
    planned = schedule.meeting_date(mandate.expires_on, lead_weeks)
    held_on, moved = schedule.on_a_weekday(planned)
    found = session.scalar(select(Meeting).where(Meeting.mandate_id == mandate.id, Meeting.prepares_expiry == mandate.expires_on))
    if found is not None:
        return ScheduledOut(mission=acronym, outcome="exists", meeting_id=found.id, held_on=found.held_on, mandate_id=mandate.id,
                            expires_on=mandate.expires_on, invited=len(service.get_meeting(session, meeting_id=found.id).participants))
    aged = _too_old(session, acronym, held_on, allow_stale)
    month, rows, source = contributors(session, acronym, held_on)
    seats = registry.council_year(session, year=held_on.year)
    council = seats.members
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
    note = "; ".join(part for part in (
        f"contributors of {month.isoformat()} ({source})" if month else "no contributions on record at or before the meeting",
        aged.note if aged.stale else None,
        f"{len(council)} Council members of {held_on.year}", seats.note, moved) if part)
    return ScheduledOut(mission=acronym, outcome="created", meeting_id=meeting.id, held_on=held_on, mandate_id=mandate.id,
                        expires_on=mandate.expires_on, contributors_month=month, invited=len(meeting.participants), note=note,
                        as_of=month, stale=aged.stale, moved_from=planned if moved else None,
                        council_complete=seats.complete)


def schedule_all(session: Session, *, lead_weeks: int, actor: str, allow_stale: bool = False) -> list[ScheduledOut]:
    """Schedule the consultation of every mission that has a mandate in force with an expiry; a mission whose
    contributions are too old is reported as refused, the others go ahead."""
    missions = sorted({m.mission for m in mandates.list_mandates(session) if m.status in IN_FORCE and m.expires_on})
    done = []
    for mission in missions:
        try:
            done.append(schedule_mission(session, mission=mission, lead_weeks=lead_weeks, actor=actor, allow_stale=allow_stale))
        except QueryError as error:
            done.append(ScheduledOut(mission=mission, outcome="refused", note=str(error), stale=True))
    return done


def schedule_consultations(session: Session, *, mission: str | None, every: bool, lead_weeks: int | None,
                           actor: str, allow_stale: bool = False) -> list[ScheduledOut]:
    """One mission's consultation or every mission's, `lead_weeks` (default PKO_CONSULTATION_LEAD_WEEKS) before expiry."""
    weeks = get_settings().consultation_lead_weeks if lead_weeks is None else lead_weeks
    if not 0 <= weeks <= 52:
        raise QueryError(f"a lead time of {weeks} weeks is outside 0..52 (PKO_CONSULTATION_LEAD_WEEKS)")
    if every:
        return schedule_all(session, lead_weeks=weeks, actor=actor, allow_stale=allow_stale)
    return [schedule_mission(session, mission=mission, lead_weeks=weeks, actor=actor, allow_stale=allow_stale)]

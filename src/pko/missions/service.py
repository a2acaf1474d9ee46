"""Use cases over missions: the missions seen in the data, listing and looking them up."""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.orm import Session

from pko.db import Base, check_version, flush_versioned, load_models
from pko.audit import service as audit
from pko.errors import Conflict, NotFound, QueryError
from pko.missions.catalogue import OTHER, canonical, entry
from pko.missions.models import Mission
from pko.missions.schemas import MissionFields, MissionOut, MissionRecord

PERIODS = ("month", "incident_date", "year")


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _span(period: str, first, last) -> tuple[date, date]:
    """First and last month-end dates covered by a table's period values."""
    if period == "year":
        return date(int(first), 1, 31), date(int(last), 12, 31)
    return _month_end(first), _month_end(last)


def mission_tables() -> list[tuple[Table, str]]:
    """Every table with a `mission` column and a period column (month, incident_date or year)."""
    load_models()
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name == Mission.__tablename__ or "mission" not in table.c:
            continue
        period = next((name for name in PERIODS if name in table.c), None)
        if period:
            found.append((table, period))
    return found


def _seen(session: Session) -> dict[str, dict]:
    """For each mission acronym in the data: its first and last month and the sources that name it."""
    from pko.sources.models import ImportRun

    seen: dict[str, dict] = {}
    for table, period in mission_tables():
        column = table.c[period]
        if "import_run_id" in table.c:
            label = ImportRun.source
            query = select(table.c.mission, label, func.min(column), func.max(column)).join(
                ImportRun, ImportRun.id == table.c.import_run_id).group_by(table.c.mission, label)
        else:
            query = select(table.c.mission, func.min(column), func.max(column)).group_by(table.c.mission)
        for row in session.execute(query):
            acronym, (first, last), source = row[0], row[-2:], (row[1] if len(row) == 4 else table.name)
            if acronym is None or first is None:
                continue
            first, last = _span(period, first, last)
            found = seen.setdefault(acronym, {"first": first, "last": last, "sources": set()})
            found["first"], found["last"] = min(found["first"], first), max(found["last"], last)
            found["sources"].add(source)
    return seen


def _places(session: Session) -> dict[str, dict]:
    """Country, region and HQ of each mission from the IPI mission x month table (the latest month wins)."""
    from pko.contributions.models import MissionMonth

    places: dict[str, dict] = {}
    latest = select(MissionMonth.mission, func.max(MissionMonth.month).label("month")).group_by(MissionMonth.mission).subquery()
    rows = session.execute(
        select(MissionMonth.mission, MissionMonth.country, MissionMonth.country_iso3, MissionMonth.region)
        .join(latest, and_(MissionMonth.mission == latest.c.mission, MissionMonth.month == latest.c.month))
    )
    for mission, country, iso3, region in rows:
        places[mission] = {"country": country, "country_iso3": iso3, "region": region}
    with_hq = (
        select(MissionMonth.mission, func.max(MissionMonth.month).label("month"))
        .where(MissionMonth.hq.is_not(None)).group_by(MissionMonth.mission).subquery()
    )
    rows = session.execute(
        select(MissionMonth.mission, MissionMonth.hq, MissionMonth.hq_latitude, MissionMonth.hq_longitude)
        .join(with_hq, and_(MissionMonth.mission == with_hq.c.mission, MissionMonth.month == with_hq.c.month))
    )
    for mission, hq, lat, lon in rows:
        places.setdefault(mission, {}).update(hq=hq, hq_lat=lat, hq_lon=lon)
    return places


def _state_names(session: Session) -> dict[str, str]:
    from pko.registry.models import MemberState

    return dict(session.execute(select(MemberState.iso3, MemberState.name)).all())


def _describe(mission: Mission, acronym: str, states: dict[str, str]) -> None:
    """Name, kind and (as a fallback) country of a mission from the catalogue."""
    known = entry(acronym)
    mission.name = known.name if known else acronym
    mission.kind = known.kind if known else OTHER
    mission.note = known.note if known else "not in the mission catalogue"
    if known and known.country_iso3 and not mission.country_iso3:
        mission.country_iso3 = known.country_iso3
    # Today's name of a member state rather than the source's spelling ("Cote d Ivoire", "South Sudan'").
    mission.country = states.get(mission.country_iso3 or "", mission.country)


def refresh_seen(session: Session) -> None:
    """Recompute the missions seen in the data with their first and last month, sources and HQ."""
    seen, places, states = _seen(session), _places(session), _state_names(session)
    existing = {mission.acronym: mission for mission in session.scalars(select(Mission))}
    for acronym, mission in existing.items():
        if acronym not in seen:
            if mission.origin == "data":
                session.delete(mission)
            else:
                mission.first_month = mission.last_month = None
                mission.sources = []
    for acronym, found in seen.items():
        mission = existing.get(acronym)
        if mission is None:
            mission = Mission(acronym=acronym, origin="data")
            session.add(mission)
        place = places.get(acronym, {})
        for field in ("country", "country_iso3", "region", "hq", "hq_lat", "hq_lon"):
            setattr(mission, field, place.get(field))
        _describe(mission, acronym, states)
        mission.first_month, mission.last_month = found["first"], found["last"]
        mission.sources = sorted(found["sources"])
    session.flush()


def record_mission(session: Session, *, data: MissionRecord, actor: str) -> MissionOut:
    """Record a mission the data does not show: a catalogue operation (named by the catalogue) or a new one."""
    known = entry(data.acronym)
    acronym = known.acronym if known else data.acronym
    if session.get(Mission, acronym) is not None:
        raise Conflict(f"mission {acronym} exists already")
    if known is None and (data.name is None or data.kind is None):
        raise QueryError(f"'{data.acronym}' is not in the mission catalogue: give its name and kind")
    mission = Mission(acronym=acronym, origin="record", sources=[])
    states = _state_names(session)
    if known:
        _describe(mission, acronym, states)
    for field, value in data.model_dump(exclude={"acronym"}, exclude_none=True).items():
        setattr(mission, field, value)
    mission.country = states.get(mission.country_iso3 or "", mission.country)
    session.add(mission)
    session.flush()
    shown = MissionOut.model_validate(mission)
    audit.record(session, actor=actor, action="create", record_type="mission", record_id=acronym,
                 after=shown.model_dump(mode="json"))
    return shown


def update_mission(session: Session, *, acronym: str, expected_version: int, fields: MissionFields, actor: str) -> MissionOut:
    """Edit a mission recorded by hand, at the version the editor saw (missions from data follow their sources)."""
    mission = session.get(Mission, acronym)
    if mission is None:
        raise NotFound(f"no mission {acronym}")
    if mission.origin != "record":
        raise Conflict(f"{acronym} comes from the imported data; correct it in its source files and re-import")
    check_version(f"mission {acronym}", mission.version, expected_version)
    before = MissionOut.model_validate(mission).model_dump(mode="json")
    for field, value in fields.model_dump(exclude_unset=True).items():
        setattr(mission, field, value)
    mission.country = _state_names(session).get(mission.country_iso3 or "", mission.country)
    flush_versioned(session, f"mission {acronym}")
    shown = MissionOut.model_validate(mission)
    audit.record(session, actor=actor, action="update", record_type="mission", record_id=acronym,
                 before=before, after=shown.model_dump(mode="json"))
    return shown


def known_acronym(session: Session, label: str) -> str | None:
    """The acronym of a mission named by the catalogue or recorded by hand."""
    found = canonical(label)
    if found is None and session.get(Mission, label) is not None:
        found = label
    return found


def _filtered(kind: str | None, country: str | None, active_in: int | None, q: str | None):
    query = select(Mission)
    if kind:
        query = query.where(Mission.kind == kind)
    if country:
        query = query.where(or_(Mission.country_iso3 == country.upper(), func.lower(Mission.country) == country.lower()))
    if active_in is not None:
        query = query.where(Mission.first_month <= date(active_in, 12, 31), Mission.last_month >= date(active_in, 1, 1))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Mission.acronym).like(pattern), func.lower(Mission.name).like(pattern)))
    return query


def list_missions(session: Session, *, kind: str | None = None, country: str | None = None, active_in: int | None = None,
                  q: str | None = None, limit: int | None = None, offset: int = 0) -> list[MissionOut]:
    """Missions by acronym, filtered."""
    query = _filtered(kind, country, active_in, q).order_by(Mission.acronym).offset(offset).limit(limit)
    return [MissionOut.model_validate(mission) for mission in session.scalars(query)]


def count_missions(session: Session, *, kind: str | None = None, country: str | None = None, active_in: int | None = None,
                   q: str | None = None) -> int:
    """How many missions match."""
    return session.scalar(select(func.count()).select_from(_filtered(kind, country, active_in, q).subquery()))


def get_mission(session: Session, *, acronym: str) -> MissionOut | None:
    """One mission by any known spelling of its acronym."""
    known = entry(acronym)
    mission = session.get(Mission, known.acronym if known else acronym)
    return MissionOut.model_validate(mission) if mission else None


def sources_of(missions: list[MissionOut]) -> list[str]:
    """The sources that answered for a list of missions, plus the catalogue that names them."""
    return sorted({source for mission in missions for source in mission.sources} | {"mission catalogue"})

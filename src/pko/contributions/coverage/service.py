"""What the contributions record covers, and its newest figures at or before a date, whichever source gave them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions.models import Contribution, ContributorMonth, MissionMonth, Ranking, WorldMonth
from pko.contributions.service import canonical_mission
from pko.freshness import Coverage
from pko.sources.models import ImportRun

SOURCE = "contributions"
MISSION_CATEGORIES = {"troops": "troops", "observers": "experts_on_mission", "police": "police"}


def _span(session: Session, column, *where) -> tuple[date | None, date | None]:
    return tuple(session.execute(select(func.min(column), func.max(column)).where(*where)).one())


def detail_coverage(session: Session, *, mission: str | None = None, iso3: str | None = None) -> Coverage:
    """The contributor x mission records' first and last month, of one mission and/or one state."""
    where = []
    if mission:
        where.append(Contribution.mission == canonical_mission(mission))
    if iso3:
        where.append(Contribution.iso3 == iso3.upper())
    first, last = _span(session, Contribution.month, *where)
    return Coverage(SOURCE, first, last, " ".join(part for part in (mission, iso3) if part) or None)


def coverage(session: Session, *, mission: str | None = None, iso3: str | None = None) -> Coverage:
    """The first and last month any monthly contributions source covers, of one mission and/or one state."""
    detail = detail_coverage(session, mission=mission, iso3=iso3)
    spans = [(detail.first, detail.last)]
    if mission and not iso3:
        spans.append(_span(session, MissionMonth.month, MissionMonth.mission == canonical_mission(mission)))
    elif iso3 and not mission:
        spans += [_span(session, ContributorMonth.month, ContributorMonth.iso3 == iso3.upper()),
                  _span(session, Ranking.reported_on, Ranking.iso3 == iso3.upper())]
    elif not mission and not iso3:
        spans += [_span(session, ContributorMonth.month), _span(session, WorldMonth.month), _span(session, Ranking.reported_on)]
    firsts = [first for first, _ in spans if first is not None]
    lasts = [last for _, last in spans if last is not None]
    return Coverage(SOURCE, min(firsts, default=None), max(lasts, default=None),
                    " ".join(part for part in (mission, iso3) if part) or None)


def mission_strength(session: Session, *, mission: str, on: date) -> tuple[date | None, dict[str, tuple], str | None]:
    """A mission's newest month-end strength at or before a date, by category as (female, male, total), and the
    source key that gave it: the contributor x mission records, or the mission x month file where it is newer."""
    acronym = canonical_mission(mission)
    detail = session.scalar(select(func.max(Contribution.month)).where(
        Contribution.mission == acronym, Contribution.month <= on, Contribution.total > 0))
    by_mission = session.scalar(select(func.max(MissionMonth.month)).where(
        MissionMonth.mission == acronym, MissionMonth.month <= on, MissionMonth.total > 0))
    if detail is not None and (by_mission is None or detail >= by_mission):
        source = session.scalar(select(ImportRun.source).join(Contribution, Contribution.import_run_id == ImportRun.id)
                                .where(Contribution.mission == acronym, Contribution.month == detail).limit(1))
        rows = session.execute(
            select(Contribution.category, func.sum(Contribution.female), func.sum(Contribution.male), func.sum(Contribution.total))
            .where(Contribution.mission == acronym, Contribution.month == detail).group_by(Contribution.category))
        return detail, {category: (female or 0, male or 0, total or 0) for category, female, male, total in rows}, source
    if by_mission is None:
        return None, {}, None
    row = session.execute(select(MissionMonth).where(MissionMonth.mission == acronym, MissionMonth.month == by_mission)).scalars().first()
    by_category = {category: (None, None, getattr(row, column)) for column, category in MISSION_CATEGORIES.items()
                   if getattr(row, column) is not None}
    return by_mission, by_category, "ipi-missions"

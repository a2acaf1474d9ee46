"""What the contributions record covers, and its newest figures at or before a date, whichever source gave them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions.datahub import service as datahub
from pko.contributions.models import Contribution, ContributorMonth, DataHubContribution, MissionMonth, Ranking, WorldMonth
from pko.contributions.service import canonical_mission
from pko.freshness import Coverage

SOURCE = "contributions"
MISSION_CATEGORIES = {"troops": "troops", "observers": "experts_on_mission", "police": "police"}


def _span(session: Session, column, *where) -> tuple[date | None, date | None]:
    return tuple(session.execute(select(func.min(column), func.max(column)).where(*where)).one())


def detail_coverage(session: Session, *, mission: str | None = None, iso3: str | None = None) -> Coverage:
    """The contributor x mission records' first and last month (IPI and Data Hub), of one mission and/or one state."""
    spans = []
    for model in (Contribution, DataHubContribution):
        where = []
        if mission:
            where.append(model.mission == canonical_mission(mission))
        if iso3:
            where.append(model.iso3 == iso3.upper())
        spans.append(_span(session, model.month, *where))
    firsts = [first for first, _ in spans if first is not None]
    lasts = [last for _, last in spans if last is not None]
    return Coverage(SOURCE, min(firsts, default=None), max(lasts, default=None),
                    " ".join(part for part in (mission, iso3) if part) or None)


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
    source key that gave it: the contributor x mission records (the Data Hub for the months it holds, else IPI),
    or the mission x month file where it is newer."""
    acronym = canonical_mission(mission)
    detail, key = datahub.newest_month(session, mission=acronym, on=on)
    by_mission = session.scalar(select(func.max(MissionMonth.month)).where(
        MissionMonth.mission == acronym, MissionMonth.month <= on, MissionMonth.total > 0))
    if detail is not None and (by_mission is None or detail >= by_mission):
        return detail, datahub.mission_categories(session, mission=acronym, month=detail, source=key), key
    if by_mission is None:
        return None, {}, None
    row = session.execute(select(MissionMonth).where(MissionMonth.mission == acronym, MissionMonth.month == by_mission)).scalars().first()
    by_category = {category: (None, None, getattr(row, column)) for column, category in MISSION_CATEGORIES.items()
                   if getattr(row, column) is not None}
    return by_mission, by_category, "ipi-missions"

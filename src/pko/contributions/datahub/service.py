"""The UN Data Hub's monthly contributions: preferred from 2010 where present, and checked against IPI month by month."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions.models import Contribution, DataHubContribution

SOURCE = "psdh-contributions"


def months(session: Session) -> set[date]:
    """The months the Data Hub file holds (its missing months are absent: no data, not zero)."""
    return set(session.scalars(select(DataHubContribution.month).distinct()))


def covers(session: Session, month: date) -> bool:
    """Whether the Data Hub file holds this month."""
    return session.scalar(select(DataHubContribution.id).where(DataHubContribution.month == month).limit(1)) is not None


def world(session: Session, month: date) -> tuple[int, int, int] | None:
    """Total, female and male over the contributor x mission rows of a month, or None where the file lacks it."""
    summed, female, male, count = session.execute(
        select(func.sum(DataHubContribution.total), func.sum(DataHubContribution.female),
               func.sum(DataHubContribution.male), func.count()).where(DataHubContribution.month == month)
    ).one()
    return (summed, female, male) if count else None


def top(session: Session, month: date, limit: int) -> list[dict[str, Any]]:
    """The largest contributors of a month in the Data Hub file."""
    total = func.sum(DataHubContribution.total)
    rows = session.execute(
        select(DataHubContribution.iso3, DataHubContribution.contributor, total, func.sum(DataHubContribution.female),
               func.sum(DataHubContribution.male)).where(DataHubContribution.month == month)
        .group_by(DataHubContribution.iso3, DataHubContribution.contributor)
        .order_by(total.desc(), DataHubContribution.contributor).limit(limit)
    ).all()
    return [dict(iso3=i, contributor=c, total=t, female=f, male=m, source=SOURCE, period=month.isoformat()) for i, c, t, f, m in rows]


def series(session: Session, iso3: str, mission: str | None) -> list[tuple[date, int, int, int]]:
    """A contributor's month-end (total, female, male) in the Data Hub file, oldest first."""
    query = select(DataHubContribution.month, func.sum(DataHubContribution.total), func.sum(DataHubContribution.female),
                   func.sum(DataHubContribution.male)).where(DataHubContribution.iso3 == iso3)
    if mission:
        query = query.where(DataHubContribution.mission == mission)
    return [tuple(row) for row in session.execute(query.group_by(DataHubContribution.month).order_by(DataHubContribution.month))]


def _pairs(session: Session, model, months_: set[date], country: str | None, mission: str | None) -> dict[tuple, tuple[str, int]]:
    """(month, contributor key, mission) -> (name, total) of one source over some months."""
    query = select(model.month, model.iso3, model.contributor, model.mission, func.sum(model.total)).where(model.month.in_(months_))
    if country:
        query = query.where(model.iso3 == country)
    if mission:
        query = query.where(model.mission == mission)
    found: dict[tuple, tuple[str, int]] = {}
    for month, iso3, name, acronym, total in session.execute(query.group_by(model.month, model.iso3, model.contributor, model.mission)):
        key = (month, iso3 or name.casefold(), acronym)
        previous = found.get(key, (name, 0))
        found[key] = (previous[0], previous[1] + (total or 0))
    return found


def crosscheck(session: Session, *, month_from: date | None = None, month_to: date | None = None,
               country: str | None = None, mission: str | None = None) -> dict[str, Any]:
    """Every contributor x mission whose IPI and Data Hub counts differ, for the months both sources hold."""
    ipi_months = set(session.scalars(select(Contribution.month).distinct()))
    shared = {month for month in ipi_months & months(session)
              if (month_from is None or month >= month_from) and (month_to is None or month <= month_to)}
    ipi = _pairs(session, Contribution, shared, country, mission) if shared else {}
    hub = _pairs(session, DataHubContribution, shared, country, mission) if shared else {}
    rows = []
    for key in sorted(set(ipi) | set(hub), key=lambda k: (k[0], str(k[1]), k[2])):
        month, who, acronym = key
        name = (ipi.get(key) or hub.get(key))[0]
        left, right = (ipi[key][1] if key in ipi else None), (hub[key][1] if key in hub else None)
        if left == right:
            continue
        rows.append({"month": month.isoformat(), "iso3": who if len(str(who)) == 3 and str(who).isupper() else None,
                     "contributor": name, "mission": acronym, "ipi_gender": left, SOURCE: right,
                     "difference": (right or 0) - (left or 0),
                     "note": "absent from the Data Hub file" if right is None else "absent from the IPI file" if left is None else None})
    return {"months": sorted(month.isoformat() for month in shared), "pairs": len(set(ipi) | set(hub)), "differing": rows}


def differences(session: Session, month: date) -> tuple[int, int] | None:
    """For a month both sources hold: how many contributor x mission pairs differ, and the net difference."""
    if not covers(session, month) or session.scalar(select(Contribution.id).where(Contribution.month == month).limit(1)) is None:
        return None
    rows = crosscheck(session, month_from=month, month_to=month)["differing"]
    return len(rows), sum(row["difference"] for row in rows)


def newest_month(session: Session, *, mission: str, on: date) -> tuple[date | None, str | None]:
    """The newest month at or before a date with personnel in a mission, and the source that gives it: the Data Hub
    for the months it holds, the IPI file for the others."""
    hub = session.scalar(select(func.max(DataHubContribution.month)).where(
        DataHubContribution.mission == mission, DataHubContribution.month <= on, DataHubContribution.total > 0))
    ipi = session.scalar(select(func.max(Contribution.month)).where(
        Contribution.mission == mission, Contribution.month <= on, Contribution.total > 0,
        Contribution.month.not_in(select(DataHubContribution.month).distinct())))
    if hub is None and ipi is None:
        return None, None
    return (hub, SOURCE) if ipi is None or (hub is not None and hub >= ipi) else (ipi, "ipi-gender")


def _records(source: str):
    return DataHubContribution if source == SOURCE else Contribution


def mission_contributors(session: Session, *, mission: str, month: date, source: str,
                         categories: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """A mission's contributors with personnel in one month of one source (see newest_month), largest first."""
    model = _records(source)
    total = func.sum(model.total)
    query = select(model.iso3, model.contributor, total, func.sum(model.female), func.sum(model.male)).where(
        model.mission == mission, model.month == month)
    if categories:
        query = query.where(model.category.in_(categories))
    rows = session.execute(query.group_by(model.iso3, model.contributor).order_by(total.desc(), model.iso3, model.contributor))
    return [dict(iso3=i, contributor=c, total=t, female=f or 0, male=m or 0, source=source, period=month.isoformat())
            for i, c, t, f, m in rows if t]


def mission_categories(session: Session, *, mission: str, month: date, source: str) -> dict[str, tuple[int, int, int]]:
    """A mission's (female, male, total) by personnel type in one month of one source (see newest_month)."""
    model = _records(source)
    rows = session.execute(select(model.category, func.sum(model.female), func.sum(model.male), func.sum(model.total))
                           .where(model.mission == mission, model.month == month).group_by(model.category))
    return {category: (female or 0, male or 0, total or 0) for category, female, male, total in rows}

"""Use cases over deployed uniformed personnel; every answer names the source and granularity behind it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions.datahub import service as datahub
from pko.contributions.models import (
    CATEGORIES, Contribution, ContributorMonth, PublishedGrandTotal, Ranking, WorldMonth, YearAverage, YearEndTotal,
)
from pko.sources.corinnee_country_year import COMPLETE_SHARE
from pko.sources.models import ImportRun
from pko.errors import QueryError

GRANULARITY = {
    "psdh-contributions": "month-end count, contributor x mission x personnel type x sex (UN Data Hub)",
    "psdh-latest": "count in the latest reported month, contributor (UN Data Hub)",
    "ipi-gender": "month-end count, contributor x mission x category x sex",
    "ipi-gender-published": "month-end world total as published in the gender file",
    "ipi-country-monthly": "month-end count, contributor (all missions)",
    "ipi-world-monthly": "month-end world total",
    "un-country-year": "yearly average of monthly counts, contributor x mission",
    "un-ranking": "count on the ranking's reporting date, contributor",
    "owid-year-end": "year-end world total",
}
SUMMARY_BY = ("month", "country", "mission", "category", "sex")
SEXES = ("female", "male")



def month_end(day: date) -> date:
    """The last day of the month of a date: the date month-end counts refer to."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def canonical_mission(mission: str | None) -> str | None:
    """The canonical acronym of a mission filter; an unknown mission is a QueryError."""
    if mission is None:
        return None
    from pko.missions.catalogue import canonical

    found = canonical(mission)
    if found is None:
        raise QueryError(f"unknown mission '{mission}'")
    return found


def sources_of(session: Session, *keys: str) -> list[str]:
    """The current import runs of some sources, as 'source: file (import run N)'."""
    runs = session.scalars(
        select(ImportRun).where(ImportRun.source.in_({key.removesuffix("-published") for key in keys}), ImportRun.current.is_(True))
        .order_by(ImportRun.source, ImportRun.id)
    ).all()
    return [f"{run.source}: {run.file_name} (import run {run.id})" for run in runs]


def share(female: int | None, male: int | None) -> float | None:
    """Women's share of the personnel counted by sex, rounded to 4 places."""
    counted = (female or 0) + (male or 0)
    return round((female or 0) / counted, 4) if counted else None


@dataclass
class Filters:
    """Filters of the contributor x mission x month x category x sex records."""

    month_from: date | None = None
    month_to: date | None = None
    country: str | None = None
    mission: str | None = None
    category: str | None = None
    sex: str | None = None

    def apply(self, query):
        """The query restricted to these filters."""
        if self.category is not None and self.category not in CATEGORIES:
            raise QueryError(f"unknown category '{self.category}' (known: {', '.join(CATEGORIES)})")
        if self.sex is not None and self.sex not in SEXES:
            raise QueryError(f"unknown sex '{self.sex}' (known: {', '.join(SEXES)})")
        if self.month_from is not None:
            query = query.where(Contribution.month >= self.month_from)
        if self.month_to is not None:
            query = query.where(Contribution.month <= month_end(self.month_to))
        if self.country is not None:
            code = self.country.strip()
            if len(code) == 3 and code.isalpha():
                query = query.where(Contribution.iso3 == code.upper())
            else:
                query = query.where(func.lower(Contribution.contributor) == code.lower())
        if self.mission is not None:
            query = query.where(Contribution.mission == canonical_mission(self.mission))
        if self.category is not None:
            query = query.where(Contribution.category == self.category)
        if self.sex is not None:
            query = query.where(getattr(Contribution, self.sex) > 0)
        return query


def list_contributions(session: Session, filters: Filters, *, limit: int = 100, offset: int = 0) -> tuple[int, list[Contribution]]:
    """Records matching the filters, by month, contributor, mission and category; and how many match."""
    query = filters.apply(select(Contribution))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(
        query.order_by(Contribution.month, Contribution.contributor, Contribution.mission, Contribution.category)
        .limit(limit).offset(offset)
    ).all()
    return total, list(rows)


def summary(session: Session, by: str, filters: Filters) -> list[dict[str, Any]]:
    """Personnel (female, male, published total) and women's share, grouped by month, country, mission, category or sex."""
    if by not in SUMMARY_BY:
        raise QueryError(f"cannot summarise by '{by}' (choose one of {', '.join(SUMMARY_BY)})")
    sums = (func.sum(Contribution.female), func.sum(Contribution.male), func.sum(Contribution.total))
    if by == "sex":
        female, male, total = session.execute(filters.apply(select(*sums))).one()
        counted = (female or 0) + (male or 0)
        return [
            {"sex": sex, "personnel": value or 0, "share": round((value or 0) / counted, 4) if counted else None}
            for sex, value in (("female", female), ("male", male))
        ]
    keys = {
        "month": (Contribution.month,), "country": (Contribution.iso3, Contribution.contributor),
        "mission": (Contribution.mission,), "category": (Contribution.category,),
    }[by]
    query = filters.apply(select(*keys, *sums)).group_by(*keys)
    order = keys if by in {"month", "category"} else (func.sum(Contribution.total).desc(), *keys)
    rows = []
    for values in session.execute(query.order_by(*order)):
        *group, female, male, total = values
        row = dict(zip([column.key for column in keys], group))
        row.update(female=female or 0, male=male or 0, total=total or 0, women_share=share(female, male))
        rows.append(row)
    return rows


def _figure(source: str, period: str, total: int | None, female: int | None = None, male: int | None = None, note: str | None = None) -> dict[str, Any]:
    return {
        "source": source, "granularity": GRANULARITY[source], "period": period, "total": total,
        "female": female, "male": male, "note": note,
    }


def year_checks(session: Session) -> dict[int, dict[str, Any]]:
    """Each year of yearly averages: their sum beside the year-end world total, and whether the year looks incomplete."""
    sums = dict(session.execute(select(YearAverage.year, func.sum(YearAverage.total)).group_by(YearAverage.year)).all())
    year_end = dict(session.execute(select(YearEndTotal.year, YearEndTotal.total).where(YearEndTotal.year.in_(sums))).all())
    checks = {}
    for year, total in sorted(sums.items()):
        reference = year_end.get(year)
        ratio = round(total / reference, 4) if reference else None
        checks[year] = {
            "year": year, "sum_of_averages": total, "year_end_total": reference, "share_of_year_end": ratio,
            "incomplete": None if ratio is None else ratio < COMPLETE_SHARE,
        }
    return checks


def _check_note(check: dict[str, Any] | None) -> str | None:
    if check is None or check["incomplete"] is None:
        return "not checked: no year-end world total for this year"
    if check["incomplete"]:
        return (f"INCOMPLETE: the year's averages add up to {check['share_of_year_end']:.0%} of the year-end world total "
                f"({check['year_end_total']:,}); do not use as a world figure")
    return f"checked: {check['share_of_year_end']:.0%} of the year-end world total"


def total(session: Session, day: date) -> list[dict[str, Any]]:
    """Every figure the sources give for the world total at a date, most detailed first, the year-end total beside it."""
    month = month_end(day)
    figures = []
    hub = datahub.world(session, month)
    if hub:
        figures.append(_figure(datahub.SOURCE, month.isoformat(), *hub, _hub_note(session, month)))
    female, male, summed, count = session.execute(
        select(func.sum(Contribution.female), func.sum(Contribution.male), func.sum(Contribution.total), func.count())
        .where(Contribution.month == month)
    ).one()
    if count:
        figures.append(_figure("ipi-gender", month.isoformat(), summed, female, male, "sum of the contributor x mission rows"))
    published = session.execute(
        select(PublishedGrandTotal.total, PublishedGrandTotal.female, PublishedGrandTotal.male)
        .where(PublishedGrandTotal.month == month, PublishedGrandTotal.category == "all")
    ).first()
    if published:
        note = "; ".join(filter(None, ["the file's Contributor=all, Mission=all row", count and _gap_note(session, month, published, summed)]))
        figures.append(_figure("ipi-gender-published", month.isoformat(), *published, note))
    elif count:
        figures.append(_figure("ipi-gender-published", month.isoformat(), None, note="the file publishes no grand total for this month"))
    world = session.scalar(select(WorldMonth.total).where(WorldMonth.month == month))
    if world is not None:
        figures.append(_figure("ipi-world-monthly", month.isoformat(), world))
    summed, count = session.execute(select(func.sum(ContributorMonth.total), func.count()).where(ContributorMonth.month == month)).one()
    if count:
        figures.append(_figure("ipi-country-monthly", month.isoformat(), summed, note=f"sum over {count} contributors"))
    ranked = session.execute(
        select(Ranking.reported_on, func.sum(Ranking.total), func.sum(Ranking.female), func.sum(Ranking.male), func.count())
        .where(Ranking.reported_on >= month.replace(day=1), Ranking.reported_on <= month).group_by(Ranking.reported_on)
    ).first()
    if ranked:
        figures.append(_figure("un-ranking", ranked[0].isoformat(), *ranked[1:4], f"sum over {ranked[4]} ranked contributors"))
    year_end = session.execute(select(YearEndTotal.total).where(YearEndTotal.year == day.year)).first()
    if year_end:
        figures.append(_figure("owid-year-end", f"{day.year}-12-31", year_end[0], note=f"world total at the end of {day.year}"))
    averaged = session.execute(
        select(func.sum(YearAverage.total), func.sum(YearAverage.female), func.sum(YearAverage.male))
        .where(YearAverage.year == day.year)
    ).first()
    if averaged and averaged[0] is not None:
        figures.append(_figure("un-country-year", str(day.year), *averaged, _check_note(year_checks(session).get(day.year))))
    return figures


def _hub_note(session: Session, month: date) -> str:
    """What the Data Hub figure is, and whether the IPI file agrees with it for the same month."""
    note = "sum of the contributor x mission rows (preferred source from 2010)"
    found = datahub.differences(session, month)
    if found and found[0]:
        return note + (f"; differs from ipi-gender for {found[0]} contributor x mission pair(s), net {found[1]:+,}: "
                       "see `pko contributions crosscheck`")
    return note + ("; ipi-gender agrees for every contributor x mission" if found else "")


def _gap_note(session: Session, month: date, published: tuple, summed: int | None) -> str | None:
    """Why the gender file's published total differs from the sum of its rows: contributors it gives no figures for."""
    total_, female, male = published
    gap = (total_ or 0) - (summed or 0)
    if not gap:
        return None
    present = {iso3 or name.casefold() for iso3, name in session.execute(
        select(Contribution.iso3, Contribution.contributor).where(Contribution.month == month).distinct())}
    absent = [(iso3, name, count) for iso3, name, count in session.execute(
        select(ContributorMonth.iso3, ContributorMonth.contributor, ContributorMonth.total)
        .where(ContributorMonth.month == month, ContributorMonth.total > 0).order_by(ContributorMonth.total.desc()))
        if (iso3 or name.casefold()) not in present]
    unsplit = (total_ or 0) - (female or 0) - (male or 0)
    text = f"{gap:,} more than the sum of its contributor x mission rows ({summed or 0:,})"
    if unsplit:
        text += f"; {unsplit:,} of the published total are not split by sex (male + female = {(female or 0) + (male or 0):,})"
    if absent:
        explained = sum(count for _, _, count in absent)
        listed = ", ".join(f"{name} ({iso3}) {count:,}" for iso3, name, count in absent[:10])
        text += (f"; contributors with personnel in ipi-country-monthly but no figures by sex in the gender file: {listed}"
                 + (f" (and {len(absent) - 10} more)" if len(absent) > 10 else ""))
        if explained != gap:
            text += f"; {gap - explained:,} not explained by them"
    else:
        text += "; no contributor of ipi-country-monthly is missing from the gender file's rows"
    return text


def _ranked(session: Session, query) -> list[tuple[Ranking, str]]:
    """Ranking rows with the source that stored them (the 2021 ranking file or the Data Hub's latest month)."""
    return [tuple(row) for row in session.execute(query.add_columns(ImportRun.source).join(ImportRun, Ranking.import_run_id == ImportRun.id))]


def top(session: Session, day: date, limit: int = 10) -> list[dict[str, Any]]:
    """The largest contributors at a date from the most detailed source that covers it (the Data Hub first)."""
    month = month_end(day)
    rows: list[dict[str, Any]] = datahub.top(session, month, limit)
    detail = [] if rows else session.execute(
        select(Contribution.iso3, Contribution.contributor, func.sum(Contribution.total), func.sum(Contribution.female), func.sum(Contribution.male))
        .where(Contribution.month == month).group_by(Contribution.iso3, Contribution.contributor)
        .order_by(func.sum(Contribution.total).desc(), Contribution.contributor).limit(limit)
    ).all()
    if detail:
        rows = [dict(iso3=i, contributor=c, total=t, female=f, male=m, source="ipi-gender", period=month.isoformat()) for i, c, t, f, m in detail]
    if not rows:
        found = session.execute(
            select(ContributorMonth).where(ContributorMonth.month == month)
            .order_by(ContributorMonth.total.desc(), ContributorMonth.contributor).limit(limit)
        ).scalars().all()
        rows = [dict(iso3=r.iso3, contributor=r.contributor, total=r.total, female=None, male=None, source="ipi-country-monthly", period=month.isoformat()) for r in found]
    if not rows:
        found = _ranked(session, select(Ranking).where(Ranking.reported_on >= month.replace(day=1), Ranking.reported_on <= month)
                        .order_by(Ranking.rank, Ranking.contributor).limit(limit))
        rows = [dict(rank=r.rank, iso3=r.iso3, contributor=r.contributor, total=r.total, female=r.female, male=r.male, source=source, period=r.reported_on.isoformat()) for r, source in found]
    if not rows:
        note = _check_note(year_checks(session).get(day.year))
        found = session.execute(
            select(YearAverage.iso3, YearAverage.contributor, func.sum(YearAverage.total), func.sum(YearAverage.female), func.sum(YearAverage.male))
            .where(YearAverage.year == day.year).group_by(YearAverage.iso3, YearAverage.contributor)
            .order_by(func.sum(YearAverage.total).desc(), YearAverage.contributor).limit(limit)
        ).all()
        rows = [dict(iso3=i, contributor=c, total=t, female=f, male=m, source="un-country-year", period=str(day.year), note=note) for i, c, t, f, m in found]
    ranked = []
    for place, row in enumerate(rows, start=1):
        ranked.append({"rank": row.pop("rank", place), **row, "granularity": GRANULARITY[row["source"]]})
    return ranked


def series(session: Session, iso3: str, mission: str | None = None) -> list[dict[str, Any]]:
    """A contributor's personnel over time: month-end counts where a monthly source covers the month, then yearly averages."""
    iso3 = iso3.strip().upper()
    mission = canonical_mission(mission)
    rows: list[dict[str, Any]] = []
    query = select(Contribution.month, func.sum(Contribution.total), func.sum(Contribution.female), func.sum(Contribution.male)).where(Contribution.iso3 == iso3)
    if mission:
        query = query.where(Contribution.mission == mission)
    hub_months = datahub.months(session)
    detail = [row for row in session.execute(query.group_by(Contribution.month).order_by(Contribution.month)) if row[0] not in hub_months]
    hub = datahub.series(session, iso3, mission)
    first_detail = min((month for month, *_ in [*detail, *hub]), default=None)
    last_year = max((month.year for month, *_ in [*detail, *hub]), default=None)
    if mission is None:
        monthly = select(ContributorMonth.month, ContributorMonth.total).where(ContributorMonth.iso3 == iso3)
        if first_detail:
            monthly = monthly.where(ContributorMonth.month < first_detail)
        for month, count in session.execute(monthly.order_by(ContributorMonth.month)):
            rows.append(_figure("ipi-country-monthly", month.isoformat(), count))
            last_year = max(last_year or month.year, month.year)
    rows += [_figure("ipi-gender", month.isoformat(), count, female, male) for month, count, female, male in detail]
    rows += [_figure(datahub.SOURCE, month.isoformat(), count, female, male) for month, count, female, male in hub]
    averages = select(YearAverage.year, func.sum(YearAverage.total), func.sum(YearAverage.female), func.sum(YearAverage.male)).where(YearAverage.iso3 == iso3)
    if mission:
        averages = averages.where(YearAverage.mission == mission)
    if last_year:
        averages = averages.where(YearAverage.year > last_year)
    checks = year_checks(session)
    for year, count, female, male in session.execute(averages.group_by(YearAverage.year).order_by(YearAverage.year)):
        rows.append(_figure("un-country-year", str(year), count, female, male, _check_note(checks.get(year))))
    if mission is None:
        for ranked, source in _ranked(session, select(Ranking).where(Ranking.iso3 == iso3).order_by(Ranking.reported_on)):
            rows.append(_figure(source, ranked.reported_on.isoformat(), ranked.total, ranked.female, ranked.male, f"rank {ranked.rank}"))
    return sorted(rows, key=lambda row: row["period"])


def ranking(session: Session, reported_on: date | None = None, *, limit: int = 100, offset: int = 0) -> tuple[int, list[Ranking]]:
    """A stored ranking (the latest by default), by rank."""
    if reported_on is None:
        reported_on = session.scalar(select(func.max(Ranking.reported_on)))
    query = select(Ranking).where(Ranking.reported_on == reported_on)
    count = session.scalar(select(func.count()).select_from(query.subquery()))
    return count, list(session.scalars(query.order_by(Ranking.rank, Ranking.contributor).limit(limit).offset(offset)))


def year_end_totals(session: Session, year_from: int | None = None, year_to: int | None = None) -> list[YearEndTotal]:
    """World totals at year end, oldest first."""
    query = select(YearEndTotal)
    if year_from is not None:
        query = query.where(YearEndTotal.year >= year_from)
    if year_to is not None:
        query = query.where(YearEndTotal.year <= year_to)
    return list(session.scalars(query.order_by(YearEndTotal.year)))


def crosscheck(session: Session, *, month_from: date | None = None, month_to: date | None = None,
               country: str | None = None, mission: str | None = None) -> dict[str, Any]:
    """Differences per contributor x mission between the IPI file and the Data Hub file, for the months both hold."""
    return datahub.crosscheck(session, month_from=month_from, month_to=month_to,
                              country=country.strip().upper() if country else None, mission=canonical_mission(mission))

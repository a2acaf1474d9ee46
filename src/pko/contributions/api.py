"""Routes for deployed uniformed personnel: records, summaries, totals, rankings, year-end totals."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.contributions import service
from pko.contributions.schemas import ContributionOut, Figure, RankingOut, SummaryRow, TopRow, TotalOut, YearEndOut
from pko.http import Page, Paging, get_session, paging

router = APIRouter(prefix="/api/v1/contributions", tags=["contributions"], dependencies=[Depends(require("record", "read"))])


def filters(
    month_from: date | None = Query(None, alias="from", description="First month (any day of it)"),
    month_to: date | None = Query(None, alias="to", description="Last month (any day of it)"),
    day: date | None = Query(None, alias="date", description="Only the month of this date"),
    country: str | None = Query(None, description="ISO3 code, or the contributor's name as the source spells it"),
    mission: str | None = Query(None, description="Mission acronym"),
    category: str | None = Query(None, description=f"One of {', '.join(service.CATEGORIES)}"),
    sex: str | None = Query(None, description="female or male: only records with personnel of that sex"),
) -> service.Filters:
    """The filters of the contribution records."""
    if day is not None:
        month_from, month_to = day.replace(day=1), service.month_end(day)
    return service.Filters(month_from, month_to, country, mission, category, sex)



@router.get("", response_model=Page[ContributionOut])
def list_contributions(
    where: service.Filters = Depends(filters), page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[ContributionOut]:
    """Month-end counts, contributor x mission x month x category, by sex (IPI gender file, 2009-11..2014-08)."""
    total, rows = service.list_contributions(session, where, limit=page.limit, offset=page.offset)
    items = [ContributionOut.model_validate(row) for row in rows]
    return Page(total=total, limit=page.limit, offset=page.offset, sources=service.sources_of(session, "ipi-gender"), items=items)


@router.get("/summary", response_model=Page[SummaryRow], response_model_exclude_none=True)
def summary(
    by: str = Query(..., description=f"One of {', '.join(service.SUMMARY_BY)}"),
    where: service.Filters = Depends(filters), page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[SummaryRow]:
    """Personnel by month, country, mission, category or sex, with women's share (female / (female + male))."""
    rows = service.summary(session, by, where)
    items = [SummaryRow(**row) for row in rows[page.offset:page.offset + page.limit]]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=service.sources_of(session, "ipi-gender"), items=items)


@router.get("/total", response_model=TotalOut)
def total(day: date = Query(..., alias="date", description="YYYY-MM-DD"), session: Session = Depends(get_session)) -> TotalOut:
    """Every source's figure for the world total at a date, most detailed first, with the year-end total beside it."""
    figures = service.total(session, day)
    keys = [figure["source"] for figure in figures]
    return TotalOut(date=day, month=service.month_end(day), figures=[Figure(**figure) for figure in figures], sources=service.sources_of(session, *keys))


@router.get("/top", response_model=Page[TopRow])
def top(
    day: date = Query(..., alias="date", description="YYYY-MM-DD"), limit: int = Query(10, ge=1, le=500),
    session: Session = Depends(get_session),
) -> Page[TopRow]:
    """The largest contributors at a date, from the most detailed source that covers it."""
    rows = service.top(session, day, limit)
    keys = {row["source"] for row in rows}
    return Page(total=len(rows), limit=limit, offset=0, sources=service.sources_of(session, *keys), items=[TopRow(**row) for row in rows])


@router.get("/series", response_model=Page[Figure])
def series(
    country: str = Query(..., description="ISO3 code"), mission: str | None = Query(None, description="Mission acronym"),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[Figure]:
    """A contributor's personnel over time: month-end counts, then yearly averages (flagged when a year is incomplete)."""
    rows = service.series(session, country, mission)
    keys = {row["source"] for row in rows}
    items = [Figure(**row) for row in rows[page.offset:page.offset + page.limit]]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=service.sources_of(session, *keys), items=items)


@router.get("/ranking", response_model=Page[RankingOut])
def ranking(
    day: date | None = Query(None, alias="date", description="Reporting date of the ranking (default: the latest)"),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[RankingOut]:
    """A UN ranking of contributors of uniformed personnel (31 January 2021 is stored)."""
    total_count, rows = service.ranking(session, day, limit=page.limit, offset=page.offset)
    items = [RankingOut.model_validate(row) for row in rows]
    return Page(total=total_count, limit=page.limit, offset=page.offset, sources=service.sources_of(session, "un-ranking"), items=items)


@router.get("/year-end-totals", response_model=Page[YearEndOut])
def year_end_totals(
    year_from: int | None = Query(None, alias="from", ge=1900, le=2100), year_to: int | None = Query(None, alias="to", ge=1900, le=2100),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[YearEndOut]:
    """World totals at year end (OWID), each with the check of that year's yearly averages where there are any."""
    rows = service.year_end_totals(session, year_from, year_to)
    checks = service.year_checks(session)
    items = [
        YearEndOut(
            year=row.year, missions=row.missions, total=row.total, police=row.police, observers=row.observers, troops=row.troops,
            sum_of_yearly_averages=checks.get(row.year, {}).get("sum_of_averages"),
            yearly_averages_incomplete=checks.get(row.year, {}).get("incomplete"),
        )
        for row in rows[page.offset:page.offset + page.limit]
    ]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=service.sources_of(session, "owid-year-end", "un-country-year"), items=items)


@router.get("/crosscheck")
def crosscheck(
    month_from: date | None = Query(None, alias="from", description="First month (any day of it)"),
    month_to: date | None = Query(None, alias="to", description="Last month (any day of it)"),
    country: str | None = Query(None, description="ISO3 code"), mission: str | None = Query(None, description="Mission acronym"),
    session: Session = Depends(get_session),
) -> dict:
    """For the months both the IPI file and the UN Data Hub file hold: each contributor x mission whose counts differ."""
    found = service.crosscheck(session, month_from=month_from.replace(day=1) if month_from else None,
                               month_to=service.month_end(month_to) if month_to else None, country=country, mission=mission)
    return found | {"sources": service.sources_of(session, "ipi-gender", "psdh-contributions")}

"""Routes for finance: parameters, scales, derived appropriations, assessments, peacekeeping scale, apportionment."""

from __future__ import annotations

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.finance import scale, service
from pko.finance.schemas import (
    ApportionmentOut, AssessmentOut, LevelIn, ParameterOut, PeacekeepingRateOut, RateOut, YearOut,
)
from pko.http import Page, Paging, get_session, paging

router = APIRouter(prefix="/api/v1/finance", tags=["finance"], dependencies=[Depends(require("record", "read"))])


def _page(rows: list, page: Paging, sources: list[str]) -> Page:
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=sources, items=rows[page.offset:page.offset + page.limit])


@router.get("/parameters", response_model=Page[ParameterOut])
def parameters(page: Paging = Depends(paging), session: Session = Depends(get_session)) -> Page[ParameterOut]:
    """Dated parameters with start date, source and status ("to verify against the resolution's text")."""
    return _page(service.parameter_rows(session), page, service.sources_of(session, "scale"))


@router.get("/scales", response_model=Page[RateOut])
def scale_of_period(period: str = Query(..., description="e.g. 2019-2021"), page: Paging = Depends(paging), session: Session = Depends(get_session)) -> Page[RateOut]:
    """The regular-budget scale of a period (e.g. 2019-2021), largest rate first."""
    try:
        rows = service.scale_rows(session, period)
    except service.QueryError as error:
        raise HTTPException(404, str(error))
    return _page(rows, page, service.sources_of(session, "scale"))


@router.get("/years", response_model=Page[YearOut], response_model_exclude_none=True)
def years(page: Paging = Depends(paging), session: Session = Depends(get_session)) -> Page[YearOut]:
    """Each year's gross appropriation and credit pool derived from the published figures, with the fit."""
    return _page(service.years(session), page, service.sources_of(session, "gross", "net"))


@router.get("/assessments", response_model=AssessmentOut, response_model_exclude_none=True)
def assessments(
    year: int = Query(..., ge=1945, le=2100), amount: float = Query(..., gt=0, le=1e13, description="Gross appropriation, USD"),
    credit_pool: float | None = Query(None, ge=0, le=1e13, description="Default: derived from the year's published figures"),
    session: Session = Depends(get_session),
) -> AssessmentOut:
    """Every state's gross, credit and net assessment for a year, beside the published figures."""
    try:
        result = service.assess(session, year, amount, credit_pool)
    except service.QueryError as error:
        raise HTTPException(422, str(error))
    return AssessmentOut(**result, sources=service.sources_of(session, "scale", "gross", "net"))


@router.get("/apportionment", response_model=ApportionmentOut)
def apportionment(
    fiscal_year: str = Query(..., description="e.g. 2019/20"), amount: float = Query(..., gt=0, le=1e13, description="USD"),
    session: Session = Depends(get_session),
) -> ApportionmentOut:
    """A fiscal-year budget per state, each calendar year's months at that year's scale."""
    try:
        result = service.apportion(session, fiscal_year, amount)
    except service.QueryError as error:
        raise HTTPException(422, str(error))
    return ApportionmentOut(**result, sources=service.sources_of(session, "scale", "gross"))


@router.post("/peacekeeping-scale", response_model=list[PeacekeepingRateOut])
def peacekeeping_scale(period: str = Query(..., description="e.g. 2019-2021"), levels: list[LevelIn] = Body(...), session: Session = Depends(get_session)) -> list[PeacekeepingRateOut]:
    """Effective peacekeeping rates of a period for a level table given in the body (states left out: level B)."""
    table = {row.iso3.upper(): scale.Placement(row.level.upper(), row.previous_level.upper() if row.previous_level else None, row.steps, row.step)
             for row in levels}
    try:
        return service.peacekeeping(session, period, table)
    except service.QueryError as error:
        raise HTTPException(422, str(error))


@router.get("/payments", response_model=Page[dict])
def payments(
    year: int | None = Query(None, ge=1945, le=2100, description="One year's row; without it, every year's"),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[dict]:
    """Predictability of regular-budget payments by year: states on time (within the 30-day due period), late, not paid
    in full, and the index (published aggregates; each state's payments: /api/v1/finance/payments/states)."""
    rows = service.payments_by_year(session)
    if year is not None:
        rows = [row for row in rows if row["year"] == year]
        if not rows:
            raise HTTPException(404, f"no assessments or payments for {year} (known: 2000-2026)")
    return _page(rows, page, service.sources_of(session, "gross", "net", "payments"))


@router.get("/reimbursements", response_model=Page[dict])
def reimbursements(
    country: str = Query(..., min_length=3, max_length=3, description="ISO3"), year: int = Query(..., ge=1945, le=2100),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[dict]:
    """Personnel reimbursement per month (rate in force x troops and formed police units), or why it is unknown."""
    return _page(service.reimbursements(session, country, year), page, service.sources_of(session, "personnel"))


@router.get("/au-operation", response_model=dict)
def au_operation(
    budget: float = Query(..., gt=0, le=1e13, description="USD"),
    un_share: list[float] = Query([0.75], description="UN share(s), each up to 0.75"),
    year: int = Query(2025, ge=1945, le=2100), session: Session = Depends(get_session),
) -> dict:
    """An AU-led operation's budget under scenario UN shares (resolution 2719): per state, and the AU's remainder."""
    try:
        result = service.au_operation(session, budget, un_share, year)
    except service.QueryError as error:
        raise HTTPException(422, str(error))
    return result | {"sources": service.sources_of(session, "scale", "gross")}

"""Routes for member states' bills: arrears, the make-up of total contributions, and the XLSX export (finance permission).

A state delegate sees its own state's rows only; another state's are answered as not found.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.finance import export, ledger, service
from pko.finance.schemas import StateArrearsOut, StatePaymentOut, TotalContributionsOut, YearArrearsOut
from pko.http import Page, Paging, get_session, paging

router = APIRouter(prefix="/api/v1/finance", tags=["finance"])
ISO3 = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3 of a member state")


def within_scope(access: Access, country: str | None) -> str | None:
    """The state a caller may read: any (or the one asked) with scope all, its own with scope own-state."""
    asked, seen = (country.upper() if country else None), access.visibility
    if seen.everything:
        return asked
    if asked and not seen.sees(state=asked):
        raise HTTPException(404, f"no finance records of {asked} visible to you")
    return asked or seen.state or "---"


@router.get("/arrears", response_model=Page[StateArrearsOut | YearArrearsOut])
def arrears(
    country: str | None = ISO3, year: int | None = Query(None, ge=1945, le=2100),
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(require("finance", "read")),
) -> Page[StateArrearsOut | YearArrearsOut]:
    """Arrears in USD per state and year (upper bounds: partial payments are not published); every year's totals
    when neither a country nor a year is asked and the caller sees all states."""
    code = within_scope(access, country)
    try:
        rows = ledger.arrears_rows(session, code, year) if code or year else ledger.arrears_by_year(session)
    except service.QueryError as error:
        raise HTTPException(404, str(error))
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=[ledger.ARREARS_SOURCE],
                items=rows[page.offset:page.offset + page.limit])


@router.get("/payments/states", response_model=Page[StatePaymentOut])
def state_payments(
    year: int = Query(..., ge=1945, le=2100), country: str | None = ISO3,
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(require("finance", "read")),
) -> Page[StatePaymentOut]:
    """Each state's assessment and payment in one year: paid on time, date of payment in full, days to pay."""
    code = within_scope(access, country)
    try:
        rows = service.payments_of_year(session, year)
    except service.QueryError as error:
        raise HTTPException(404, str(error))
    rows = [row for row in rows if code is None or row["iso3"] == code]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=service.sources_of(session, "gross", "net", "payments"),
                items=rows[page.offset:page.offset + page.limit])


@router.get("/total-contributions", response_model=TotalContributionsOut)
def total_contributions(
    year: int = Query(..., ge=1945, le=2100), country: str | None = ISO3,
    session: Session = Depends(get_session), access: Access = Depends(require("finance", "read")),
) -> TotalContributionsOut:
    """A year's published contributions split into the regular budget and a component at the peacekeeping scale."""
    code = within_scope(access, country)
    try:
        result = ledger.total_contributions(session, year)
    except service.QueryError as error:
        raise HTTPException(404, str(error))
    if code:
        result["rows"] = [row for row in result["rows"] if row["iso3"] == code]
    return result | {"definition": ledger.TOTAL_CONTRIBUTIONS, "sources": service.sources_of(session, "gross", "net")}


@router.get("/export.xlsx", response_class=Response, responses={200: {"content": {export.MEDIA_TYPE: {}}}})
def export_xlsx(
    country: str | None = ISO3, year_from: int = Query(2000, ge=1945, le=2100), year_to: int = Query(2026, ge=1945, le=2100),
    fiscal_year: str | None = Query(None, max_length=7, description="Add an apportionment sheet, e.g. 2019/20"),
    amount: float | None = Query(None, gt=0, le=1e13, description="The budget to apportion, USD"),
    session: Session = Depends(get_session), access: Access = Depends(require("finance", "read")),
) -> Response:
    """The finance tables as an Excel workbook: assessments, payments and arrears by state and year, predictability."""
    code = within_scope(access, country)
    try:
        sheets = ledger.export_sheets(session, code, year_from, year_to, fiscal_year, amount)
    except service.QueryError as error:
        raise HTTPException(422, str(error))
    name = f"pko-finance-{code or 'all'}-{year_from}-{year_to}.xlsx"
    return Response(export.workbook(sheets), media_type=export.MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

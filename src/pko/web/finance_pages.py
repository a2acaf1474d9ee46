"""The finance page: regular-budget scales over time, the predictability of payments, and a state's bill."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pko.auth.permissions import Principal, granted, principal, require, visibility
from pko.auth.roles import Scope
from pko.finance import ledger, service
from pko.finance.models import ScaleRate
from pko.finance.payments import DEFINITION
from pko.http import get_session
from pko.registry.models import MemberState
from pko.web import figures
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse, dependencies=[Depends(require("record", "read"))])
PALETTE = ("#1b4f8a", "#b3261e", "#d0a21c", "#4f9d69", "#7b4f9d", "#9aa7b6", "#e07b39", "#2a9d8f")


@router.get("/finance", name="finance")
def finance(
    request: Request, state: str | None = Query(None, max_length=3, description="ISO3 of the state whose bill to show"),
    caller: Principal = Depends(principal), session: Session = Depends(get_session),
):
    """Scales over time, predictability by year, and one state's bill (a delegate's own state by default)."""
    years, series = service.rates_over_time(session)
    scales = figures.chart([str(year) for year in years],
                           [{"label": iso3, "data": values, "color": PALETTE[position % len(PALETTE)]}
                            for position, (iso3, values) in enumerate(series.items())], kind="line", unit="percent of the regular budget")
    paid = service.payments_by_year(session)
    predictability = figures.chart([str(row["year"]) for row in paid],
                                   [{"label": "Share of assessments paid within 30 days", "data": [row["predictability_index"] for row in paid],
                                     "color": figures.COLOURS["month"]}], unit="share")
    states = session.execute(select(MemberState.iso3, MemberState.name).order_by(MemberState.name)).all()
    reach = finance_reach(caller)
    chosen = (state or caller.state_iso3 or "").upper() or None
    bills = visibility(caller, "finance")
    if reach is not None and not bills.everything:
        states = [(iso3, name) for iso3, name in states if bills.sees(state=iso3)]
    bill = service.bill(session, chosen) if chosen and may_see_bill(caller, chosen) else []
    key_figures = []
    periods = service.periods(session)
    if periods:
        key_figures.append(figures.figure("scale", "Latest regular-budget scale", periods[-1]["period"], f"{periods[-1]['states']} rates"))
    complete = [row for row in paid if "as of" not in row["source"] or row["source"].endswith("-12-30") or row["source"].endswith("-12-31")]
    if complete:
        last = complete[-1]
        key_figures.append(figures.figure("predictability", f"Paid within 30 days, {last['year']}",
                                          f"{last['predictability_index']:.0%}", f"{last['paid_on_time']} of {last['states']} states"))
    return render(request, session, "finance.html", title="Finance", section="finance", key_figures=key_figures,
                  scales_chart=scales, predictability_chart=predictability, definition=DEFINITION, states=states,
                  chosen=chosen, bill=bill, reach=reach, sources="; ".join(service.sources_of(session, "scale", "gross", "net", "payments")))


def finance_reach(caller: Principal) -> Scope | None:
    """How far the caller's finance:read permission reaches (None: published aggregates only)."""
    return granted(caller, "finance", "read")


def may_see_bill(caller: Principal, iso3: str) -> bool:
    """True when the caller may see this state's bill: finance officers all, a state delegate its own."""
    return visibility(caller, "finance").sees(state=iso3.upper())


def state_finance(session: Session, caller: Principal, iso3: str) -> dict:
    """The finance panel of a member state's page: its published rates for everyone; its payment record, arrears
    and predictability index only within the caller's finance permission."""
    rates = session.execute(select(ScaleRate.period, ScaleRate.rate_percent).where(ScaleRate.iso3 == iso3)
                            .order_by(ScaleRate.period)).all()
    panel = {"finance_rates": [{"period": period, "rate_percent": rate} for period, rate in rates], "finance_record": None}
    if not may_see_bill(caller, iso3):
        return panel
    record = ledger.state_record(session, iso3)
    if not record["rows"]:
        return panel
    rows = sorted(record["rows"], key=lambda row: row["year"])
    chart = figures.chart([str(row["year"]) for row in rows],
                          [{"label": "Days from 1 January to payment in full", "data": [row["days_to_pay"] for row in rows],
                            "color": figures.COLOURS["month"]}], unit="days")
    return panel | {"finance_record": record | {"rows": rows[::-1]}, "finance_chart": chart, "finance_definition": DEFINITION}

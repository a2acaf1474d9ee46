"""Payments and predictability: engine on a hand example, and the two sources agreeing where they overlap."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from pko.db import engine_for, session_scope
from pko.finance.models import Payment
from pko.finance.payments import Record, by_year, never_late


def test_predictability_on_a_hand_example():
    records = [Record(2019, "AAA", 600.0, True, date(2019, 1, 21)), Record(2019, "BBB", 300.0, False, date(2019, 4, 11)),
               Record(2019, "CCC", 100.0, False, None), Record(2020, "AAA", 100.0, True, date(2020, 1, 2))]
    first = by_year(records)[0]
    assert first == {"year": 2019, "states": 3, "paid_on_time": 1, "paid_late": 1, "not_paid_in_full": 1,
                     "predictability_index": 0.6, "median_days_to_pay": 60.0, "assessed_not_paid_in_full_usd": 100}
    assert never_late(records) == ["AAA"]


def test_2019_on_time_payers_agree_between_the_status_file_and_the_payments_file(run_cli, finance_url):
    result = run_cli("finance", "payments", "--year", "2019", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    with session_scope(engine_for(finance_url)) as session:
        on_time = session.scalar(select(func.count()).where(
            Payment.within_due_period.is_(True), Payment.payment_date.between(date(2019, 1, 1), date(2019, 12, 31))))
    assert len(rows) == 193
    assert sum(row["paid_on_time"] for row in rows) == on_time == 34
    canada = next(row for row in rows if row["iso3"] == "CAN")
    assert canada["paid_on_time"] and canada["days_to_pay"] <= 30


def test_predictability_index_by_year_and_api(run_cli, finance_url, api):
    result = run_cli("finance", "payments", "--format", "json", url=finance_url)
    years = {row["year"]: row for row in json.loads(result.output)}
    assert sorted(years) == list(range(2000, 2027))
    assert all(0 < row["predictability_index"] < 1 for row in years.values())
    assert years[2026]["source"] == "honour-roll status as of 2026-08-18"
    assert years[2019]["paid_on_time"] + years[2019]["paid_late"] + years[2019]["not_paid_in_full"] == 193
    page = api.get("/api/v1/finance/payments", params={"limit": 100}).json()
    assert page["total"] == 27 and page["items"][0]["year"] == 2000
    assert api.get("/api/v1/finance/payments", params={"year": 1990}).status_code == 404


def test_reimbursement_is_rate_times_personnel_hand_checked(run_cli, finance_url, api):
    result = run_cli("finance", "reimbursements", "--country", "GHA", "--year", "2014", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    months = {row["month"]: row for row in json.loads(result.output)}
    # Ghana, July 2014, troops by mission (no formed police units): MINURSO 7, MINUSMA 158, MONUSCO 465, UNAMID 22,
    # UNIFIL 871, UNISFA 2, UNMIL 701, UNMISS 306, UNOCI 155 = 2,687; at USD 1,332 from 1 July 2014.
    assert months["2014-07-31"] == {"month": "2014-07-31", "personnel": 2687, "rate_usd": 1332.0,
                                    "reimbursement_usd": 2687 * 1332, "status": "computed"}
    assert months["2014-06-30"]["status"] == "no rate" and months["2014-06-30"]["reimbursement_usd"] is None
    assert months["2014-09-30"]["status"] == "no personnel record"
    page = api.get("/api/v1/finance/reimbursements", params={"country": "GHA", "year": 2013}).json()
    assert {row["status"] for row in page["items"]} == {"no rate"} and page["sources"]

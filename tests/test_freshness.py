"""The one freshness rule: a figure's data date against its source's coverage and the date asked."""

from __future__ import annotations

from datetime import date

from pko import freshness
from pko.freshness import Coverage

IPI = Coverage("contributions", date(2009, 11, 30), date(2014, 8, 31))


def test_past_the_coverage_the_answer_is_stale_with_its_gap_in_years():
    found = freshness.judge(IPI, date(2027, 6, 15))
    assert (found.as_of, found.stale, found.gap_days) == (date(2014, 8, 31), True, 4671)
    assert found.note == "contributions data ends 2014-08-31 — 12.8 years before the date asked"
    assert found.fields() == {"as_of": date(2014, 8, 31), "stale": True, "gap_days": 4671, "note": found.note}


def test_within_a_month_of_the_last_month_end_the_answer_is_current():
    assert not freshness.judge(IPI, date(2014, 9, 30)).stale
    assert freshness.judge(IPI, date(2014, 10, 2)).note == "contributions data ends 2014-08-31 — 32 days before the date asked"
    assert freshness.judge(IPI, date(2014, 12, 31)).note.endswith("4 months before the date asked")
    inside = freshness.judge(IPI, date(2012, 3, 1), as_of=date(2012, 2, 29))
    assert (inside.as_of, inside.stale, inside.note) == (date(2012, 2, 29), False, None)


def test_before_the_coverage_or_without_any_there_is_no_date_of_data():
    early = freshness.judge(IPI, date(2001, 1, 1))
    assert early.stale and early.as_of is None and "begins 2009-11-30" in early.note
    empty = freshness.judge(Coverage("contributions", None, None, "MINUSMA"), date(2020, 1, 1))
    assert empty.stale and empty.note == "no contributions data of MINUSMA in the record"


def test_a_period_past_the_coverage_is_no_data_never_zero():
    deaths = Coverage("fatalities", date(1948, 6, 1), date(2023, 11, 28))
    assert freshness.period_value(deaths, date(2025, 1, 1), date(2025, 12, 31), 0) == "no data"
    assert freshness.period_value(deaths, date(2023, 1, 1), date(2023, 12, 31), 5) == 5
    assert freshness.period_value(deaths, date(1940, 1, 1), date(1940, 12, 31), 0) == "no data"
    assert freshness.partly_covered(deaths, date(2023, 1, 1), date(2023, 12, 31))
    assert not freshness.partly_covered(deaths, date(2022, 1, 1), date(2022, 12, 31))


def test_months_past_the_coverage():
    assert freshness.months_past(date(2014, 8, 31), date(2015, 8, 31)) == 12
    assert freshness.months_past(date(2014, 8, 31), date(2015, 9, 1)) == 12
    assert freshness.months_past(date(2014, 8, 31), date(2015, 9, 30)) == 13
    assert freshness.months_past(date(2014, 8, 31), date(2014, 1, 1)) == 0

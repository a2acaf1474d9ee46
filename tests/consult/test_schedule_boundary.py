"""The month-end boundary of the contributors a consultation is prepared from."""

from __future__ import annotations

from datetime import date

from pko.consult.schedule import latest_month

MONTHS = [date(2023, 4, 30), date(2023, 5, 31), date(2023, 6, 30)]


def test_a_month_ending_on_the_day_asked_is_the_latest():
    assert latest_month(MONTHS, date(2023, 5, 31)) == date(2023, 5, 31)


def test_the_day_before_a_month_end_takes_the_month_before():
    assert latest_month(MONTHS, date(2023, 5, 30)) == date(2023, 4, 30)


def test_no_month_at_or_before_the_day_asked():
    assert latest_month(MONTHS, date(2023, 4, 29)) is None

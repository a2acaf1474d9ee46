"""A date past every contributions source is answered "no figure", with how far past the record it lies, never 0."""

from __future__ import annotations

from datetime import date

from pko.contributions.coverage import service as coverage
from pko.db import session_scope


def test_top_and_total_past_the_record_say_where_it_ends(loaded_url, run_cli):
    for command, what in (("top", "contributors"), ("total", "a figure")):
        result = run_cli("contributions", command, "--date", "2027-01-01", "--format", "json", url=loaded_url)
        assert result.exit_code == 1 and result.stdout == ""
        assert f"no source has {what} for 2027-01-01: contributions data ends 2021-01-31 — 5.9 years before the date asked" in result.stderr


def test_each_mission_states_its_own_coverage(loaded_engine):
    with session_scope(loaded_engine) as session:
        minusma = coverage.coverage(session, mission="MINUSMA")
        detail = coverage.detail_coverage(session, mission="MINUSMA")
        world = coverage.coverage(session)
    # IPI's mission x month file reaches March 2017; its contributor x mission file ends August 2014.
    assert (minusma.first, minusma.last) == (date(2013, 7, 31), date(2017, 3, 31))  # MINUSMA took over on 1 July 2013
    assert detail.last == date(2014, 8, 31) and world.last == date(2021, 1, 31)

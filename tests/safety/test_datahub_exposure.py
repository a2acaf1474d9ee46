"""Fatality-rate exposure prefers the UN Data Hub for the years whose 12 months it holds, and keeps IPI's full year
where the Data Hub holds only part of it."""

from __future__ import annotations

import calendar

from datahub_files import write_hub

from pko.db import session_scope
from pko.safety import analytics
from pko.sources import ipi_gender, psdh_contributions, un_member_states
from pko.sources.importer import import_file


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]}"


HUB_ROWS = [(_month_end(2013, month), "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 0, 1000) for month in range(1, 13)]
HUB_ROWS.append(("2012-12-31", "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 0, 5000))  # one month of 2012 only


def test_exposure_takes_the_data_hub_for_its_full_years(engine, data_dir, tmp_path):
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    import_file(engine, ipi_gender, data_dir / "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv")
    import_file(engine, psdh_contributions, write_hub(tmp_path / "un_contributions_psdh/DPO-UCHISTORICAL.csv", HUB_ROWS))
    with session_scope(engine) as session:
        by_mission = analytics.exposure(session, "mission").set_index(["key", "year"])
        by_country = analytics.exposure(session, "country").set_index(["key", "year"])
    unifil_2013, unifil_2012 = by_mission.loc[("UNIFIL", 2013)], by_mission.loc[("UNIFIL", 2012)]
    assert (unifil_2013["personnel"], unifil_2013["source"]) == (1000, "psdh-contributions")  # the mean of 12 month-ends
    assert unifil_2012["source"] == "ipi-gender" and unifil_2012["personnel"] > 10_000  # IPI's full year, not the one hub month
    assert (by_country.loc[("GHA", 2013)]["personnel"], by_country.loc[("GHA", 2013)]["source"]) == (1000, "psdh-contributions")

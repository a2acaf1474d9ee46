"""Missions seen in the data: refresh after each import, the API and the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, union

from pko.config import get_settings
from pko.db import session_scope
from pko.missions import service
from pko.missions.models import Mission
from pko.sources import ipi_missions, un_member_states
from pko.sources.importer import import_file

STATES = "un_member_states/un_member_states_193.csv"
IPI_MISSIONS = "un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv"


@pytest.fixture(scope="module")
def loaded_client(loaded_url):
    mp = pytest.MonkeyPatch()
    mp.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    mp.undo()
    get_settings.cache_clear()


def test_every_mission_in_a_table_is_a_mission_row(loaded_engine):
    tables = service.mission_tables()
    periods = {table.name: period for table, period in tables}
    assert {"mission_month": "month", "contribution_year_average": "year", "fatality": "incident_date"}.items() <= periods.items()
    with session_scope(loaded_engine) as session:
        named = set(session.scalars(union(*(select(table.c.mission) for table, _ in tables))))
        rows = {mission.acronym: mission for mission in session.scalars(select(Mission))}
    assert named and named <= set(rows)
    assert all(rows[acronym].first_month and rows[acronym].sources for acronym in named)


def test_minusma_is_named_placed_and_dated(loaded_engine):
    with session_scope(loaded_engine) as session:
        minusma = service.get_mission(session, acronym="minusma")
        unamid = service.get_mission(session, acronym="UNAMID")
        unoci = service.get_mission(session, acronym="ONUCI")
    assert minusma.name == "United Nations Multidimensional Integrated Stabilization Mission in Mali"
    assert (minusma.kind, minusma.country_iso3, minusma.country, minusma.hq) == ("peacekeeping operation", "MLI", "Mali", "Bamako")
    assert minusma.hq_lat == pytest.approx(12.65, abs=0.01)
    assert minusma.first_month == date(2013, 1, 31)  # Geo-PKO v2.3 yearly rows start in 2013
    assert minusma.last_month >= date(2017, 3, 31)
    assert {"ipi-missions", "ipi-gender"} <= set(minusma.sources)
    assert unamid.kind == "hybrid" and unamid.country_iso3 == "SDN"
    assert unoci.acronym == "UNOCI" and unoci.country == "Côte d'Ivoire"


def test_missions_api_filters_and_pages(loaded_client):
    everything = loaded_client.get("/api/v1/missions", params={"limit": 10}).json()
    assert everything["total"] >= 80 and len(everything["items"]) == 10
    assert "mission catalogue" in everything["sources"]
    hybrid = loaded_client.get("/api/v1/missions", params={"kind": "hybrid"}).json()
    assert [item["acronym"] for item in hybrid["items"]] == ["UNAMID"]
    in_1995 = {item["acronym"] for item in loaded_client.get("/api/v1/missions", params={"active_in": 1995, "limit": 500}).json()["items"]}
    assert {"UNPROFOR", "UNAVEM III", "UNFICYP"} <= in_1995 and "MINUSMA" not in in_1995
    haiti = {item["acronym"] for item in loaded_client.get("/api/v1/missions", params={"country": "hti"}).json()["items"]}
    assert {"MINUSTAH", "MINUJUSTH", "UNMIH"} <= haiti
    by_name = loaded_client.get("/api/v1/missions", params={"country": "Mali", "q": "stabilization"}).json()
    assert [item["acronym"] for item in by_name["items"]] == ["MINUSMA"]
    assert loaded_client.get("/api/v1/missions/onuci").json()["acronym"] == "UNOCI"
    assert loaded_client.get("/api/v1/missions/NOPE").status_code == 404
    for bad in ({"kind": "coalition"}, {"active_in": "soon"}, {"active_in": 3000}, {"colour": "blue"}):
        assert loaded_client.get("/api/v1/missions", params=bad).status_code == 422


def test_cli_list_and_show(run_cli, loaded_url):
    listed = run_cli("missions", "list", "--kind", "hybrid", "--format", "json", url=loaded_url)
    assert listed.exit_code == 0, listed.output
    assert [row["acronym"] for row in json.loads(listed.output)] == ["UNAMID"]
    shown = run_cli("missions", "show", "MINUSMA", "--format", "json", url=loaded_url)
    assert json.loads(shown.output)[0]["hq"] == "Bamako"
    table = run_cli("missions", "show", "unamid", url=loaded_url)
    assert "African Union-United Nations Hybrid Operation in Darfur" in table.output
    assert run_cli("missions", "show", "NOPE", url=loaded_url).exit_code == 1
    assert run_cli("missions", "list", "--kind", "coalition", url=loaded_url).exit_code != 0


def test_refresh_follows_what_the_data_holds(engine, data_dir, tmp_path, run_cli):
    import_file(engine, un_member_states, data_dir / STATES)
    assert run_cli("missions", "add", "AMISOM").exit_code == 0
    import_file(engine, ipi_missions, data_dir / IPI_MISSIONS)
    with session_scope(engine) as session:
        before = {m.acronym: m for m in session.scalars(select(Mission))}
    assert "ONUCA" in before and before["AMISOM"].origin == "record" and before["AMISOM"].first_month is None
    assert before["ONUCA"].first_month == date(1990, 11, 30) and before["ONUCA"].last_month == date(1992, 1, 31)
    # A smaller release of the same file, imported as such, replaces the rows: missions it no longer names disappear.
    lines = (data_dir / IPI_MISSIONS).read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if '"MINUSMA"' in line]
    smaller = tmp_path / "ipi_data_mission_small.csv"
    smaller.write_text("\n".join(kept) + "\n", encoding="utf-8")
    import_file(engine, ipi_missions, smaller, allow_shrink=True)  # told that the release really shrank
    with session_scope(engine) as session:
        after = {m.acronym: m for m in session.scalars(select(Mission))}
    assert set(after) == {"MINUSMA", "AMISOM"}
    assert after["AMISOM"].kind == "AU-led operation" and after["AMISOM"].country == "Somalia"
    assert after["MINUSMA"].last_month == date(2017, 3, 31)
    assert run_cli("missions", "add", "NOPE").exit_code == 1

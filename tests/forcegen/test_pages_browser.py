"""The plan page in real headless Chromium: signed in as a force-generation officer, the map draws its requirement
locations over the basemap and the timeline chart draws, with no console error and no request beyond 127.0.0.1."""

from __future__ import annotations

from datetime import date

import pytest

from browser import chromium, serve, watch
from pko.auth import service as accounts
from pko.db import session_scope
from pko.forcegen import service
from pko.forcegen.schemas import PledgeIn, RequirementIn

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def server(engine, database_url, run_cli, data_dir):
    """uvicorn over a database holding two pledges and requirements at two places, one of which no pledge can fill."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="fgo", password=PASSWORD, organization_code="UN-DPO",
                             roles=["force-generation-officer"], actor="test")
        for state in ("BGD", "IND"):
            service.create_pledge(session, PledgeIn(state_iso3=state, unit_type="infantry-battalion", strength=850, women_share=0.1,
                                                    levels={"L1": date(2024, 3, 1), "L2": date(2024, 9, 1)}), "test")
        for kind, place, lat, lon in (("infantry-battalion", "Malakal", 9.53, 31.66), ("riverine-unit", "Juba", 4.85, 31.58)):
            service.create_requirement(session, RequirementIn(mission="UNMISS", unit_type=kind, count=2, location=place, latitude=lat,
                                                              longitude=lon, need_by=date(2030, 12, 31)), "test")
    with serve(database_url) as base:
        yield base


def test_plan_map_and_timeline_render_without_errors(server):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        errors, hosts = watch(page, failed_requests=True)
        page.goto(server + "/force-generation/plan", wait_until="networkidle")
        assert "/login" in page.url  # asked to sign in first, then taken back
        page.fill("input[name=username]", "fgo")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/force-generation/plan", timeout=30_000)
        page.wait_for_selector("#plan-map[data-ready='true']", state="attached", timeout=30_000)
        assert page.locator("#plan-map").get_attribute("data-markers") == "2"
        assert page.locator("path.pko-basemap").count() > 150
        assert page.locator("path.pko-filled").count() == 1 and page.locator("path.pko-unfilled").count() == 1
        page.locator("path.pko-unfilled").click()
        assert "riverine-unit: no eligible unit" in page.locator(".leaflet-popup-content").inner_text()
        page.wait_for_selector("canvas[data-chart][data-ready='true']", state="attached", timeout=10_000)
        drawn = page.evaluate("() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets.length")
        assert drawn == 3
    assert errors == [] and hosts == {"127.0.0.1"}

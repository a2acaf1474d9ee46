"""The plan page in real headless Chromium: signed in as a force-generation officer, the map draws its requirement
locations over the basemap and the timeline chart draws, with no console error and no request beyond 127.0.0.1; a
state delegate pledges and promotes a unit through the forms."""

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
        accounts.create_user(session, username="bgd", password=PASSWORD, roles=["state-delegate"], actor="test",
                             organization_code=accounts.delegation(session, "BGD").code)
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


REFUSED_NOTICE = "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"


def test_a_delegate_pledges_and_promotes_a_unit_through_the_forms(server):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        errors, hosts = watch(page, failed_requests=True)
        page.goto(server + "/force-generation/pledges", wait_until="networkidle")
        page.fill("input[name=username]", "bgd")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/force-generation/pledges", timeout=30_000)
        assert page.locator("tr[data-state]").count() == 1
        assert page.input_value("#pledge-form input[name=state_iso3]") == "BGD"
        form = page.locator("#pledge-form")
        form.locator("select[name=unit_type]").select_option("level-2-hospital")
        form.locator("input[name=strength]").fill("70")
        form.locator("input[name=women_share]").fill("30")
        form.locator("input[name=l1_on]").fill("2025-02-01")
        form.locator("input[name=l2_on]").fill("2025-01-01")  # before L1: refused beside the form
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#pledge-errors [role=alert]", timeout=10_000)
        assert "a later PCRS level cannot be reached before an earlier one" in page.inner_text("#pledge-errors")
        form.locator("input[name=l2_on]").fill("")
        form.locator("input[name=languages]").fill("French, Arabic")
        form.locator("button[type=submit]").click()
        page.wait_for_function("() => document.querySelectorAll('tr[data-state]').length === 2", timeout=30_000)
        row = page.locator("tr[data-state]").nth(1)
        assert "Level II hospital" in row.inner_text() and "French, Arabic" in row.inner_text()
        row.locator("input[name=reached_on]").fill("2025-06-01")
        row.locator("button", has_text="Promote to L2").click()
        page.wait_for_function("() => document.querySelectorAll('tr[data-state] button').length === 2 && "
                               "document.body.innerText.includes('L2 2025-06-01')", timeout=30_000)
        assert "Promote to L3" in page.locator("tr[data-state]").nth(1).inner_text()
    assert errors == [REFUSED_NOTICE] and hosts == {"127.0.0.1"}

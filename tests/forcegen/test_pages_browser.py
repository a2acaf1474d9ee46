"""The plan page in real headless Chromium: signed in as a force-generation officer, the map draws its requirement
locations over the basemap and the timeline chart draws, with no console error and no request beyond 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from pko.auth import service as accounts
from pko.db import session_scope
from pko.forcegen import service
from pko.forcegen.schemas import PledgeIn, RequirementIn

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("PKO_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "pko.app:create_app", "--factory", "--host", "127.0.0.1",
                                "--port", str(port), "--log-level", "warning"], env={**os.environ, "PKO_DATABASE_URL": database_url})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(base + "/static/pko.css", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"uvicorn did not start on {base}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_plan_map_and_timeline_render_without_errors(server):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    hosts: set[str] = set()

    def route(request_route):
        url = urlsplit(request_route.request.url)
        if url.scheme in ("data", "blob"):
            return request_route.continue_()
        hosts.add(url.hostname or "")
        return request_route.continue_() if url.hostname == "127.0.0.1" else request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
            page.route("**/*", route)
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
        finally:
            browser.close()
    assert errors == [] and hosts == {"127.0.0.1"}

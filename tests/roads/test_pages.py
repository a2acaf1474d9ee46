"""The route planner page: the form and map, a plan fragment avoiding the planted danger, refusals; and in Chromium."""

from __future__ import annotations

import json
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient

from browser import chromium, serve, watch
from pko.auth import service as auth
from pko.config import get_settings
from pko.db import session_scope

from .networks import A, C, D, MID_AB, kite, store_incident

PASSWORD = "correct horse battery"


@pytest.fixture
def stored(engine, run_cli, tmp_path):
    """The kite network, an incident on A-B and a safety officer."""
    run_cli("routes", "import", kite(tmp_path))
    store_incident(engine, MID_AB, date.today())
    with session_scope(engine) as session:
        auth.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DOS",
                         roles=["safety-officer"], actor="test")
        token, _ = auth.create_token(session, username="ada", name="pages", actor="test")
    return token


def test_planner_page_and_plan_fragment(stored, database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    officer = {"Authorization": f"Bearer {stored}"}
    page = client.get("/routes", headers=officer)
    assert page.status_code == 200 and "kite (5 roads" in page.text and "routes.js" in page.text
    roads = client.get("/routes/roads", params={"network": 1}, headers=officer).json()
    assert len(roads["features"]) == 5
    fragment = client.get("/routes/plan", headers=officer, params={
        "network": 1, "origin": f"{A[0]},{A[1]}", "destination": f"{C[0]},{C[1]}", "k": 2, "bandwidth_m": 50})
    assert fragment.status_code == 200, fragment.text
    plan = json.loads(unescape(fragment.text.split('data-plan="')[1].split('"')[0]))
    safest = next(f for f in plan["features"] if f["properties"].get("kind") == "least-risk")
    assert [D[1], D[0]] in safest["geometry"]["coordinates"] and safest["properties"]["expected_incidents"] == 0
    assert "Incidents near the routes" in fragment.text and "explosive-device" in fragment.text
    refused = client.get("/routes/plan", headers=officer, params={"network": 1, "origin": "nowhere", "destination": "0,0"})
    assert refused.status_code == 422 and "not LAT,LON nor a known place" in refused.text
    assert client.get("/routes/plan", headers=officer, params={"network": 9, "origin": "0,0",
                                                               "destination": "0,0"}).status_code == 422
    anonymous = client.get("/routes", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    get_settings.cache_clear()


@pytest.mark.browser
def test_planner_in_chromium(stored, database_url):
    with chromium() as browser, serve(database_url) as base:
        page = browser.new_context(base_url=base).new_page()
        errors, hosts = watch(page)
        page.goto("/login?next=/routes", wait_until="networkidle")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_selector("#route-map[data-roads-ready]")
        page.locator("#route-map").click(position={"x": 60, "y": 120})  # sets the origin
        assert "," in page.input_value("#route-origin")
        page.fill("#route-origin", f"{A[0]},{A[1]}")
        page.fill("#route-destination", f"{C[0]},{C[1]}")
        page.fill("input[name=bandwidth_m]", "50")
        page.click("#route-form button[type=submit]")
        page.wait_for_selector("#route-map[data-plan-ready]")
        rows = page.locator("#route-plan tbody tr[data-route]").all_inner_texts()
        assert any(row.startswith("least-risk") for row in rows) and any(row.startswith("alternative") for row in rows)
        assert page.locator("#route-map path.leaflet-interactive").count() >= 3
    assert errors == [] and hosts == {"127.0.0.1"}

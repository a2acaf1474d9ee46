"""The needs-and-offers board: what each account sees, and the forms (CSRF header, version carried in the form)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def _signed_in(app, username: str) -> tuple[TestClient, dict]:
    """A browser signed in as the user, with the board's CSRF header for htmx posts."""
    browser = TestClient(app, follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text).group(1)
    assert browser.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf}).status_code == 303
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', browser.get("/partnerships").text).group(1)
    return browser, {"X-CSRF-Token": token, "HX-Request": "true"}


def test_the_board_shows_each_state_its_own_side(world, body):
    client, headers = world
    client.post("/api/v1/partnerships/needs", json=body.need("BGD", place="Chittagong"), headers=headers["bgd"])
    client.post("/api/v1/partnerships/needs", json=body.need("NPL", place="Birendranagar"), headers=headers["npl"])
    client.post("/api/v1/partnerships/offers", json=body.offer("FRA", place="Montpellier"), headers=headers["fra"])
    client.post("/api/v1/partnerships/match", json={}, headers=headers["fgo"])
    assert client.get("/partnerships", follow_redirects=False).headers["location"].startswith("/login")
    bgd = client.get("/partnerships", headers=headers["bgd"]).text
    assert "Chittagong" in bgd and "Birendranagar" not in bgd and "Montpellier" not in bgd
    assert "You see the needs, offers and partnerships of BGD only" in bgd and "Run the match" not in bgd
    everything = client.get("/partnerships", headers=headers["fgo"]).text
    assert all(place in everything for place in ("Chittagong", "Birendranagar", "Montpellier"))
    assert "optimal (cp-sat)" in everything and "covered 10 of 20" in everything and "Run the match" in everything
    au = client.get("/partnerships", headers=headers["au"]).text
    assert "Birendranagar" in au and "Record a need" not in au  # reads all, writes nothing


def test_forms_add_accept_and_step_with_csrf_and_version(world):
    client, _ = world
    browser, htmx = _signed_in(client.app, "bgd")
    form = {"state_iso3": "BGD", "category": "training", "capability": "signals", "quantity": "12", "unit": "people",
            "starts_on": "2026-02-01", "ends_on": "2026-04-01", "place": "Savar", "languages": "English, Bangla"}
    assert browser.post("/partnerships/needs", data=form).status_code == 403  # no CSRF header
    added = browser.post("/partnerships/needs", data=form, headers=htmx)
    assert added.status_code == 204 and added.headers["HX-Redirect"] == "/partnerships"
    bad = browser.post("/partnerships/needs", data=form | {"ends_on": "2026-01-01"}, headers=htmx)
    assert bad.status_code == 422 and "ends_on" in bad.text
    foreign = browser.post("/partnerships/needs", data=form | {"state_iso3": "NPL"}, headers=htmx)
    assert foreign.status_code == 422 and "no need of NPL" in foreign.text
    assert "Savar" in browser.get("/partnerships").text

    officer, officer_htmx = _signed_in(client.app, "fgo")
    offer = {"partner": "GBR", "category": "training", "capability": "signals", "capacity": "8", "unit": "people",
             "starts_on": "2026-01-01", "ends_on": "2026-06-01", "place": "Blandford", "languages": "English"}
    assert officer.post("/partnerships/offers", data=offer, headers=officer_htmx).status_code == 204
    assert officer.post("/partnerships/match", headers=officer_htmx).status_code == 204
    refused = browser.post("/partnerships/match", headers=htmx)  # a state does not run the kept match
    assert refused.status_code == 422 and "run by force generation" in refused.text
    page = browser.get("/partnerships").text
    assignment = re.search(r'name="assignment_id" value="(\d+)"', page).group(1)
    assert "covered 8 of 12" in page and "GBR" not in page  # the partner's side is not shown to the state
    assert browser.post("/partnerships/accept", data={"assignment_id": assignment}, headers=htmx).status_code == 204
    page = browser.get("/partnerships").text
    assert 'name="assignment_id"' not in page and ">accepted<" in page  # accepted once, no second button
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    step = {"version": version, "step": "delivered", "taken_on": "2030-03-01"}
    assert browser.post("/partnerships/1/steps", data=step, headers=htmx).status_code == 204  # agreed today
    stale = browser.post("/partnerships/1/steps", data=step | {"step": "evaluated"}, headers=htmx)
    assert stale.status_code == 409 and "version" in stale.text  # the form still carried version 1
    assert "delivered 2030-03-01 (bgd)" in browser.get("/partnerships").text

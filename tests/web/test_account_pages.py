"""Signing in with a session cookie, CSRF on every change from the browser, the audit log and mandates pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def client(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        accounts.create_user(session, username="fra1", password=PASSWORD, roles=["state-delegate"], actor="test",
                             organization_code=accounts.delegation(session, "FRA").code)
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    csrf = _csrf(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf": csrf, "next": "/mandates"})


def test_sign_in_sets_a_strict_http_only_cookie_and_shows_the_user(client):
    answer = sign_in(client, "ada")
    assert answer.status_code == 303 and answer.headers["location"] == "/mandates"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/mandates").text
    assert "ada" in page and "Record a mandate" in page


def test_sign_in_form_needs_its_csrf_token(client):
    client.get("/login")
    answer = client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": "forged"})
    assert answer.status_code == 403 and "form expired" in answer.text


def test_repeated_failures_are_slowed(client):
    statuses = [sign_in(client, "ada", "wrong password!").status_code for _ in range(4)]
    assert statuses[:2] == [401, 401] and statuses[2] == 429
    assert int(client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": _csrf(client.get("/login").text)})
               .headers["retry-after"]) >= 1


def test_browser_changes_need_the_csrf_header(client):
    sign_in(client, "ada")
    body = {"mission": "MINUSMA", "resolution": "S/RES/2100 (2013)"}
    refused = client.post("/api/v1/mandates", json=body)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/mandates").text).group(1)
    assert client.post("/api/v1/mandates", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201


def test_mandate_form_records_or_explains(client):
    sign_in(client, "ada")
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/mandates").text).group(1)
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    bad = client.post("/mandates", data={"mission": "MINUSMA", "resolution": "2100"}, headers=headers)
    assert bad.status_code == 422 and "Security Council resolution symbol" in bad.text
    good = client.post("/mandates", data={"mission": "MINUSMA", "resolution": "S/RES/2100 (2013)", "military_ceiling": "11200",
                                          "tasks": "Protect civilians\nSupport the political process"}, headers=headers)
    assert good.status_code == 200 and "S/RES/2100 (2013)" in good.text and "11,200" in good.text


def test_audit_page_sends_the_public_to_sign_in_and_shows_delegates_their_own(client):
    assert client.get("/audit").headers["location"] == "/login?next=/audit"
    sign_in(client, "fra1")
    own = client.get("/audit").text
    assert "user fra1" in own and "user ada" not in own
    client.cookies.clear()
    sign_in(client, "ada")
    everything = client.get("/audit").text
    assert "user fra1" in everything and "user ada" in everything and "The chain is whole" in everything


def test_signed_out_after_logout(client):
    sign_in(client, "ada")
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/mandates").text).group(1)
    assert client.post("/logout", headers={"X-CSRF-Token": csrf, "HX-Request": "true"}).headers["hx-redirect"] == "/"
    assert "Record a mandate" not in client.get("/mandates").text


def test_cookie_is_secure_in_production(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    monkeypatch.setenv("PKO_ENVIRONMENT", "production")
    monkeypatch.setenv("PKO_SECRET_KEY", "a-long-production-secret-for-the-test")
    monkeypatch.setenv("PKO_AUDIT_KEY", "a-long-audit-key-kept-outside-the-database")
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app(), base_url="https://testserver", follow_redirects=False)
    assert "secure" in sign_in(client, "ada").headers["set-cookie"].lower()
    get_settings.cache_clear()


def test_mandate_edit_form_carries_its_version_and_never_overwrites(client, engine):
    from pko.missions.mandates import service as mandates
    from pko.missions.mandates.schemas import MandateCreate

    with session_scope(engine) as session:
        mandate_id = mandates.create_mandate(session, data=MandateCreate(mission="MINUSMA", resolution="S/RES/2100 (2013)"),
                                             actor="test").id
    sign_in(client, "ada")
    page = client.get(f"/mandates/{mandate_id}").text
    assert 'name="version" value="1"' in page and "adopted" in page
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    saved = client.post(f"/mandates/{mandate_id}", data={"version": "1", "military_ceiling": "11200"}, headers=headers)
    assert saved.status_code == 204 and saved.headers["hx-redirect"] == f"/mandates/{mandate_id}"
    again = client.post(f"/mandates/{mandate_id}", data={"version": "1", "military_ceiling": "1"}, headers=headers)
    assert again.status_code == 409 and "at version 2, not 1" in again.text
    stepped = client.post(f"/mandates/{mandate_id}/steps", data={"version": "2", "step": "adopted", "taken_on": "2013-04-25"},
                          headers=headers)
    assert stepped.status_code == 204
    page = client.get(f"/mandates/{mandate_id}").text
    assert "11,200" in page and "2013-04-25" in page and 'name="version" value="3"' in page


def test_text_no_database_stores_is_refused(client):
    sign_in(client, "ada")
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/mandates").text).group(1)
    form = client.post("/mandates", data={"mission": "MINUSMA", "resolution": "S/RES/2100 (2013)", "tasks": "a\x00b"},
                       headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert form.status_code == 422
    api = client.post("/api/v1/mandates", json={"mission": "MINUSMA", "resolution": "S/RES/2100 (2013)", "tasks": ["a\x00b"]},
                      headers={"X-CSRF-Token": csrf})
    assert api.status_code == 422 and "NUL" in api.text


def test_missions_and_organizations_edited_in_the_ui_against_their_version(client):
    sign_in(client, "ada")
    page = client.get("/records").text
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    assert client.post("/records/missions", data={"acronym": "ATMIS", "country_iso3": "SOM"}, headers=headers).status_code == 204
    bare = client.post("/records/missions", data={"acronym": "AUX1"}, headers=headers)
    assert bare.status_code == 422 and "give its name and kind" in bare.text
    assert client.post("/records/missions/ATMIS", data={"version": "1", "hq": "Mogadishu"}, headers=headers).status_code == 204
    stale = client.post("/records/missions/ATMIS", data={"version": "1", "hq": "Nairobi"}, headers=headers)
    assert stale.status_code == 409 and "at version 2, not 1" in stale.text
    made = client.post("/records/organizations", data={"code": "AU-PSOD", "name": "Peace Support Operations Division",
                                                        "kind": "AU department", "parent_code": "AU-COMMISSION"}, headers=headers)
    assert made.status_code == 204
    assert client.post("/records/organizations/AU-PSOD", data={"version": "1", "name": "PSOD"}, headers=headers).status_code == 204
    page = client.get("/records").text
    assert "Mogadishu" in page and "PSOD" in page and 'name="version" value="2"' in page
    client.cookies.clear()
    assert "Record</button>" not in client.get("/records").text

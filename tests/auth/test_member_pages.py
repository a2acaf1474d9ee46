"""Members of organizations in the UI: an administrator creates and disables them against their version;
a delegate sees its own account only; the public is sent to sign in."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.auth.signin import service as signin
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def client(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        for name, iso3 in (("bgd1", "BGD"), ("fra1", "FRA")):
            accounts.create_user(session, username=name, password=PASSWORD, roles=["state-delegate"], actor="test",
                                 organization_code=accounts.delegation(session, iso3).code)
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


def sign_in(client: TestClient, username: str) -> dict:
    """Sign in through the form; the htmx headers of the accounts page (CSRF token included)."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf}).status_code == 303
    page = client.get("/accounts").text
    return {"X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1), "HX-Request": "true"}


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-username="([^"]+)"', html)


def test_public_is_sent_to_sign_in(client):
    assert client.get("/accounts").headers["location"] == "/login?next=/accounts"
    assert client.post("/accounts", data={"username": "x", "password": PASSWORD}).status_code == 401


def test_admin_creates_a_member_with_roles(client, engine):
    headers = sign_in(client, "ada")
    form = {"username": "amina", "display_name": "Amina M.", "organization_code": "AU-COMMISSION",
            "roles": ["au-officer"], "password": "peace and security"}
    made = client.post("/accounts", data=form, headers=headers)
    assert made.status_code == 204 and made.headers["hx-redirect"] == "/accounts"
    delegate = client.post("/accounts", data={"username": "npl1", "state_iso3": "NPL", "roles": ["state-delegate"],
                                              "password": "peace and security"}, headers=headers)
    assert delegate.status_code == 204, delegate.text
    page = client.get("/accounts").text
    assert _rows(page) == ["ada", "amina", "bgd1", "fra1", "npl1"]
    assert "DELEGATION-NPL" in page and "au-officer" in page
    with session_scope(engine) as session:
        assert signin.authenticate(session, username="amina", password="peace and security").user is not None
        assert [(e.action, e.record_id) for e in audit.entries(session, record_type="user", actor="ada")] == [
            ("create", "npl1"), ("create", "amina")]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"password": "too short"}, "at least 12 characters"),
        ({"organization_code": "NOWHERE"}, "no organization &#39;NOWHERE&#39;"),
        ({"roles": ["wizard"]}, "unknown role(s) wizard"),
        ({"roles": []}, "roles"),
        ({"username": "bgd1"}, "user &#39;bgd1&#39; exists already"),
        ({"email": "amina@au"}, "not an e-mail address"),
    ],
)
def test_bad_members_are_explained_beside_the_form(client, form, message):
    headers = sign_in(client, "ada")
    base = {"username": "amina", "organization_code": "UN-DPO", "roles": ["safety-officer"], "password": "peace and security"}
    answer = client.post("/accounts", data={**base, **form}, headers=headers)
    assert answer.status_code == 422 and message in answer.text
    assert "amina" not in _rows(client.get("/accounts").text)


def test_admin_disables_against_the_version_shown(client, engine):
    headers = sign_in(client, "ada")
    page = client.get("/accounts").text
    assert 'hx-post="/accounts/fra1/disable"' in page
    done = client.post("/accounts/fra1/disable", data={"version": "1"}, headers=headers)
    assert done.status_code == 204
    stale = client.post("/accounts/fra1/enable", data={"version": "1"}, headers=headers)
    assert stale.status_code == 409 and "at version 2, not 1" in stale.text
    page = client.get("/accounts").text
    assert 'hx-post="/accounts/fra1/enable"' in page and "disabled" in page
    itself = client.post("/accounts/ada/disable", data={"version": "1"}, headers=headers)
    assert itself.status_code == 422 and "your own account" in itself.text
    assert client.post("/accounts/nobody/disable", data={"version": "1"}, headers=headers).status_code == 422
    with session_scope(engine) as session:
        assert signin.authenticate(session, username="fra1", password=PASSWORD).user is None


def test_admin_sets_an_e_mail_address_against_the_version_shown(client, engine):
    headers = sign_in(client, "ada")
    made = client.post("/accounts", data={"username": "amina", "organization_code": "AU-COMMISSION", "roles": ["au-officer"],
                                          "email": "amina@au.example.org", "password": "peace and security"},
                       headers=headers)
    assert made.status_code == 204, made.text
    page = client.get("/accounts").text
    assert 'value="amina@au.example.org"' in page and 'hx-post="/accounts/fra1/email"' in page
    done = client.post("/accounts/fra1/email", data={"version": "1", "email": "desk@fra.example.org"}, headers=headers)
    assert done.status_code == 204
    stale = client.post("/accounts/fra1/email", data={"version": "1", "email": "old@fra.example.org"}, headers=headers)
    assert stale.status_code == 409 and "at version 2, not 1" in stale.text
    bad = client.post("/accounts/fra1/email", data={"version": "2", "email": "desk at fra"}, headers=headers)
    assert bad.status_code == 422 and "not an e-mail address" in bad.text
    removed = client.post("/accounts/amina/email", data={"version": "1", "email": ""}, headers=headers)
    assert removed.status_code == 204
    with session_scope(engine) as session:
        assert [u.email for u in accounts.list_users(session, username="fra1")] == ["desk@fra.example.org"]
        assert accounts.get_user(session, username="amina").email is None


def test_a_delegate_sees_only_itself_and_changes_nothing(client):
    headers = sign_in(client, "bgd1")
    page = client.get("/accounts").text
    assert _rows(page) == ["bgd1"] and "fra1" not in page and "New member" not in page
    assert _rows(client.get("/accounts?organization=DELEGATION-FRA").text) == []
    refused = client.post("/accounts/fra1/disable", data={"version": "1"}, headers=headers)
    assert refused.status_code == 403
    assert client.post("/accounts/bgd1/email", data={"version": "1", "email": "me@bgd.example.org"},
                       headers=headers).status_code == 403
    assert client.post("/accounts", data={"username": "x", "password": PASSWORD}, headers=headers).status_code == 403

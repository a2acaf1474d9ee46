"""Members of organizations through the API: administrators create, edit and disable them (hashed, audited,
versioned); everyone else reads only their own account, never another organization's members."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.auth.signin import service as signin
from pko.auth.models import User
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
NEW = {"username": "kofi", "password": "blue helmets at dawn", "organization_code": "UN-DPO",
       "roles": ["force-generation-officer"], "display_name": "Kofi A."}


@pytest.fixture
def api(engine, database_url, run_cli, data_dir, monkeypatch):
    """A client and bearer headers for an administrator and for the delegates of two states."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        for name, iso3 in (("bgd1", "BGD"), ("fra1", "FRA")):
            accounts.create_user(session, username=name, password=PASSWORD, roles=["state-delegate"], actor="test",
                                 organization_code=accounts.delegation(session, iso3).code)
        for name in ("ada", "bgd1", "fra1"):
            token, _ = accounts.create_token(session, username=name, name="t", actor="test")
            headers[name] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app()), headers
    get_settings.cache_clear()


def test_admin_creates_a_member_whose_password_is_hashed_and_who_can_sign_in(api, engine):
    client, auth = api
    created = client.post("/api/v1/users", json=NEW, headers=auth["ada"])
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"1"' and created.headers["location"] == "/api/v1/users/kofi"
    body = created.json()
    assert body["organization_code"] == "UN-DPO" and body["roles"] == ["force-generation-officer"]
    assert "password" not in created.text and "hash" not in created.text
    with session_scope(engine) as session:
        stored = session.scalar(select(User).where(User.username == "kofi"))
        assert stored.password_hash.startswith("$argon2id$") and NEW["password"] not in stored.password_hash
        assert signin.authenticate(session, username="kofi", password=NEW["password"]).user is not None
        entry = audit.entries(session, record_type="user", limit=1)[0]
        assert (entry.actor, entry.action, entry.record_id) == ("ada", "create", "kofi")
        assert "password" not in str(entry.after)


def test_a_state_delegation_member_is_made_from_the_state_code(api):
    client, auth = api
    body = {**NEW, "username": "npl1", "organization_code": None, "state_iso3": "NPL", "roles": ["state-delegate"]}
    created = client.post("/api/v1/users", json=body, headers=auth["ada"])
    assert created.status_code == 201, created.text
    assert created.json()["organization_code"] == "DELEGATION-NPL"


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"password": "short"}, 422, "at least 12 characters"),
        ({"password": "kofi-kofi-kofi-kofi"}, 422, "must not contain the username"),
        ({"password": "abababababababab"}, 422, "at least 5 different characters"),
        ({"organization_code": "NOWHERE"}, 422, "no organization 'NOWHERE'"),
        ({"organization_code": None, "state_iso3": "XXX"}, 422, "no member state 'XXX'"),
        ({"organization_code": None}, 422, "exactly one of organization_code or state_iso3"),
        ({"roles": ["wizard"]}, 422, "unknown role(s) wizard"),
        ({"roles": ["public"]}, 422, "unknown role(s) public"),
        ({"roles": ["state-delegate"]}, 422, "need a member state's delegation"),
        ({"roles": []}, 422, "roles"),
        ({"username": "ada"}, 409, "user 'ada' exists already"),
        ({"username": "has space"}, 422, "username"),
    ],
)
def test_bad_members_are_refused_with_a_message(api, change, status, message):
    client, auth = api
    answer = client.post("/api/v1/users", json={**NEW, **change}, headers=auth["ada"])
    assert answer.status_code == status, answer.text
    assert message in str(answer.json()["detail"])


def test_only_administrators_create_members(api):
    client, auth = api
    assert client.post("/api/v1/users", json=NEW, headers=auth["bgd1"]).status_code == 403
    assert client.post("/api/v1/users", json=NEW).status_code == 401
    assert client.patch("/api/v1/users/fra1", json={"disabled": True}, headers={**auth["bgd1"], "If-Match": '"1"'}).status_code == 403


def test_a_delegate_sees_only_its_own_account(api):
    client, auth = api
    listed = client.get("/api/v1/users", headers=auth["bgd1"]).json()
    assert listed["total"] == 1 and [user["username"] for user in listed["items"]] == ["bgd1"]
    assert client.get("/api/v1/users?organization=DELEGATION-FRA", headers=auth["bgd1"]).json()["total"] == 0
    assert client.get("/api/v1/users?q=fra", headers=auth["bgd1"]).json()["items"] == []
    assert client.get("/api/v1/users/bgd1", headers=auth["bgd1"]).status_code == 200
    assert client.get("/api/v1/users/fra1", headers=auth["bgd1"]).status_code == 404
    assert client.get("/api/v1/users/ada", headers=auth["bgd1"]).status_code == 404
    members = client.get("/api/v1/organizations/DELEGATION-FRA/members", headers=auth["bgd1"]).json()
    assert members["items"] == []
    assert client.get("/api/v1/users").status_code == 401


def test_admin_lists_and_filters_every_member(api):
    client, auth = api
    everyone = client.get("/api/v1/users", headers=auth["ada"]).json()
    assert [user["username"] for user in everyone["items"]] == ["ada", "bgd1", "fra1"]
    french = client.get("/api/v1/users?organization=DELEGATION-FRA", headers=auth["ada"]).json()
    assert french["total"] == 1 and french["items"][0]["username"] == "fra1"
    assert client.get("/api/v1/users?limit=1&offset=1", headers=auth["ada"]).json()["items"][0]["username"] == "bgd1"
    assert client.get("/api/v1/users/nobody", headers=auth["ada"]).status_code == 404


def test_disabling_goes_against_the_version_revokes_tokens_and_is_audited(api, engine):
    client, auth = api
    assert client.get("/api/v1/users/fra1", headers=auth["fra1"]).status_code == 200
    missing = client.patch("/api/v1/users/fra1", json={"disabled": True}, headers=auth["ada"])
    assert missing.status_code == 428
    done = client.patch("/api/v1/users/fra1", json={"disabled": True}, headers={**auth["ada"], "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["disabled"] is True and done.headers["etag"] == '"2"'
    stale = client.patch("/api/v1/users/fra1", json={"disabled": False}, headers={**auth["ada"], "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"' and "version 2, not 1" in stale.json()["detail"]
    assert client.get("/api/v1/users/fra1", headers=auth["fra1"]).status_code == 401  # its token is revoked
    with session_scope(engine) as session:
        assert signin.authenticate(session, username="fra1", password=PASSWORD).user is None
        entry = audit.entries(session, record_type="user", limit=1)[0]
        assert (entry.actor, entry.action, entry.owner_iso3) == ("ada", "disable", "FRA")
        assert entry.before["disabled"] is False and entry.after["disabled"] is True
    enabled = client.patch("/api/v1/users/fra1", json={"disabled": False}, headers={**auth["ada"], "If-Match": '"2"'})
    assert enabled.status_code == 200 and enabled.json()["version"] == 3


def test_roles_are_edited_against_the_version_and_checked(api):
    client, auth = api
    client.post("/api/v1/users", json=NEW, headers=auth["ada"])
    edit = {"roles": ["force-generation-officer", "safety-officer"], "display_name": "Kofi Annan"}
    done = client.patch("/api/v1/users/kofi", json=edit, headers={**auth["ada"], "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["roles"] == edit["roles"]
    wrong = client.patch("/api/v1/users/kofi", json={"roles": ["council-delegate"]}, headers={**auth["ada"], "If-Match": '"2"'})
    assert wrong.status_code == 422 and "delegation" in wrong.json()["detail"]
    assert client.patch("/api/v1/users/kofi", json={"password": "x"}, headers={**auth["ada"], "If-Match": '"2"'}).status_code == 422
    assert client.patch("/api/v1/users/nobody", json={"disabled": True}, headers={**auth["ada"], "If-Match": '"1"'}).status_code == 404


def test_an_administrator_keeps_their_own_account(api):
    client, auth = api
    itself = client.patch("/api/v1/users/ada", json={"disabled": True}, headers={**auth["ada"], "If-Match": '"1"'})
    assert itself.status_code == 409 and "your own account" in itself.json()["detail"]
    demoted = client.patch("/api/v1/users/ada", json={"roles": ["safety-officer"]}, headers={**auth["ada"], "If-Match": '"1"'})
    assert demoted.status_code == 409


def test_a_login_does_not_make_an_edit_stale(api, engine):
    client, auth = api
    with session_scope(engine) as session:
        assert signin.authenticate(session, username="bgd1", password="wrong password!").user is None
    done = client.patch("/api/v1/users/bgd1", json={"display_name": "Dhaka desk"}, headers={**auth["ada"], "If-Match": '"1"'})
    assert done.status_code == 200, done.text


def test_a_member_is_created_with_an_e_mail_address(api, engine):
    client, auth = api
    created = client.post("/api/v1/users", json={**NEW, "email": "Kofi.A@UN.example.org"}, headers=auth["ada"])
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "Kofi.A@un.example.org"  # the domain in lower case, the name as given
    assert client.get("/api/v1/users/kofi", headers=auth["ada"]).json()["email"] == "Kofi.A@un.example.org"
    assert client.get("/api/v1/users/fra1", headers=auth["ada"]).json()["email"] is None
    with session_scope(engine) as session:
        assert audit.entries(session, record_type="user", limit=1)[0].after["email"] == "Kofi.A@un.example.org"


@pytest.mark.parametrize("email", ["kofi", "kofi@un", "kofi@@un.example.org", "kofi@un..example.org",
                                   ".kofi@un.example.org", "kofi a@un.example.org", "Kofi <kofi@un.example.org>",
                                   "kofi@-un.example.org", "kofi@un.example.o", "x" * 250 + "@un.org", ""])
def test_a_bad_e_mail_address_is_refused_with_a_message(api, email):
    client, auth = api
    answer = client.post("/api/v1/users", json={**NEW, "email": email}, headers=auth["ada"])
    assert answer.status_code == 422, answer.text
    detail = str(answer.json()["detail"])
    assert "email" in detail and ("not an e-mail address" in detail or "at most 254 characters" in detail)
    edit = client.patch("/api/v1/users/fra1", json={"email": email}, headers={**auth["ada"], "If-Match": '"1"'})
    assert edit.status_code == 422
    assert client.get("/api/v1/users/kofi", headers=auth["ada"]).status_code == 404


def test_an_e_mail_address_is_edited_against_the_version_and_audited(api, engine):
    client, auth = api
    url, address = "/api/v1/users/fra1", {"email": "desk@fra.example.org"}
    assert client.patch(url, json=address, headers=auth["ada"]).status_code == 428
    done = client.patch(url, json=address, headers={**auth["ada"], "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["email"] == "desk@fra.example.org" and done.headers["etag"] == '"2"'
    stale = client.patch(url, json={"email": "old@fra.example.org"}, headers={**auth["ada"], "If-Match": '"1"'})
    assert stale.status_code == 412
    with session_scope(engine) as session:
        entry = audit.entries(session, record_type="user", limit=1)[0]
        assert (entry.actor, entry.action, entry.before["email"], entry.after["email"]) == (
            "ada", "update", None, "desk@fra.example.org")
    kept = client.patch(url, json={"display_name": "Paris desk"}, headers={**auth["ada"], "If-Match": '"2"'})
    assert kept.json()["email"] == "desk@fra.example.org"  # other edits leave it alone
    removed = client.patch(url, json={"email": None}, headers={**auth["ada"], "If-Match": '"3"'})
    assert removed.status_code == 200 and removed.json()["email"] is None
    assert client.patch("/api/v1/users/fra1", json=address, headers={**auth["fra1"], "If-Match": '"4"'}).status_code == 403

"""Sessions live on the server: the cookie is a signed random id, and signing out, a password change or
disabling the account ends them; a cookie signed with the former default secret opens nothing."""

from __future__ import annotations

import base64
import json
import re

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from pko.auth import service
from pko.config import DEVELOPMENT_SECRET, get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
ACTION = {"title": "Send the engineering company's readiness report", "owner": "UN-DPO", "due_on": "2030-01-31"}


@pytest.fixture
def client(engine, database_url, monkeypatch):
    with session_scope(engine) as session:
        service.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                            roles=["secretariat-admin"], actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


def sign_in(client: TestClient) -> str:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": csrf}).status_code == 303
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text).group(1)


def replay(client: TestClient, cookie: str) -> TestClient:
    """A second browser that holds a copy of a cookie."""
    thief = TestClient(client.app, follow_redirects=False)
    thief.cookies.set("pko_session", cookie)
    return thief


def reads(browser: TestClient) -> list[int]:
    return [browser.get(path).status_code for path in ("/api/v1/users", "/api/v1/forcegen/pledges")]


def test_the_cookie_carries_only_a_signed_random_id(client):
    sign_in(client)
    payload = client.cookies["pko_session"].split(".")[0]
    assert "ada" not in client.cookies["pko_session"] and payload.startswith("s:") and len(payload) > 40


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(client):
    csrf = sign_in(client)
    cookie = client.cookies["pko_session"]
    assert reads(replay(client, cookie)) == [200, 200]
    assert replay(client, cookie).post("/api/v1/actions", json=ACTION, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.post("/logout", headers={"X-CSRF-Token": csrf}).status_code == 303
    thief = replay(client, cookie)
    assert reads(thief) == [401, 401]
    written = thief.post("/api/v1/actions", json=ACTION, headers={"X-CSRF-Token": csrf})
    assert written.status_code == 401


def test_a_password_change_and_disabling_end_every_session(client, engine, run_cli):
    sign_in(client)
    cookie = client.cookies["pko_session"]
    assert run_cli("users", "password", "ada", "--password", "a new horse staple").exit_code == 0
    assert reads(replay(client, cookie)) == [401, 401]
    with session_scope(engine) as session:
        service.create_user(session, username="bob", password=PASSWORD, organization_code="UN-DPO",
                            roles=["force-generation-officer"], actor="test")
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf": csrf})
    bob = client.cookies["pko_session"]
    assert replay(client, bob).get("/api/v1/forcegen/pledges").status_code == 200
    with session_scope(engine) as session:
        service.disable_user(session, username="bob", actor="test")
    assert replay(client, bob).get("/api/v1/forcegen/pledges").status_code == 401


def test_a_cookie_signed_with_the_former_default_secret_opens_nothing(client):
    old_style = base64.b64encode(json.dumps({"username": "ada", "csrf": "x"}).encode())
    forged = TimestampSigner(DEVELOPMENT_SECRET).sign(old_style).decode()
    assert reads(replay(client, forged)) == [401, 401]
    ours = TimestampSigner(DEVELOPMENT_SECRET, salt="pko-session").sign("s:guessed").decode()
    assert reads(replay(client, ours)) == [401, 401]


def test_weak_passwords_are_refused_by_the_api_and_the_command_line(client, run_cli):
    csrf = sign_in(client)
    for weak in ("password1234", "123456789012"):
        answer = client.post("/api/v1/users", headers={"X-CSRF-Token": csrf},
                             json={"username": "eve", "password": weak, "roles": ["safety-officer"], "organization_code": "UN-DPO"})
        assert answer.status_code == 422 and "password" in answer.json()["detail"]
        made = run_cli("users", "create", "eve", "--organization", "UN-DPO", "--role", "safety-officer", "--password", weak)
        assert made.exit_code == 1 and "a password must not be" in made.output
        changed = run_cli("users", "password", "ada", "--password", weak)
        assert changed.exit_code == 1 and "a password must not be" in changed.output

"""Security headers on pages, API answers and static files; confidential answers are never cached; no page
holds an inline script (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "pko" / "web" / "templates"
PATHS = ("/", "/api/v1/states", "/static/pko.css", "/docs")


def app_client(database_url, monkeypatch, environment: str = "development") -> TestClient:
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    monkeypatch.setenv("PKO_ENVIRONMENT", environment)
    if environment != "development":
        monkeypatch.setenv("PKO_SECRET_KEY", "k3Jd9-fQ2xLw7TzR0pVb4Nc8YhUe6AsG1mOi5")
        monkeypatch.setenv("PKO_AUDIT_KEY", "an-audit-key-kept-outside-the-database")
    get_settings.cache_clear()
    from pko.app import create_app

    return TestClient(create_app(), follow_redirects=False, base_url="https://testserver")


@pytest.fixture
def client(engine, database_url, monkeypatch):
    yield app_client(database_url, monkeypatch)
    get_settings.cache_clear()


@pytest.mark.parametrize("path", PATHS)
def test_every_kind_of_answer_carries_the_headers(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self'(;|$)", csp), "no inline script, no eval"
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in headers
    assert headers.get("cache-control") != "no-store"  # public answers to the public may be cached


def test_hsts_only_in_production(engine, database_url, monkeypatch):
    production = app_client(database_url, monkeypatch, "production")
    try:
        for path in PATHS:
            assert production.get(path).headers["strict-transport-security"].startswith("max-age=31536000")
    finally:
        get_settings.cache_clear()


def test_answers_to_a_signed_in_caller_or_a_token_are_not_stored(client, engine):
    with session_scope(engine) as session:
        service.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                            roles=["secretariat-admin"], actor="test")
        token, _ = service.create_token(session, username="ada", name="t", actor="test")
    assert client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"}).headers["cache-control"] == "no-store"
    login = client.get("/login")
    assert login.headers["cache-control"] == "no-store"  # it sets the form's CSRF cookie
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": csrf})
    for path in ("/", "/api/v1/users", "/api/v1/forcegen/pledges", "/audit"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    assert client.get("/static/pko.css").headers.get("cache-control") != "no-store"


def test_no_template_holds_an_inline_script_or_handler():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline = [tag for tag in re.findall(r"<script\b[^>]*>", text) if "src=" not in tag and "application/json" not in tag]
        handlers = re.findall(r"\son[a-z]+=", text)
        assert not inline and not handlers, f"{template.name}: {inline or handlers}"

"""The one permission check: every route declares a permission; tokens open what roles allow, no more."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.auth.permissions import api_routes, declared
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def app(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield create_app()
    get_settings.cache_clear()


def test_every_route_declares_a_permission(app):
    routes = api_routes(app.routes)
    assert len(routes) > 20
    assert [route.path for route in routes if declared(route) is None] == []


def test_public_record_needs_no_login_and_bad_tokens_are_refused(app, engine, run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    client = TestClient(app)
    assert client.get("/api/v1/member-states?limit=1").status_code == 200
    refused = client.get("/api/v1/member-states", headers={"Authorization": "Bearer pko_nonsense"})
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    with session_scope(engine) as session:
        service.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO", roles=["safety-officer"], actor="test")
        narrow, _ = service.create_token(session, username="ada", name="narrow", scopes=["incidents:read"], actor="test")
        wide, _ = service.create_token(session, username="ada", name="wide", actor="test")
    assert client.get("/api/v1/member-states?limit=1", headers={"Authorization": f"Bearer {wide}"}).status_code == 200
    # A token's scopes narrow confidential reads only: what anyone may read, a narrow token reads too.
    assert client.get("/api/v1/member-states?limit=1", headers={"Authorization": f"Bearer {narrow}"}).status_code == 200
    narrowed = client.get("/api/v1/users/ada", headers={"Authorization": f"Bearer {narrow}"})
    assert narrowed.status_code == 403 and "users" in narrowed.json()["detail"]
    assert client.get("/api/v1/users/ada", headers={"Authorization": f"Bearer {wide}"}).status_code == 200


@pytest.mark.parametrize(("year", "status"), [(2019, 200), (2021, 403)])
def test_council_delegation_acts_only_in_its_seat_years(engine, database_url, run_cli, data_dir, monkeypatch, year, status):
    from fastapi import Depends, FastAPI

    from pko.auth.permissions import require

    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("import", "sc-membership", str(data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"))
    with session_scope(engine) as session:
        service.create_user(session, username="civ1", password=PASSWORD, roles=["council-delegate"], actor="test",
                            organization_code=service.delegation(session, "CIV").code)
        token, _ = service.create_token(session, username="civ1", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    monkeypatch.setenv("PKO_COUNCIL_YEAR", str(year))
    get_settings.cache_clear()
    app = FastAPI()

    @app.get("/gaps", dependencies=[Depends(require("requirements", "read"))])
    def gaps() -> dict:
        return {}

    assert TestClient(app).get("/gaps", headers={"Authorization": f"Bearer {token}"}).status_code == status
    get_settings.cache_clear()

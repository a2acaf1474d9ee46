"""Organizations created and edited against their version; their members listed within scope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def setting(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        for username, role in (("ada", "secretariat-admin"), ("sam", "safety-officer")):
            accounts.create_user(session, username=username, password=PASSWORD, organization_code="UN-DPO", roles=[role], actor="t")
            token, _ = accounts.create_token(session, username=username, name="t", actor="t")
            headers[username] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app()), headers
    get_settings.cache_clear()


def test_create_and_edit_against_the_version(setting):
    client, headers = setting
    body = {"code": "AU-PSOD", "name": "AU Peace Support Operations Division", "kind": "AU department", "parent_code": "AU-COMMISSION"}
    assert client.post("/api/v1/organizations", json=body, headers=headers["sam"]).status_code == 403
    created = client.post("/api/v1/organizations", json=body, headers=headers["ada"])
    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    assert client.post("/api/v1/organizations", json=body, headers=headers["ada"]).status_code == 409
    orphan = client.post("/api/v1/organizations", json={**body, "code": "X-1", "parent_code": "NOWHERE"}, headers=headers["ada"])
    assert orphan.status_code == 422 and "no parent organization" in orphan.json()["detail"]
    renamed = client.patch("/api/v1/organizations/AU-PSOD", json={"name": "Peace Support Operations Division"},
                           headers={**headers["ada"], "If-Match": '"1"'})
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    assert client.patch("/api/v1/organizations/AU-PSOD", json={"name": "Again"},
                        headers={**headers["ada"], "If-Match": '"1"'}).status_code == 412


def test_members_are_listed_within_scope(setting):
    client, headers = setting
    everyone = client.get("/api/v1/organizations/UN-DPO/members", headers=headers["ada"]).json()
    assert [user["username"] for user in everyone["items"]] == ["ada", "sam"]
    own = client.get("/api/v1/organizations/UN-DPO/members", headers=headers["sam"]).json()
    assert [user["username"] for user in own["items"]] == ["sam"]
    assert client.get("/api/v1/organizations/UN-DPO/members").status_code == 401


def test_organizations_from_the_command_line(run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    added = run_cli("registry", "add-organization", "AU-PSOD", "--name", "Peace Support Operations Division",
                    "--kind", "AU department", "--parent", "AU-COMMISSION")
    assert added.exit_code == 0 and "version 1" in added.output
    assert run_cli("registry", "edit-organization", "AU-PSOD", "--version", "1", "--name", "PSOD").exit_code == 0
    stale = run_cli("registry", "edit-organization", "AU-PSOD", "--version", "1", "--name", "Again")
    assert stale.exit_code == 1 and "at version 2, not 1" in stale.output
    bad = run_cli("registry", "add-organization", "bad code", "--name", "X Y Z", "--kind", "nothing")
    assert bad.exit_code == 1 and "code" in bad.output

"""The audit log: every account change is chained; editing or removing a row underneath is caught and named."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import text

PASSWORD = "correct horse battery"


def test_whole_chain_verifies_and_lists_who_did_what(run_cli, changes):
    verified = run_cli("audit", "verify")
    assert verified.exit_code == 0 and "whole: 5 entries" in verified.output
    listed = [line for line in run_cli("audit", "list", "--format", "csv").output.splitlines() if line]
    assert listed[0] == "id,at,actor,action,record,hash"
    assert [line.split(",")[3] + " " + line.split(",")[4] for line in listed[1:]] == [
        "disable user bgd1", "revoke api-token 1", "create api-token 1", "create user bgd1", "create user ada",
    ]
    assert {line.split(",")[2] for line in listed[1:]} == {f"cli:{getpass.getuser()}"}


@pytest.mark.parametrize(
    ("tamper", "entry", "reason"),
    [
        ("UPDATE audit_entry SET actor = 'someone-else' WHERE id = 2", 2, "does not match its hash"),
        ("DELETE FROM audit_entry WHERE id = 3", 4, "entries 3..3 are missing"),
        ("DELETE FROM audit_entry WHERE id = (SELECT MAX(id) FROM audit_entry)", None, "newest entries were removed"),
    ],
)
def test_tampering_underneath_is_named(run_cli, engine, changes, tamper, entry, reason):
    with engine.begin() as connection:
        connection.execute(text(tamper))
    result = run_cli("audit", "verify")
    assert result.exit_code == 1
    assert reason in result.output
    if entry is not None:
        assert f"broken at entry {entry}:" in result.output


def test_api_shows_all_to_administrators_and_own_entries_to_a_delegate(run_cli, engine, changes, database_url, monkeypatch):
    from fastapi.testclient import TestClient

    from pko.app import create_app
    from pko.auth import service
    from pko.config import get_settings
    from pko.db import session_scope

    with session_scope(engine) as session:
        service.create_user(session, username="npl1", password=PASSWORD, organization_code=service.delegation(session, "NPL").code,
                            roles=["state-delegate"], actor="test")
        admin, _ = service.create_token(session, username="ada", name="t", actor="test")
        nepal, _ = service.create_token(session, username="npl1", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    client = TestClient(create_app())
    assert client.get("/api/v1/audit").status_code == 401
    everything = client.get("/api/v1/audit", headers={"Authorization": f"Bearer {admin}"}).json()
    assert everything["total"] == 8
    own = client.get("/api/v1/audit", headers={"Authorization": f"Bearer {nepal}"}).json()
    assert [(item["record_type"], item["record_id"], item["owner_iso3"]) for item in own["items"]] == [("user", "npl1", "NPL")]
    head = client.get("/api/v1/audit/head", headers={"Authorization": f"Bearer {admin}"}).json()
    assert f"{head['entry_id']}:{head['hash']}" == run_cli("audit", "head").output.strip()
    assert head["entry_id"] == 8
    assert client.get("/api/v1/audit/head", headers={"Authorization": f"Bearer {nepal}"}).status_code == 403
    assert client.get("/api/v1/audit/head").status_code == 401
    get_settings.cache_clear()

"""A delegate of one state never reads another state's pledges: not by listing, filters, id guessing,
plans or the audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


def pledge(state: str) -> dict:
    return {"state_iso3": state, "unit_type": "infantry-battalion", "strength": 850, "women_share": 0.1,
            "levels": {"L1": "2024-01-10", "L2": "2024-06-01"}}


@pytest.fixture
def world(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        for username, role, state in (("bgd1", "state-delegate", "BGD"), ("npl1", "state-delegate", "NPL"),
                                      ("fgo", "force-generation-officer", None)):
            code = service.delegation(session, state).code if state else "UN-DPO"
            service.create_user(session, username=username, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            token, _ = service.create_token(session, username=username, name="t", actor="t")
            headers[username] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    ids = {state: client.post("/api/v1/forcegen/pledges", json=pledge(state), headers=headers[f"{state.lower()}1"]).json()["id"]
           for state in ("BGD", "NPL")}
    yield client, headers, ids
    get_settings.cache_clear()


def test_each_delegate_lists_only_its_own_pledges(world):
    client, headers, ids = world
    own = client.get("/api/v1/forcegen/pledges", headers=headers["bgd1"]).json()
    assert [(item["id"], item["state_iso3"]) for item in own["items"]] == [(ids["BGD"], "BGD")] and own["total"] == 1
    everything = client.get("/api/v1/forcegen/pledges", headers=headers["fgo"]).json()
    assert {item["state_iso3"] for item in everything["items"]} == {"BGD", "NPL"}
    assert client.get("/api/v1/forcegen/pledges").status_code == 401


def test_filters_and_id_guessing_reveal_nothing(world):
    client, headers, ids = world
    filtered = client.get("/api/v1/forcegen/pledges?state=NPL", headers=headers["bgd1"])
    assert filtered.status_code == 404 and "NPL" not in str(filtered.json().get("items", ""))
    for guess in (ids["NPL"], ids["NPL"] + 1, 999):
        answer = client.post(f"/api/v1/forcegen/pledges/{guess}/levels", json={"level": "L3", "reached_on": "2025-01-01"},
                             headers=headers["bgd1"])
        assert answer.status_code == 404 and "infantry" not in answer.text
    foreign = client.post("/api/v1/forcegen/pledges", json=pledge("NPL"), headers=headers["bgd1"])
    assert foreign.status_code == 404


def test_plans_and_audit_stay_closed(world):
    client, headers, _ = world
    assert client.post("/api/v1/forcegen/plan", json={}, headers=headers["bgd1"]).status_code == 403
    entries = client.get("/api/v1/audit?limit=1000", headers=headers["bgd1"]).json()["items"]
    assert entries and {entry["owner_iso3"] for entry in entries} == {"BGD"}
    assert all(entry["record_type"] != "pledge" or entry["after"]["state_iso3"] == "BGD" for entry in entries)


def test_another_states_pledge_answers_as_a_missing_one(world):
    client, headers, ids = world
    level = {"level": "L3", "reached_on": "2025-01-01"}
    foreign = client.post(f"/api/v1/forcegen/pledges/{ids['NPL']}/levels", json=level, headers=headers["bgd1"])
    missing = client.post("/api/v1/forcegen/pledges/999/levels", json=level, headers=headers["bgd1"])
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"].replace(str(ids["NPL"]), "N") == missing.json()["detail"].replace("999", "N")
    assert "NPL" not in foreign.text

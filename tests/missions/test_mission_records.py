"""Missions recorded by hand (AU-led and new operations): created and edited against their version, audited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("import", "contributions", str(data_dir / "un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        token, _ = accounts.create_token(session, username="ada", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app()), {"Authorization": f"Bearer {token}"}
    get_settings.cache_clear()


def test_catalogue_operation_is_named_by_the_catalogue(admin):
    client, auth = admin
    created = client.post("/api/v1/missions", json={"acronym": "ATMIS", "country_iso3": "SOM"}, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "AU-led operation" and created.json()["country"] == "Somalia"
    assert client.post("/api/v1/missions", json={"acronym": "ATMIS"}, headers=auth).status_code == 409


def test_new_operation_needs_name_and_kind_then_takes_mandates(admin):
    client, auth = admin
    bare = client.post("/api/v1/missions", json={"acronym": "AUSSOX"}, headers=auth)
    assert bare.status_code == 422 and "give its name and kind" in bare.json()["detail"]
    new = {"acronym": "AUSSOX", "name": "African Union Support Operation X", "kind": "AU-led operation",
           "hq": "Mogadishu", "hq_lat": 2.04, "hq_lon": 45.34}
    assert client.post("/api/v1/missions", json=new, headers=auth).status_code == 201
    mandate = {"mission": "AUSSOX", "resolution": "S/RES/2767 (2024)"}
    assert client.post("/api/v1/mandates", json=mandate, headers=auth).status_code == 201


def test_edits_go_against_the_version_and_data_missions_follow_their_sources(admin, engine):
    client, auth = admin
    client.post("/api/v1/missions", json={"acronym": "AMISOM"}, headers=auth)
    assert client.get("/api/v1/missions/AMISOM").headers["etag"] == '"1"'
    change = {"hq": "Mogadishu"}
    assert client.patch("/api/v1/missions/AMISOM", json=change, headers={**auth, "If-Match": '"1"'}).status_code == 200
    stale = client.patch("/api/v1/missions/AMISOM", json={"hq": "Nairobi"}, headers={**auth, "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    from_data = client.patch("/api/v1/missions/MINUSMA", json=change, headers={**auth, "If-Match": '"1"'})
    assert from_data.status_code == 409 and "re-import" in from_data.json()["detail"]
    with session_scope(engine) as session:
        assert [(e.action, e.record_id) for e in audit.entries(session, record_type="mission")] == [
            ("update", "AMISOM"), ("create", "AMISOM")]

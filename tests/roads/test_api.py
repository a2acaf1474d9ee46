"""The road-network API on stored networks: import, list, plan around a planted danger, refusals by role."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as auth
from pko.config import get_settings
from pko.db import session_scope

from .networks import A, B, C, D, MID_AB, density, metres, road, store_incident

PASSWORD = "correct horse battery"
KITE = {"type": "FeatureCollection", "features": [road(A, B, name="RN16"), road(B, C), road(A, D), road(D, C), road(B, D)]}


@pytest.fixture
def client(database_url, engine, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    tokens = {}
    with session_scope(engine) as session:
        for role, organization in (("safety-officer", "UN-DOS"), ("finance-officer", "UN-SECRETARIAT")):
            auth.create_user(session, username=role, password=PASSWORD, organization_code=organization, roles=[role],
                             actor="test")
            tokens[role], _ = auth.create_token(session, username=role, name="api", actor="test")
    test_client = TestClient(create_app())
    test_client.tokens = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}
    yield test_client
    get_settings.cache_clear()


def test_import_list_and_plan_on_a_stored_network(client, engine):
    officer = client.tokens["safety-officer"]
    created = client.post("/api/v1/roads/networks", json={"name": "kite", "geojson": KITE}, headers=officer)
    assert created.status_code == 201, created.text
    network = created.json()["network"]
    assert network["segments"] == 5 and created.headers["etag"] == '"1"'
    again = client.post("/api/v1/roads/networks", json={"name": "kite", "geojson": KITE}, headers=officer)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    listed = client.get("/api/v1/roads/networks", headers=officer).json()
    assert listed["total"] == 1 and listed["items"][0]["name"] == "kite"
    roads = client.get(f"/api/v1/roads/networks/{network['id']}/roads", headers=officer).json()
    assert roads["features"][0]["properties"]["name"] == "RN16"
    store_incident(engine, MID_AB, date(2024, 5, 1))
    body = {"pairs": [{"origin": {"lat": A[0], "lon": A[1]}, "destination": {"lat": C[0], "lon": C[1]}},
                      {"origin": {"lat": C[0], "lon": C[1]}, "destination": {"lat": A[0], "lon": A[1]}}],
            "k": 2, "as_of": "2024-05-01", "bandwidth_m": 50}
    answer = client.post(f"/api/v1/roads/networks/{network['id']}/plan", json=body, headers=officer)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["kernel"]["bandwidth_m"] == 50 and found["incidents_weighed"] == 1
    assert len(found["plans"]) == 2
    for plan in found["plans"]:
        routes = {route["kind"] + str(route["rank"]): route for route in plan["routes"]}
        assert routes["shortest1"]["length_m"] == pytest.approx(metres(A, B) + metres(B, C), rel=1e-3)
        assert routes["shortest1"]["expected_incidents"] == pytest.approx(metres(A, B) * density(0, 50), rel=1e-3)
        assert routes["least-risk1"]["expected_incidents"] == 0
        assert routes["least-risk1"]["length_m"] == pytest.approx(metres(A, D) + metres(D, C), rel=1e-3)
        assert [D[1], D[0]] in routes["least-risk1"]["coordinates"]
        assert routes["alternative2"]["expected_incidents"] == 0
    assert found["incidents_near"][0]["incident_type"] == "explosive-device"


def test_refusals(client):
    officer = client.tokens["safety-officer"]
    bad = {"type": "FeatureCollection", "features": [road(A, B), {"type": "Feature", "geometry": {"type": "Point"}}]}
    refused = client.post("/api/v1/roads/networks", json={"name": "bad", "geojson": bad}, headers=officer)
    assert refused.status_code == 422 and "row 2, field 'geometry.type'" in refused.json()["detail"]
    assert client.get("/api/v1/roads/networks").status_code == 401
    assert client.get("/api/v1/roads/networks", headers=client.tokens["finance-officer"]).status_code == 403
    assert client.post("/api/v1/roads/networks/7/plan", headers=officer, json={
        "pairs": [{"origin": {"lat": 0, "lon": 0}, "destination": {"lat": 0, "lon": 0}}]}).status_code == 404
    client.post("/api/v1/roads/networks", json={"name": "kite", "geojson": KITE}, headers=officer)
    for body in ({"pairs": []}, {"pairs": [{"origin": {"lat": 95, "lon": 0}, "destination": {"lat": 0, "lon": 0}}]},
                 {"pairs": [{"origin": {"lat": 0, "lon": 0}, "destination": {"lat": 0, "lon": 0}}], "k": 0},
                 {"pairs": [{"origin": {"lat": 0, "lon": 0}, "destination": {"lat": 0, "lon": 0}}],
                  "since": "2024-02-01", "as_of": "2024-01-01"},
                 {"pairs": [{"origin": {"lat": 0, "lon": 0}, "destination": {"lat": 0, "lon": 0}}],
                  "incident_type": "nonsense"}):
        assert client.post("/api/v1/roads/networks/1/plan", json=body, headers=officer).status_code == 422, body

"""The incident log's API: who may read and write, edits against a version, validation, counts and hotspots."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pko.audit.models import AuditEntry
from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
IED = {"incident_type": "explosive-device", "incident_date": "2018-03-12", "incident_time": "07:40",
       "latitude": 20.1973, "longitude": 1.017, "location": "Tessalit", "admin1": "Kidal", "mission": "minusma",
       "units": ["Chadian infantry battalion"], "killed": 2, "injured": 4, "source": "MINUSMA JOC daily report",
       "source_event_id": "JOC-2018-0312-1", "confidence": "confirmed"}


@pytest.fixture
def headers(engine, run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("import", "sc-membership", str(data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"))
    found = {}
    with session_scope(engine) as session:
        for name, role, organization in (("sam", "safety-officer", "UN-DOS"), ("cid", "council-delegate", None),
                                         ("fred", "state-delegate", None)):
            code = organization or accounts.delegation(session, "CIV" if name == "cid" else "FRA").code
            accounts.create_user(session, username=name, password=PASSWORD, organization_code=code, roles=[role], actor="test")
            token, _ = accounts.create_token(session, username=name, name="t", actor="test")
            found[name] = {"Authorization": f"Bearer {token}"}
    return found


@pytest.fixture
def client(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    monkeypatch.setenv("PKO_COUNCIL_YEAR", "2019")  # Côte d'Ivoire held a seat
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def test_the_safety_officer_writes_the_council_reads_others_are_refused(client, headers, engine):
    assert client.post("/api/v1/incidents", json=IED).status_code == 401
    assert client.post("/api/v1/incidents", json=IED, headers=headers["cid"]).status_code == 403
    assert client.get("/api/v1/incidents", headers=headers["fred"]).status_code == 403
    created = client.post("/api/v1/incidents", json=IED, headers=headers["sam"])
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"1"' and created.json()["mission"] == "MINUSMA"
    shown = client.get(created.headers["location"], headers=headers["cid"])
    assert shown.status_code == 200 and shown.json()["incident_time"] == "07:40:00" and shown.json()["units"] == IED["units"]
    listed = client.get("/api/v1/incidents", params={"mission": "MINUSMA", "type": "explosive-device"}, headers=headers["cid"])
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["id"] == created.json()["id"]
    with session_scope(engine) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "incident")).one()
        assert (entry.actor, entry.action, entry.after["killed"]) == ("sam", "create", 2)


def test_edits_name_the_version_they_change(client, headers):
    created = client.post("/api/v1/incidents", json=IED, headers=headers["sam"]).json()
    path = f"/api/v1/incidents/{created['id']}"
    assert client.patch(path, json={"killed": 3}, headers=headers["sam"]).status_code == 428
    edited = client.patch(path, json={"killed": 3}, headers={**headers["sam"], "If-Match": '"1"'})
    assert edited.status_code == 200 and edited.json()["killed"] == 3 and edited.headers["etag"] == '"2"'
    stale = client.patch(path, json={"killed": 5}, headers={**headers["sam"], "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    assert client.get(path, headers=headers["sam"]).json()["killed"] == 3
    cleared = client.patch(path, json={"latitude": None, "longitude": None}, headers={**headers["sam"], "If-Match": '"2"'})
    assert cleared.status_code == 200 and cleared.json()["latitude"] is None
    assert client.patch("/api/v1/incidents/999", json={"killed": 1}, headers={**headers["sam"], "If-Match": '"1"'}).status_code == 404


@pytest.mark.parametrize(("change", "word"), [
    ({"incident_type": "riot"}, "not an incident type"),
    ({"latitude": None}, "latitude and longitude go together"),
    ({"latitude": 95}, "less than or equal to 90"),
    ({"killed": -1}, "greater than or equal to 0"),
    ({"mission": "NOPE"}, "not a known mission"),
    ({"incident_date": "2999-01-01"}, "between 1945-01-01 and today"),
    ({"confidence": "sure"}, "confirmed"),
    ({"fatality_casualty_ids": ["NO-SUCH"]}, "no fatality record"),
    ({"colour": "red"}, "Extra inputs"),
])
def test_bad_incidents_are_refused_with_a_reason(client, headers, change, word):
    answer = client.post("/api/v1/incidents", json={**IED, **change}, headers=headers["sam"])
    assert answer.status_code == 422 and word in answer.text


def test_a_source_event_is_recorded_once(client, headers):
    assert client.post("/api/v1/incidents", json=IED, headers=headers["sam"]).status_code == 201
    again = client.post("/api/v1/incidents", json=IED, headers=headers["sam"])
    assert again.status_code == 422 and "already records event" in again.text


def test_counts_by_mission_year_and_type(client, headers):
    for day, kind, killed in (("2017-05-01", "explosive-device", 2), ("2017-06-01", "explosive-device", 1),
                              ("2018-01-01", "explosive-device", 0), ("2018-02-01", "ambush", 4)):
        body = {**IED, "incident_date": day, "incident_type": kind, "killed": killed, "source_event_id": day}
        assert client.post("/api/v1/incidents", json=body, headers=headers["sam"]).status_code == 201
    rows = client.get("/api/v1/incidents/counts", headers=headers["cid"]).json()["items"]
    assert [(r["year"], r["incident_type"], r["incidents"], r["killed"]) for r in rows] == [
        (2017, "explosive-device", 2, 3), (2018, "ambush", 1, 4), (2018, "explosive-device", 1, 0)]
    only = client.get("/api/v1/incidents/counts", params={"from": "2018-01-01", "type": "ambush"}, headers=headers["cid"])
    assert [r["incidents"] for r in only.json()["items"]] == [1]
    assert client.get("/api/v1/incidents/counts", params={"from": "2019-01-01", "to": "2018-01-01"},
                      headers=headers["cid"]).status_code == 422


def test_hotspots_of_the_stored_log_as_geojson(client, headers, engine):
    from pko.incidents.models import Incident

    rng = np.random.default_rng(7)
    points = [(lat, lon) for lat, lon in zip(rng.uniform(14, 18, 300), rng.uniform(-5, 1, 300))]
    points += [(16.27 + dx, -0.04 + dy) for dx, dy in rng.normal(0, 0.02, (60, 2))]  # a planted cluster near Gao
    with session_scope(engine) as session:
        session.add_all(Incident(incident_type="explosive-device", incident_date=date(2018, 1, 1 + i % 28),
                                 latitude=float(lat), longitude=float(lon), mission="MINUSMA", units=[], source="test",
                                 confidence="reported", fatality_casualty_ids=[]) for i, (lat, lon) in enumerate(points))
        session.add(Incident(incident_type="explosive-device", incident_date=date(2018, 2, 1),
                             mission="MINUSMA", units=[], source="test", confidence="reported", fatality_casualty_ids=[]))
    found = client.get("/api/v1/incidents/hotspots", params={"mission": "MINUSMA", "resolution": 5}, headers=headers["cid"])
    assert found.status_code == 200
    document = found.json()
    assert document["properties"]["incidents"] == 360 and document["properties"]["without_coordinates"] == 1
    hot = [f for f in document["features"] if f["properties"]["spot"] == "hot"]
    densest = max(hot, key=lambda f: f["properties"]["incidents"])
    ring = densest["geometry"]["coordinates"][0]
    assert densest["properties"]["incidents"] >= 40
    assert min(p[1] for p in ring) < 16.27 < max(p[1] for p in ring) and min(p[0] for p in ring) < -0.04 < max(p[0] for p in ring)
    # Gi* marks the cluster's cell and its ring of neighbours, nothing far from it.
    assert all(abs(p[1] - 16.27) < 0.7 and abs(p[0] + 0.04) < 0.7 for f in hot for p in f["geometry"]["coordinates"][0])
    points_map = client.get("/api/v1/incidents/map", params={"limit": 10}, headers=headers["cid"]).json()
    assert len(points_map["features"]) <= 10 and points_map["features"][0]["geometry"]["type"] == "Point"
    empty = client.get("/api/v1/incidents/hotspots", params={"type": "ambush"}, headers=headers["cid"])
    assert empty.status_code == 422 and "no incident with coordinates" in empty.text

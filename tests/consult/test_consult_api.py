"""Meetings, participants and decisions through the API: versioned writes, audited, each role within its scope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pko.audit.models import AuditEntry
from pko.auth import service as accounts
from pko.config import get_settings
from pko.consult import service
from pko.db import session_scope

PASSWORD = "correct horse battery"
MEETING = {"kind": "triangular", "title": "Triangular consultation on MINUSMA", "mission": "MINUSMA",
           "held_on": "2014-06-02", "agenda": ["Mandate renewal"],
           "participants": [{"state_iso3": "FRA", "capacity": "contributor"}, {"organization_code": "UN-DPO"},
                            {"person": "Hervé Ladsous", "capacity": "Under-Secretary-General"}]}


@pytest.fixture
def client(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    people = {"admin": ("UN-DPO", "secretariat-admin"), "fgo": ("UN-DPO", "force-generation-officer"),
              "au": ("AU-COMMISSION", "au-officer"), "fra": ("FRA", "state-delegate"), "deu": ("DEU", "state-delegate")}
    headers = {}
    with session_scope(engine) as session:
        for name, (organization, role) in people.items():
            code = accounts.delegation(session, organization).code if len(organization) == 3 else organization
            accounts.create_user(session, username=name, password=PASSWORD, organization_code=code, roles=[role], actor="test")
            token, _ = accounts.create_token(session, username=name, name="t", actor="test")
            headers[name] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    test_client = TestClient(create_app())
    test_client.as_ = headers
    yield test_client
    get_settings.cache_clear()


def test_a_meeting_is_edited_only_against_its_version_and_audited(client, engine):
    created = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"])
    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    meeting = created.json()
    assert [p["organization_code"] or p["person"] for p in meeting["participants"]] == ["DELEGATION-FRA", "UN-DPO", "Hervé Ladsous"]
    url = created.headers["location"]

    assert client.patch(url, json={"minutes": "Agreed."}, headers=client.as_["admin"]).status_code == 428
    edited = client.patch(url, json={"minutes": "Agreed.", "status": "held"}, headers=client.as_["admin"] | {"If-Match": '"1"'})
    assert edited.status_code == 200, edited.text
    assert edited.headers["etag"] == '"2"' and edited.json()["minutes"] == "Agreed."
    stale = client.patch(url, json={"minutes": "Lost."}, headers=client.as_["fgo"] | {"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    assert client.get(url, headers=client.as_["admin"]).json()["minutes"] == "Agreed."

    with session_scope(engine) as session:
        trail = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "meeting").order_by(AuditEntry.id)).all()
        invited = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "meeting-participant")).all()
    assert [(entry.action, entry.actor) for entry in trail] == [("create", "admin"), ("update", "admin")]
    assert trail[1].before["minutes"] is None and trail[1].after["minutes"] == "Agreed." and len(invited) == 3


def test_a_state_reads_only_the_meetings_it_is_party_to(client):
    meeting = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"]).json()
    other = client.post("/api/v1/consultations", headers=client.as_["admin"], json=MEETING | {"participants": [{"state_iso3": "DEU"}]}).json()
    decision = client.post("/api/v1/consultations/decisions", headers=client.as_["admin"], json={
        "meeting_id": meeting["id"], "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "Renew for a year."}).json()

    mine = client.get("/api/v1/consultations", headers=client.as_["fra"]).json()
    assert [m["id"] for m in mine["items"]] == [meeting["id"]] and mine["total"] == 1
    assert client.get(f"/api/v1/consultations/{other['id']}", headers=client.as_["fra"]).status_code == 404
    assert client.get(f"/api/v1/consultations/{meeting['id']}", headers=client.as_["deu"]).status_code == 404
    assert client.get(f"/api/v1/consultations/decisions/{decision['id']}", headers=client.as_["deu"]).status_code == 404
    assert client.get(f"/api/v1/consultations/decisions/{decision['id']}", headers=client.as_["fra"]).status_code == 200
    assert client.get("/api/v1/consultations/decisions", headers=client.as_["deu"]).json()["total"] == 0
    assert len(client.get("/api/v1/consultations", headers=client.as_["admin"]).json()["items"]) == 2
    refused = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["fra"])
    assert refused.status_code == 403
    assert client.get("/api/v1/consultations").status_code == 401


def test_an_au_officer_changes_only_the_meetings_of_its_organization(client):
    theirs = client.post("/api/v1/consultations", headers=client.as_["au"], json={
        "kind": "psc-sc", "title": "Annual joint consultative meeting", "theme": "Silencing the guns", "held_on": "2014-10-10"})
    assert theirs.status_code == 201
    assert [(p["organization_code"], p["capacity"]) for p in theirs.json()["participants"]] == [("AU-COMMISSION", "convener")]
    ours = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"]).json()
    refused = client.patch(f"/api/v1/consultations/{ours['id']}", json={"minutes": "x"}, headers=client.as_["au"] | {"If-Match": '"1"'})
    assert refused.status_code == 404
    allowed = client.patch(theirs.headers["location"], json={"place": "Addis Ababa"}, headers=client.as_["au"] | {"If-Match": '"1"'})
    assert allowed.status_code == 200 and allowed.json()["place"] == "Addis Ababa"
    outside = client.post("/api/v1/consultations/decisions", headers=client.as_["au"], json={
        "decided_by": "UN-SC", "decided_on": "2014-10-10", "text": "Not theirs to record."})
    assert outside.status_code == 422 and "AU-COMMISSION" in outside.json()["detail"]


def test_attendance_and_decisions_about_a_record(client, engine):
    meeting = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"]).json()
    france = meeting["participants"][0]
    url = f"/api/v1/consultations/{meeting['id']}/participants/{france['id']}"
    came = client.patch(url, json={"status": "attended"}, headers=client.as_["admin"] | {"If-Match": '"1"'})
    assert came.status_code == 200 and came.json()["status"] == "attended" and came.json()["state_iso3"] == "FRA"
    assert client.patch(url, json={"status": "absent"}, headers=client.as_["admin"] | {"If-Match": '"1"'}).status_code == 412
    added = client.post(f"/api/v1/consultations/{meeting['id']}/participants", json={"state_iso3": "SEN"}, headers=client.as_["admin"])
    assert added.status_code == 201 and added.json()["organization_code"] == "DELEGATION-SEN"
    again = client.post(f"/api/v1/consultations/{meeting['id']}/participants", json={"state_iso3": "SEN"}, headers=client.as_["admin"])
    assert again.status_code == 409

    body = {"subject_type": "support-request", "subject_id": 3, "decided_by": "UN-SC, AU-PSC", "decided_on": "2014-06-25",
            "text": "Support the logistics request."}
    first = client.post("/api/v1/consultations/decisions", json=body, headers=client.as_["fgo"])
    second = client.post("/api/v1/consultations/decisions", json=body | {"meeting_id": meeting["id"], "decided_on": "2014-06-02"},
                         headers=client.as_["fgo"])
    assert first.status_code == second.status_code == 201
    with session_scope(engine) as session:
        found = service.decisions_for(session, "support-request", 3)
        assert service.decisions_for(session, "support-request", 4) == []
    assert [d.id for d in found] == [second.json()["id"], first.json()["id"]]  # oldest first
    listed = client.get("/api/v1/consultations/decisions", params={"subject_type": "support-request", "subject_id": 3},
                        headers=client.as_["admin"]).json()
    assert listed["total"] == 2
    fixed = client.patch(f"/api/v1/consultations/decisions/{first.json()['id']}", json={"text": "Support the request in full."},
                         headers=client.as_["admin"] | {"If-Match": '"1"'})
    assert fixed.status_code == 200 and fixed.headers["etag"] == '"2"'
    shown = client.get(f"/api/v1/consultations/{meeting['id']}", headers=client.as_["admin"]).json()
    assert [d["id"] for d in shown["decisions"]] == [second.json()["id"]]


@pytest.mark.parametrize(("change", "status"), [
    ({"kind": "tea-party"}, 422), ({"held_on": "3014-06-02"}, 422), ({"mission": None}, 422), ({"mission": "ATLANTIS"}, 422),
    ({"participants": [{"organization_code": "NOPE"}]}, 422), ({"participants": [{"state_iso3": "XXX"}]}, 422),
    ({"participants": [{"capacity": "nobody"}]}, 422), ({"agenda": ["  "]}, 422), ({"title": " \t "}, 422),
    ({"participants": [{"organization_code": "UN-DPO"}, {"organization_code": "UN-DPO"}]}, 409), ({"surprise": 1}, 422),
])
def test_bad_meetings_are_refused_with_a_reason(client, change, status):
    answer = client.post("/api/v1/consultations", json=MEETING | change, headers=client.as_["admin"])
    assert answer.status_code == status and answer.json()["detail"]


@pytest.mark.parametrize("body", [
    {"subject_type": "support-request", "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "No id."},
    {"meeting_id": 999, "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "No such meeting."},
    {"subject_type": "Support Request", "subject_id": 1, "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "Bad type."},
])
def test_bad_decisions_are_refused(client, body):
    answer = client.post("/api/v1/consultations/decisions", json=body, headers=client.as_["admin"])
    assert answer.status_code in (404, 422) and answer.json()["detail"]


def test_the_pack_through_the_api_within_each_role(client):
    client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"])
    url = "/api/v1/consultations/pack/MINUSMA"
    full = client.get(url, params={"date": "2014-06-02"}, headers=client.as_["admin"])
    assert full.status_code == 200
    sections = {section["key"]: section for section in full.json()["sections"]}
    assert list(sections) == ["mandate", "strength", "contributors", "force", "safety", "finance"]
    assert sections["force"]["note"] == "no unit requirements recorded for this mission"
    assert "no fatality figures" in sections["safety"]["note"]  # nothing imported here but the member states

    document = client.get(url, params={"date": "2014-06-02", "format": "pdf"}, headers=client.as_["admin"])
    assert document.headers["content-type"] == "application/pdf" and document.content.startswith(b"%PDF")
    page = client.get(url, params={"date": "2014-06-02", "format": "html"}, headers=client.as_["admin"])
    assert page.headers["content-type"].startswith("text/html") and "Briefing pack: MINUSMA" in page.text

    party = client.get(url, params={"date": "2014-06-02"}, headers=client.as_["fra"])
    assert party.status_code == 200
    assert {s["key"]: s["note"] for s in party.json()["sections"]}["force"] == "force generation is not open to your roles"
    assert client.get(url, headers=client.as_["deu"]).status_code == 404
    au = {s["key"]: s["note"] for s in client.get(url, headers=client.as_["au"]).json()["sections"]}
    assert au["finance"] == "finance is not open to your roles"
    for params in ({"date": "0999-01-01"}, {"format": "doc"}):
        assert client.get(url, params=params, headers=client.as_["admin"]).status_code == 422
    assert client.get("/api/v1/consultations/pack/ATLANTIS", headers=client.as_["admin"]).status_code == 422


def test_force_gaps_equal_the_force_generation_plan(client):
    client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"])
    need = {"mission": "MINUSMA", "unit_type": "infantry-battalion", "count": 3, "location": "Gao", "need_by": "2014-09-30",
            "min_readiness": "L2", "priority": 4}
    pledge = {"state_iso3": "BGD", "unit_type": "infantry-battalion", "strength": 850, "women_share": 0.08,
              "levels": {"L1": "2013-03-01", "L2": "2013-09-01"}, "mobility": "mechanized", "self_sustained": True}
    assert client.post("/api/v1/forcegen/requirements", json=need, headers=client.as_["fgo"]).status_code == 201
    assert client.post("/api/v1/forcegen/pledges", json=pledge, headers=client.as_["fgo"]).status_code == 201
    planned = client.post("/api/v1/forcegen/plan", json={"request_date": "2014-06-02"}, headers=client.as_["fgo"]).json()
    required = client.get("/api/v1/forcegen/requirements", params={"mission": "MINUSMA"}, headers=client.as_["fgo"]).json()

    pack = client.get("/api/v1/consultations/pack/MINUSMA", params={"date": "2014-06-02"}, headers=client.as_["fgo"]).json()
    force = next(section for section in pack["sections"] if section["key"] == "force")
    figures = {figure["label"]: figure["value"] for figure in force["figures"]}
    assert figures["unit requirements"] == required["total"] == 1
    assert figures["units required"] == sum(row["count"] for row in required["items"]) == 3
    unfilled = [gap["slot_id"] for gap in planned["unfilled"] if gap["mission"] == "MINUSMA"]
    assert [row["slot"] for row in force["table"]] == unfilled and figures["slots unfilled in the best plan"] == len(unfilled) == 2
    assert figures["slots filled in the best plan"] == 1


def test_an_action_item_links_only_a_decision_its_author_may_read(client, engine):
    meeting = client.post("/api/v1/consultations", json=MEETING, headers=client.as_["admin"]).json()
    decision = client.post("/api/v1/consultations/decisions", headers=client.as_["admin"], json={
        "meeting_id": meeting["id"], "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "Renew for a year."}).json()
    with session_scope(engine) as session:
        owner = accounts.delegation(session, "DEU").code
    item = {"title": "Follow up the renewal", "owner": owner, "due_on": "2030-01-01"}
    hidden = client.post("/api/v1/actions", json=item | {"decision_id": decision["id"]}, headers=client.as_["deu"])
    missing = client.post("/api/v1/actions", json=item | {"decision_id": 999}, headers=client.as_["deu"])
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json()["detail"].replace(str(decision["id"]), "N") == missing.json()["detail"].replace("999", "N")
    fra = client.post("/api/v1/actions", headers=client.as_["fra"], json=item | {
        "owner": owner.replace("DEU", "FRA"), "decision_id": decision["id"]})
    assert fra.status_code == 201, fra.text  # France was invited: its delegation may follow the decision up

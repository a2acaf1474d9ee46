"""AU-UN joint work: support requests and joint reviews, tracked against a version, seen by those they concern."""

from __future__ import annotations

import json

import pytest

ATMIS = {"kind": "financing-2719", "requesting": "AU-COMMISSION", "mission": "ATMIS", "amount_usd": "96500000.00",
         "description": "Assessed contributions for 75% of the operation's budget", "submitted_on": "2024-05-02"}
REVIEW = {"mission": "AMISOM", "held_on": "2019-03-20", "participants": ["AU-COMMISSION", "UN-DPO"],
          "findings": "Benchmarks for the drawdown met in part"}


def test_a_support_request_is_tracked_through_its_life(client, tokens):
    created = client.post("/api/v1/support-requests", json=ATMIS, headers=tokens["au-ops"])
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    assert float(created.json()["amount_usd"]) == 96_500_000
    url = created.headers["location"]
    review = client.patch(url, json={"status": "under review"}, headers={**tokens["ada"], "If-Match": '"1"'})
    assert review.status_code == 200 and review.json()["version"] == 2
    assert client.patch(url, json={"status": "delivered"}, headers={**tokens["ada"], "If-Match": '"2"'}).status_code == 422
    assert client.patch(url, json={"status": "approved"}, headers={**tokens["ada"], "If-Match": '"1"'}).status_code == 412
    shown = client.get(url, headers=tokens["au-desk"])
    assert shown.json()["status"] == "under review" and shown.headers["etag"] == '"2"'
    assert isinstance(shown.json()["decisions"], list)


@pytest.mark.parametrize(("change", "reason"), [
    ({"mission": "MINUSMA"}, "not an AU-led or hybrid operation"),
    ({"mission": "NOWHERE"}, "not a known mission"),
    ({"requesting": "UN-DPO"}, "not the African Union"),
    ({"kind": "weapons"}, None),
    ({"amount_usd": "-5"}, None),
    ({"amount_usd": "1e30"}, None),
])
def test_bad_support_requests_are_refused(client, tokens, change, reason):
    answer = client.post("/api/v1/support-requests", json={**ATMIS, **change}, headers=tokens["ada"])
    assert answer.status_code == 422
    if reason:
        assert reason in answer.json()["detail"]


def test_requests_and_reviews_are_seen_by_those_they_concern(client, tokens):
    request = client.post("/api/v1/support-requests", json=ATMIS, headers=tokens["ada"]).json()
    review = client.post("/api/v1/joint-reviews", json=REVIEW, headers=tokens["au-ops"])
    assert review.status_code == 201 and review.json()["status"] == "planned"
    assert client.get("/api/v1/support-requests", headers=tokens["fra1"]).json()["total"] == 0
    assert client.get(f"/api/v1/support-requests/{request['id']}", headers=tokens["fra1"]).status_code == 404
    assert client.get(f"/api/v1/joint-reviews/{review.json()['id']}", headers=tokens["fra1"]).status_code == 404
    assert client.get("/api/v1/joint-reviews", headers=tokens["au-desk"]).json()["total"] == 1
    # a delegation neither requests support for the AU nor records a review it does not take part in
    assert client.post("/api/v1/support-requests", json=ATMIS, headers=tokens["fra1"]).status_code == 422
    assert client.post("/api/v1/joint-reviews", json=REVIEW, headers=tokens["fra1"]).status_code == 422
    held = client.patch(review.headers["location"], json={"status": "held", "findings": "Drawdown paused"},
                        headers={**tokens["au-ops"], "If-Match": '"1"'})
    assert held.json()["status"] == "held" and held.json()["findings"] == "Drawdown paused"
    listed = client.get("/api/v1/joint-reviews", params={"mission": "AMISOM"}, headers=tokens["ada"]).json()
    assert [row["participants"] for row in listed["items"]] == [["AU-COMMISSION", "UN-DPO"]]


def test_joint_work_from_the_command_line(run_cli, tokens):
    added = run_cli("actions", "requests", "add", "logistics", "ATMIS", "--description", "Fuel and rations",
                    "--submitted", "2024-01-10", "--amount", "1200000")
    assert added.exit_code == 0, added.output
    assert run_cli("actions", "requests", "update", "1", "--version", "1", "--status", "under review").exit_code == 0
    rows = json.loads(run_cli("actions", "requests", "list", "--format", "json").output)
    assert [(r["kind"], r["mission"], r["status"], r["version"]) for r in rows] == [("logistics", "ATMIS", "under review", 2)]
    assert run_cli("actions", "reviews", "add", "AMISOM", "--on", "2019-03-20", "--participant", "AU-COMMISSION",
                   "--participant", "UN-DPO").exit_code == 0
    assert run_cli("actions", "reviews", "update", "1", "--version", "1", "--status", "reported").exit_code == 1
    rows = json.loads(run_cli("actions", "reviews", "list", "--mission", "AMISOM", "--format", "json").output)
    assert rows[0]["participants"] == "AU-COMMISSION, UN-DPO"
    linked = run_cli("actions", "add", "Answer the request", "--org", "UN-DPO", "--due", "2024-02-01",
                     "--link", "support-request:1")
    assert linked.exit_code == 0
    bad = run_cli("actions", "reviews", "add", "AMISOM", "--on", "2019-03-20", "--participant", "NOBODY")
    assert bad.exit_code == 1 and "no organization 'NOBODY'" in bad.output


def test_decisions_about_a_request_are_shown_with_it_and_items_may_follow_them(client, tokens, engine):
    from pko.consult import service as consult
    from pko.consult.schemas import DecisionCreate
    from pko.db import session_scope

    url = client.post("/api/v1/support-requests", json=ATMIS, headers=tokens["ada"]).headers["location"]
    request_id = int(url.rsplit("/", 1)[1])
    with session_scope(engine) as session:
        decision = consult.create_decision(session, actor="test", data=DecisionCreate(
            subject_type="support-request", subject_id=request_id, decided_by="UN-SC, AU-PSC",
            decided_on="2024-06-20", text="Financing under resolution 2719 agreed in principle"))
    shown = client.get(url, headers=tokens["au-ops"]).json()
    assert [(d["id"], d["decided_by"]) for d in shown["decisions"]] == [(decision.id, "UN-SC, AU-PSC")]
    follow = {"title": "Prepare the 2719 budget", "owner": "UN-DPO", "due_on": "2024-09-01", "decision_id": decision.id,
              "links": [{"record_type": "support-request", "record_id": request_id}]}
    assert client.post("/api/v1/actions", json=follow, headers=tokens["ada"]).status_code == 201
    missing = client.post("/api/v1/actions", json={**follow, "decision_id": decision.id + 1}, headers=tokens["ada"])
    assert missing.status_code == 422 and f"no decision {decision.id + 1}" in missing.json()["detail"]

"""The /actions page: an organization's list with overdue items flagged, status changed through a form against its
version, the caller's notifications, AU-UN joint work."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from pko.actions import joint_service, service
from pko.actions.schemas import ActionCreate, JointReviewCreate, SupportRequestCreate
from pko.db import session_scope

PASSWORD = "correct horse battery"


def sign_in(client, username: str) -> str:
    """Sign in through the login form; the CSRF token of the session."""
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token, "next": "/actions"})
    assert answer.status_code == 303
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/actions").text).group(1)


def _record(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        ids = {
            "late": service.create_action(session, actor="test", data=ActionCreate(
                title="Deliver the rations", owner="AU-COMMISSION", due_on="2020-01-15",
                links=[{"record_type": "support-request", "record_id": 1}])).id,
            "later": service.create_action(session, actor="test", data=ActionCreate(
                title="Plan the review", owner="AU-COMMISSION", due_on="2999-01-01")).id,
            "french": service.create_action(session, actor="test", data=ActionCreate(
                title="Rotate the battalion", owner="DELEGATION-FRA", due_on="2020-01-01")).id,
        }
        joint_service.create_request(session, actor="test", data=SupportRequestCreate(
            kind="logistics", requesting="AU-COMMISSION", mission="ATMIS", description="Fuel and rations",
            submitted_on="2024-01-10"))
        joint_service.create_review(session, actor="test", data=JointReviewCreate(
            mission="AMISOM", held_on="2019-03-20", participants=["AU-COMMISSION", "UN-DPO"]))
    return ids


def test_the_page_shows_the_organization_list_flagged_with_notifications_and_joint_work(client, tokens, engine):
    ids = _record(engine)
    sign_in(client, "au-ops")
    page = client.get("/actions").text
    late = page[page.index(f'id="action-{ids["late"]}"'):]
    late = late[:late.index("</tr>")]
    assert 'class="overdue"' in late and "overdue</span>" in late and "support-request:1" in late
    later = page[page.index(f'id="action-{ids["later"]}"'):]
    assert "overdue</span>" not in later[:later.index("</tr>")]
    assert "Rotate the battalion" not in page
    assert page.count("assigned to AU-COMMISSION") == 2 and "Mark read" in page
    assert "ATMIS" in page and "AMISOM" in page
    assert 'id="support-request-1"' in page and 'id="joint-review-1"' in page
    assert client.get("/actions", params={"org": "DELEGATION-FRA"}).status_code == 404


def test_a_status_change_goes_through_the_form_against_its_version(client, tokens, engine):
    ids = _record(engine)
    csrf = sign_in(client, "au-ops")
    url = f"/actions/{ids['late']}/status"
    assert client.post(url, data={"version": 1, "status": "done"}).status_code == 403  # no CSRF header
    moved = client.post(url, data={"version": 1, "status": "in progress"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert moved.status_code == 204 and moved.headers["HX-Redirect"] == f"/actions?org=AU-COMMISSION#action-{ids['late']}"
    stale = client.post(url, data={"version": 1, "status": "done"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert stale.status_code == 409 and "version 2, not 1" in stale.text
    wrong = client.post(url, data={"version": 2, "status": "finished"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert wrong.status_code == 422 and "status" in wrong.text
    others = client.post(f"/actions/{ids['french']}/status", data={"version": 1, "status": "done"},
                         headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert others.status_code == 404 and f"no action item {ids['french']}" in others.text
    row = client.get("/actions").text.split(f'id="action-{ids["late"]}"')[1].split("</tr>")[0]
    assert "<td>in progress</td>" in row and "overdue</span>" in row


def test_an_item_is_recorded_and_a_notification_marked_read_from_the_page(client, tokens, engine):
    csrf = sign_in(client, "au-ops")
    made = client.post("/actions", data={"title": "Answer the PSC", "owner": "AU-COMMISSION", "due_on": "2030-01-01",
                                         "links": "meeting:3, decision:2"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert made.status_code == 204
    bad = client.post("/actions", data={"title": "X", "owner": "AU-COMMISSION", "due_on": "2030-01-01",
                                        "links": "gossip:1"}, headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert bad.status_code == 422 and "not a record type" in bad.text
    page = client.get("/actions").text
    assert "meeting:3, decision:2" in page
    note = re.search(r'hx-post="/notifications/(\d+)/read"', page).group(1)
    assert client.post(f"/notifications/{note}/read", headers={"X-CSRF-Token": csrf, "HX-Request": "true"}).status_code == 204
    assert "Mark read" not in client.get("/actions").text
    other = TestClient(client.app, follow_redirects=False)
    french = sign_in(other, "fra1")
    refused = other.post(f"/notifications/{note}/read", headers={"X-CSRF-Token": french, "HX-Request": "true"})
    assert refused.status_code == 404 and f"no notification {note}" in refused.text


def test_the_secretariat_sees_every_organization_and_the_public_is_sent_to_sign_in(client, tokens, engine):
    _record(engine)
    assert client.get("/actions").status_code == 303
    sign_in(client, "ada")
    page = client.get("/actions").text
    assert "Rotate the battalion" in page and "Deliver the rations" in page
    only = client.get("/actions", params={"org": "DELEGATION-FRA", "overdue": "true"}).text
    assert "Rotate the battalion" in only and "Deliver the rations" not in only

"""Action items through the API: each organization its own list, overdue flagged, edits against a version, audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pko.audit.models import AuditEntry
from pko.db import session_scope

PAST = (date.today() - timedelta(days=10)).isoformat()
FUTURE = (date.today() + timedelta(days=30)).isoformat()


def item(**change) -> dict:
    return {"title": "Deploy the pledged engineering company", "owner": "AU-COMMISSION", "due_on": FUTURE,
            "links": [{"record_type": "pledge", "record_id": 3}, {"record_type": "incident", "record_id": 41}], **change}


def test_an_item_is_created_read_and_flagged_overdue(client, tokens):
    created = client.post("/api/v1/actions", json=item(due_on=PAST), headers=tokens["ada"])
    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    body = created.json()
    assert body["status"] == "open" and body["overdue"] is True
    assert [(l["record_type"], l["record_id"]) for l in body["links"]] == [("pledge", 3), ("incident", 41)]
    client.post("/api/v1/actions", json=item(due_on=FUTURE, title="Later"), headers=tokens["ada"])
    listed = client.get("/api/v1/actions", params={"org": "AU-COMMISSION"}, headers=tokens["ada"]).json()
    assert [(row["title"], row["overdue"]) for row in listed["items"]] == [(body["title"], True), ("Later", False)]
    overdue = client.get("/api/v1/actions", params={"overdue": True}, headers=tokens["ada"]).json()
    assert [row["id"] for row in overdue["items"]] == [body["id"]]


def test_done_items_are_not_overdue(client, tokens):
    url = client.post("/api/v1/actions", json=item(due_on=PAST), headers=tokens["ada"]).headers["location"]
    done = client.patch(url, json={"status": "done"}, headers={**tokens["ada"], "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["overdue"] is False and done.headers["etag"] == '"2"'
    assert client.get("/api/v1/actions", params={"overdue": True}, headers=tokens["ada"]).json()["total"] == 0


def test_status_moves_only_as_allowed_and_against_the_current_version(client, tokens):
    url = client.post("/api/v1/actions", json=item(), headers=tokens["ada"]).headers["location"]
    assert client.patch(url, json={"status": "in progress"}, headers=tokens["ada"]).status_code == 428
    moved = client.patch(url, json={"status": "in progress"}, headers={**tokens["ada"], "If-Match": '"1"'})
    assert moved.json()["status"] == "in progress" and moved.json()["version"] == 2
    stale = client.patch(url, json={"status": "done"}, headers={**tokens["ada"], "If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    dropped = client.patch(url, json={"status": "dropped"}, headers={**tokens["ada"], "If-Match": '"2"'})
    assert dropped.json()["status"] == "dropped"
    refused = client.patch(url, json={"status": "done"}, headers={**tokens["ada"], "If-Match": '"3"'})
    assert refused.status_code == 422 and "cannot become done" in refused.json()["detail"]


def test_new_links_make_a_new_version(client, tokens):
    url = client.post("/api/v1/actions", json=item(), headers=tokens["ada"]).headers["location"]
    changed = client.patch(url, json={"links": [{"record_type": "budget", "record_id": 7}]},
                           headers={**tokens["ada"], "If-Match": '"1"'})
    assert changed.json()["version"] == 2 and changed.json()["links"] == [{"record_type": "budget", "record_id": 7}]


@pytest.mark.parametrize(("change", "field"), [
    ({"owner": "NOBODY"}, None),
    ({"owner": "lower-case"}, "owner"),
    ({"links": [{"record_type": "horoscope", "record_id": 1}]}, "record_type"),
    ({"links": [{"record_type": "pledge", "record_id": 0}]}, "record_id"),
    ({"title": "   "}, "title"),
    ({"due_on": "2026-02-30"}, "due_on"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_items_get_422_naming_the_problem(client, tokens, change, field):
    answer = client.post("/api/v1/actions", json=item(**change), headers=tokens["ada"])
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    if field:
        assert any(field in error["loc"] for error in detail)
    else:
        assert "NOBODY" in detail


def test_an_organization_sees_and_changes_only_its_own_items(client, tokens):
    au = client.post("/api/v1/actions", json=item(), headers=tokens["ada"]).json()
    france = client.post("/api/v1/actions", json=item(owner="DELEGATION-FRA", title="Send the unit"),
                         headers=tokens["fra1"])
    assert france.status_code == 201
    assert [row["owner"] for row in client.get("/api/v1/actions", headers=tokens["fra1"]).json()["items"]] == ["DELEGATION-FRA"]
    assert client.get(f"/api/v1/actions/{au['id']}", headers=tokens["fra1"]).status_code == 404
    assert client.get("/api/v1/actions", params={"org": "AU-COMMISSION"}, headers=tokens["fra1"]).status_code == 404
    assert client.patch(f"/api/v1/actions/{au['id']}", json={"status": "done"},
                        headers={**tokens["fra1"], "If-Match": '"1"'}).status_code == 404
    assert client.post("/api/v1/actions", json=item(), headers=tokens["fra1"]).status_code == 422
    handed = client.patch(f"/api/v1/actions/{france.json()['id']}", json={"owner": "AU-COMMISSION"},
                          headers={**tokens["fra1"], "If-Match": '"1"'})
    assert handed.status_code == 422
    assert client.get("/api/v1/actions", headers=tokens["ada"]).json()["total"] == 2
    assert client.get("/api/v1/actions").status_code == 401


def test_every_change_is_audited_with_the_owner_state(client, tokens, engine):
    url = client.post("/api/v1/actions", json=item(owner="DELEGATION-FRA"), headers=tokens["fra1"]).headers["location"]
    client.patch(url, json={"status": "in progress"}, headers={**tokens["fra1"], "If-Match": '"1"'})
    with session_scope(engine) as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "action-item")
                                  .order_by(AuditEntry.id)).all()
        assert [(e.action, e.actor, e.owner_iso3) for e in entries] == [("create", "fra1", "FRA"), ("update", "fra1", "FRA")]
        assert (entries[1].before["status"], entries[1].after["status"]) == ("open", "in progress")


def test_assignment_notifies_the_owner_in_the_app(client, tokens):
    created = client.post("/api/v1/actions", json=item(), headers=tokens["ada"]).json()
    mine = client.get("/api/v1/notifications", headers=tokens["au-ops"]).json()["items"]
    assert len(mine) == 1 and f"Action item {created['id']} assigned to AU-COMMISSION" in mine[0]["text"]
    assert client.get("/api/v1/notifications", headers=tokens["fra1"]).json()["total"] == 0
    assert client.post(f"/api/v1/notifications/{mine[0]['id']}/read", headers=tokens["fra1"]).status_code == 404
    read = client.post(f"/api/v1/notifications/{mine[0]['id']}/read", headers=tokens["au-ops"])
    assert read.status_code == 200 and read.json()["read_at"]
    unread = client.get("/api/v1/notifications", params={"unread": True}, headers=tokens["au-desk"])
    assert unread.json()["total"] == 0

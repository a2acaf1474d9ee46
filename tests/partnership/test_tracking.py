"""A match accepted becomes a partnership: agreed -> delivered -> evaluated, each step dated, by whom, audited;
and the pledged unit it fed, read from its PCRS level history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from pko.audit.models import AuditEntry
from pko.db import session_scope
from pko.partnership.lifecycle import readiness_after

BASE = "/api/v1/partnerships"


def test_readiness_after_delivery_reads_the_level_history():
    levels = [("L1", date(2025, 1, 1)), ("L2", date(2025, 6, 1)), ("L3", date(2026, 5, 1))]
    assert readiness_after(levels, None) == {"level_at_delivery": None, "level_now": "L3", "raised": None,
                                             "raised_to": None, "raised_on": None}
    assert readiness_after(levels, date(2026, 3, 1)) == {"level_at_delivery": "L2", "level_now": "L3", "raised": True,
                                                         "raised_to": "L3", "raised_on": date(2026, 5, 1)}
    assert readiness_after(levels, date(2026, 6, 1))["raised"] is False
    assert readiness_after(levels, date(2025, 6, 1))["level_at_delivery"] == "L2"  # reached that day: before


def _setup(client, headers, body):
    """A BGD pledge at L1, a need of BGD linked to it, a French offer, a stored match; the assignment's id."""
    pledge = client.post("/api/v1/forcegen/pledges", headers=headers["bgd"], json={
        "state_iso3": "BGD", "unit_type": "level-2-hospital", "strength": 70, "women_share": 0.2,
        "levels": {"L1": "2025-01-10"}})
    assert pledge.status_code == 201, pledge.text
    need = client.post(f"{BASE}/needs", json=body.need("BGD", pledge_id=pledge.json()["id"]), headers=headers["bgd"])
    assert need.status_code == 201, need.text
    assert client.post(f"{BASE}/offers", json=body.offer("FRA"), headers=headers["fra"]).status_code == 201
    run = client.post(f"{BASE}/match", json={}, headers=headers["fgo"]).json()
    return pledge.json()["id"], need.json()["id"], run["assignments"][0]["id"]


def test_a_partnership_steps_through_its_life_and_shows_the_readiness_it_fed(world, body, engine):
    client, headers = world
    pledge_id, need_id, assignment = _setup(client, headers, body)
    assert client.post(BASE, json={"assignment_id": assignment}, headers=headers["npl"]).status_code == 404
    agreed = client.post(BASE, json={"assignment_id": assignment, "agreed_on": "2026-01-05"}, headers=headers["bgd"])
    assert agreed.status_code == 201, agreed.text
    p = agreed.json()
    assert (p["status"], p["quantity"], p["partner"], p["version"]) == ("agreed", 10, "FRA", 1)
    assert p["capability_fed"] == {"pledge_id": pledge_id, "level_at_delivery": None, "level_now": "L1", "raised": None,
                                   "raised_to": None, "raised_on": None}
    assert client.post(BASE, json={"assignment_id": assignment}, headers=headers["fgo"]).status_code == 409
    assert client.get(f"{BASE}/needs/{need_id}", headers=headers["bgd"]).json()["covered"] == 10
    shrunk = client.patch(f"{BASE}/needs/{need_id}", json={"quantity": 5}, headers=headers["bgd"] | {"If-Match": '"1"'})
    assert shrunk.status_code == 409 and "10 covered" in shrunk.text
    # The need is covered: a new match leaves it out, and the offer's capacity is committed.
    rerun = client.post(f"{BASE}/match", json={}, headers=headers["fgo"]).json()
    assert rerun["assignments"] == [] and rerun["requested"] == 0

    steps = f"{BASE}/{p['id']}/steps"
    assert client.post(steps, json={"step": "evaluated", "taken_on": "2026-03-01"},
                       headers=headers["bgd"] | {"If-Match": '"1"'}).status_code == 409  # not delivered yet
    early = client.post(steps, json={"step": "delivered", "taken_on": "2026-01-01"}, headers=headers["bgd"] | {"If-Match": '"1"'})
    assert early.status_code == 409 and "before agreed" in early.text
    delivered = client.post(steps, json={"step": "delivered", "taken_on": "2026-03-01", "note": "course held"},
                            headers=headers["fra"] | {"If-Match": '"1"'})
    assert delivered.status_code == 200 and delivered.json()["version"] == 2
    stale = client.post(steps, json={"step": "evaluated", "taken_on": "2026-04-01"}, headers=headers["bgd"] | {"If-Match": '"1"'})
    assert stale.status_code == 412
    fed = client.get(f"{BASE}/{p['id']}", headers=headers["bgd"]).json()["capability_fed"]
    assert (fed["level_at_delivery"], fed["raised"]) == ("L1", False)

    # The unit reaches L2 after the training: the partnership shows it.
    assert client.post(f"/api/v1/forcegen/pledges/{pledge_id}/levels", json={"level": "L2", "reached_on": "2026-04-15"},
                       headers=headers["bgd"]).status_code == 200
    evaluated = client.post(steps, json={"step": "evaluated", "taken_on": "2026-05-01"}, headers=headers["fgo"] | {"If-Match": '"2"'})
    shown = evaluated.json()
    assert shown["status"] == "evaluated" and shown["evaluated_on"] == "2026-05-01"
    assert [(s["step"], s["taken_on"], s["actor"]) for s in shown["steps"]] == [
        ("agreed", "2026-01-05", "bgd"), ("delivered", "2026-03-01", "fra"), ("evaluated", "2026-05-01", "fgo")]
    assert shown["capability_fed"] == {"pledge_id": pledge_id, "level_at_delivery": "L1", "level_now": "L2",
                                       "raised": True, "raised_to": "L2", "raised_on": "2026-04-15"}
    assert client.post(steps, json={"step": "evaluated", "taken_on": "2026-06-01"},
                       headers=headers["fgo"] | {"If-Match": '"3"'}).status_code == 409  # no step after evaluated

    # Who sees it: both parties and the Secretariat; the AU reads it without the pledge's levels; not NPL.
    assert client.get(f"{BASE}/{p['id']}", headers=headers["npl"]).status_code == 404
    assert client.get(BASE, headers=headers["npl"]).json()["total"] == 0
    assert client.get(f"{BASE}?status=evaluated", headers=headers["fra"]).json()["total"] == 1
    assert client.get(f"{BASE}/{p['id']}", headers=headers["fra"]).json()["capability_fed"]["raised"] is None
    assert client.get(f"{BASE}/{p['id']}", headers=headers["au"]).json()["capability_fed"]["level_now"] is None
    with session_scope(engine) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.record_type == "partnership")
                                  .order_by(AuditEntry.id)).all()
    assert actions == ["agreed", "delivered", "evaluated"]


def test_an_assignment_that_no_longer_fits_is_refused(world, body):
    client, headers = world
    _, need_id, assignment = _setup(client, headers, body)
    assert client.patch(f"{BASE}/offers/1", json={"capacity": 4}, headers=headers["fra"] | {"If-Match": '"1"'}).status_code == 200
    refused = client.post(BASE, json={"assignment_id": assignment}, headers=headers["fgo"])
    assert refused.status_code == 409 and "run the match again" in refused.text
    rerun = client.post(f"{BASE}/match", json={}, headers=headers["fgo"]).json()
    assert rerun["assignments"][0]["quantity"] == 4
    assert rerun["unmatched"] == {str(need_id): "covered 4 of 10: the eligible offers' capacity is not enough"}

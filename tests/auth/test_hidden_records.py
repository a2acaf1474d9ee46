"""Another state's record answers exactly as a missing one: on every route that takes the id of a record owned by a
state or an organization, the same status and the same body (but for the id), so that guessing ids tells nothing."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pko.actions.models import Notification
from pko.auth import service
from pko.auth.permissions import api_routes
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
MISSING = 999_999
OWNED = {"pledge_id", "need_id", "offer_id", "partnership_id", "meeting_id", "participant_id", "decision_id",
         "action_id", "notification_id", "support_request_id", "joint_review_id"}
NEED = {"category": "training", "capability": "medical", "quantity": 10, "starts_on": "2026-01-01", "ends_on": "2026-03-01",
        "place": "Entebbe", "languages": ["English"]}
OFFER = {"category": "training", "capability": "medical", "capacity": 10, "starts_on": "2026-01-01", "ends_on": "2026-12-01",
         "place": "Kathmandu", "languages": ["English"]}
MEETING = {"kind": "triangular", "title": "Triangular consultation on MINUSMA", "mission": "MINUSMA", "held_on": "2014-06-02",
           "participants": [{"state_iso3": "NPL", "capacity": "contributor"}, {"organization_code": "UN-DPO"}]}


@pytest.fixture
def hidden(engine, database_url, run_cli, data_dir, monkeypatch):
    """Records of Nepal and of the Secretariat, made by an administrator; callers of Bangladesh and of the AU."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        for name, role, code in (("admin", "secretariat-admin", "UN-DPO"), ("bgd", "state-delegate", None),
                                 ("au", "au-officer", "AU-COMMISSION")):
            code = code or service.delegation(session, "BGD").code
            service.delegation(session, "NPL")
            service.create_user(session, username=name, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            headers[name] = {"Authorization": f"Bearer {service.create_token(session, username=name, name='t', actor='t')[0]}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    admin = headers["admin"]

    def made(path: str, body: dict) -> int:
        answer = client.post(path, json=body, headers=admin)
        assert answer.status_code in (200, 201), (path, answer.text)
        return answer.json()["id"]

    ids = {"pledge_id": made("/api/v1/forcegen/pledges", {"state_iso3": "NPL", "unit_type": "infantry-battalion",
                                                          "strength": 850, "women_share": 0.1, "levels": {"L1": "2024-01-10"}}),
           "need_id": made("/api/v1/partnerships/needs", NEED | {"state_iso3": "NPL"}),
           "offer_id": made("/api/v1/partnerships/offers", OFFER | {"partner": "DEU"})}
    assignment = client.post("/api/v1/partnerships/match", json={"time_limit": 5}, headers=admin).json()["assignments"][0]["id"]
    ids["partnership_id"] = made("/api/v1/partnerships", {"assignment_id": assignment})
    meeting = client.post("/api/v1/consultations", json=MEETING, headers=admin).json()
    ids |= {"meeting_id": meeting["id"], "participant_id": meeting["participants"][0]["id"]}
    ids["decision_id"] = made("/api/v1/consultations/decisions", {"meeting_id": meeting["id"], "decided_by": "UN-SC",
                                                                   "decided_on": "2014-06-25", "text": "Renew."})
    ids["action_id"] = made("/api/v1/actions", {"title": "Follow up", "owner": "DELEGATION-NPL", "due_on": "2030-01-01"})
    ids["support_request_id"] = made("/api/v1/support-requests", {
        "kind": "logistics", "requesting": "AU-COMMISSION", "mission": "AMISOM", "description": "Fuel", "submitted_on": "2020-01-01"})
    ids["joint_review_id"] = made("/api/v1/joint-reviews", {"mission": "AMISOM", "held_on": "2020-02-01",
                                                           "participants": ["UN-DPO"]})
    with session_scope(engine) as session:
        ids["notification_id"] = session.scalar(select(Notification.id).where(Notification.organization_code == "DELEGATION-NPL"))
    yield client, headers, ids
    get_settings.cache_clear()


VERSION = {"If-Match": '"1"'}
CALLS = [  # (caller, method, path, body): each route that takes the id of an owned record, with a body it would accept
    ("bgd", "POST", "/api/v1/forcegen/pledges/{pledge_id}/levels", {"level": "L2", "reached_on": "2025-01-01"}),
    ("bgd", "GET", "/api/v1/partnerships/needs/{need_id}", None),
    ("bgd", "PATCH", "/api/v1/partnerships/needs/{need_id}", {"quantity": 12}),
    ("bgd", "GET", "/api/v1/partnerships/offers/{offer_id}", None),
    ("bgd", "PATCH", "/api/v1/partnerships/offers/{offer_id}", {"capacity": 12}),
    ("bgd", "GET", "/api/v1/partnerships/{partnership_id}", None),
    ("bgd", "POST", "/api/v1/partnerships/{partnership_id}/steps", {"step": "delivered", "taken_on": "2030-01-01"}),
    ("bgd", "GET", "/api/v1/consultations/{meeting_id}", None),
    ("bgd", "GET", "/api/v1/consultations/decisions/{decision_id}", None),
    ("au", "PATCH", "/api/v1/consultations/{meeting_id}", {"place": "Addis Ababa"}),
    ("au", "POST", "/api/v1/consultations/{meeting_id}/participants", {"person": "A. Envoy"}),
    ("au", "PATCH", "/api/v1/consultations/{meeting_id}/participants/{participant_id}", {"status": "attended"}),
    ("au", "PATCH", "/api/v1/consultations/decisions/{decision_id}", {"text": "Renew for a year."}),
    ("bgd", "GET", "/api/v1/actions/{action_id}", None),
    ("bgd", "PATCH", "/api/v1/actions/{action_id}", {"title": "Mine now"}),
    ("bgd", "POST", "/api/v1/notifications/{notification_id}/read", None),
    ("bgd", "GET", "/api/v1/support-requests/{support_request_id}", None),
    ("bgd", "PATCH", "/api/v1/support-requests/{support_request_id}", {"description": "More fuel"}),
    ("bgd", "GET", "/api/v1/joint-reviews/{joint_review_id}", None),
    ("bgd", "PATCH", "/api/v1/joint-reviews/{joint_review_id}", {"findings": "None"}),
]


def test_every_owned_record_route_is_compared():
    from pko.app import create_app

    taking = {(method, route.path) for route in api_routes(create_app().routes) for method in route.methods - {"HEAD"}
              if route.path.startswith("/api/") and set(re.findall(r"\{(\w+)\}", route.path)) & OWNED}
    assert taking == {(method, path) for _, method, path, _ in CALLS}


def test_another_states_record_answers_as_a_missing_one(hidden):
    client, headers, ids = hidden
    different = []
    for caller, method, path, body in CALLS:
        names = re.findall(r"\{(\w+)\}", path)
        seen = client.request(method, path.format(**ids), json=body, headers=headers[caller] | VERSION)
        gone = client.request(method, path.format(**{name: MISSING for name in names}), json=body,
                              headers=headers[caller] | VERSION)
        seen_text = seen.text
        for name in names:
            seen_text = re.sub(rf"\b{ids[name]}\b", "ID", seen_text)
        if (seen.status_code, seen_text) != (gone.status_code, gone.text.replace(str(MISSING), "ID")) or seen.status_code != 404:
            different.append(f"{caller} {method} {path}: {seen.status_code} {seen.text[:150]} | {gone.status_code} {gone.text[:150]}")
    assert different == []


@pytest.mark.parametrize("path", ["/api/v1/finance/arrears", "/api/v1/finance/payments/states?year=2019",
                                  "/api/v1/finance/total-contributions?year=2019", "/api/v1/finance/export.xlsx"])
def test_another_states_bills_answer_as_a_missing_states(hidden, path):
    client, headers, _ = hidden
    joined = "&" if "?" in path else "?"
    seen = client.get(f"{path}{joined}country=NPL", headers=headers["bgd"])
    gone = client.get(f"{path}{joined}country=ZZZ", headers=headers["bgd"])
    assert seen.status_code == gone.status_code == 404
    assert seen.text.replace("NPL", "X") == gone.text.replace("ZZZ", "X")

"""Every route, called by every role and by no one: each answers exactly as the documented matrix says."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.auth.permissions import api_routes, declared
from pko.auth.roles import ROLES, scope_of
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
ORGANIZATIONS = {"force-generation-officer": "UN-DPO", "safety-officer": "UN-DOS", "finance-officer": "UN-SECRETARIAT",
                 "secretariat-admin": "UN-DPO", "au-officer": "AU-COMMISSION"}
STATES = {"state-delegate": "BGD", "council-delegate": "CIV"}
SAMPLE = {  # a value for each path parameter name, one per line
    "acronym": "MINUSMA",
    "mission": "MINUSMA",
    "iso3": "BGD",
    "run_id": "1",
    "mandate_id": "1",
    "incident_id": "1",
    "code": "UN-DPO",
    "pledge_id": "1",
    "action_id": "1",
    "notification_id": "1",
    "support_request_id": "1",
    "joint_review_id": "1",
    "need_id": "1",
    "offer_id": "1",
    "partnership_id": "1",
    "meeting_id": "1",
    "participant_id": "1",
    "decision_id": "1",
    "username": "nobody",
    "network_id": "1",
}


@pytest.fixture
def setting(engine, database_url, run_cli, data_dir, monkeypatch):
    """A client and one bearer token per role (None for no login)."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    tokens: dict[str, str | None] = {"public": None}
    with session_scope(engine) as session:
        for role in ROLES:
            if role == "public":
                continue
            code = service.delegation(session, STATES[role]).code if role in STATES else ORGANIZATIONS[role]
            service.create_user(session, username=role, password=PASSWORD, organization_code=code, roles=[role], actor="test")
            tokens[role], _ = service.create_token(session, username=role, name="matrix", actor="test")
    run_cli("import", "sc-membership", str(data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"))
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    monkeypatch.setenv("PKO_COUNCIL_YEAR", "2019")  # Côte d'Ivoire held a seat
    get_settings.cache_clear()
    from pko.app import create_app

    app = create_app()
    yield app, TestClient(app, follow_redirects=False), tokens
    get_settings.cache_clear()


def test_every_route_for_every_role_answers_as_documented(setting):
    app, client, tokens = setting
    calls, wrong = 0, []
    for route in api_routes(app.routes):
        resource, action = declared(route)
        path = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: SAMPLE[m.group(1)], route.path)
        for method in sorted(route.methods - {"HEAD"}):
            for role, token in tokens.items():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                answer = client.request(method, path, headers=headers, json={} if method != "GET" else None)
                calls += 1
                allowed = scope_of((role,), resource, action) is not None
                denied = answer.status_code in (401, 403) or (
                    answer.status_code == 303 and answer.headers["location"].startswith("/login"))
                # The public is asked to sign in (401, or a page's redirect to /login); an account is refused (403).
                right_refusal = answer.status_code == 403 if token else answer.status_code in (401, 303)
                if allowed == denied or (denied and not right_refusal):
                    wrong.append(f"{role} {method} {path} ({resource}:{action}) -> {answer.status_code}")
    assert wrong == []
    assert calls > 250

"""The whole OpenAPI fuzzed as each role (writes included): never a 5xx, every refusal with a message."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pko.auth import service
from pko.auth.roles import ROLES
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
HOME = {"state-delegate": "BGD", "council-delegate": "CIV"}


@pytest.fixture
def as_roles(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {"public": {}}
    with session_scope(engine) as session:
        for role in ROLES:
            if role == "public":
                continue
            code = service.delegation(session, HOME[role]).code if role in HOME else "UN-DPO"
            service.create_user(session, username=role, password=PASSWORD, organization_code=code, roles=[role], actor="test")
            token, _ = service.create_token(session, username=role, name="fuzz", actor="test")
            headers[role] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app()), headers
    get_settings.cache_clear()


def test_each_role_meets_no_server_error(as_roles):
    schema, headers = as_roles
    operations = [result.ok() for result in schema.get_all_operations()]
    for role, role_headers in headers.items():
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def call(case):
                response = case.call(headers=role_headers)
                where = f"{role}: {case.method} {case.formatted_path} {case.query} {case.body!r:.200}"
                assert response.status_code < 500, f"{where}: {response.text[:300]}"
                if 400 <= response.status_code < 500:
                    assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

            call()

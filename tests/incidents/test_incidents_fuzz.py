"""The incident routes fuzzed from the OpenAPI document as a safety officer (who may read and write them):
never a 5xx, and every refusal says why."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope


@pytest.fixture
def fuzzed(engine, database_url, run_cli, acled_file, monkeypatch):
    assert run_cli("incidents", "import", "acled", str(acled_file)).exit_code == 0
    with session_scope(engine) as session:
        accounts.create_user(session, username="sam", password="correct horse battery", organization_code="UN-DOS",
                             roles=["safety-officer"], actor="test")
        token, _ = accounts.create_token(session, username="sam", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app()), {"Authorization": f"Bearer {token}"}
    get_settings.cache_clear()


def test_incident_routes_never_fail_with_a_server_error(fuzzed):
    schema, headers = fuzzed
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [operation for operation in operations if operation.path.startswith("/api/v1/incidents")]
    assert len(operations) == 7
    statuses = set()

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            response = case.call(headers={**headers, **({"If-Match": '"1"'} if case.method == "PATCH" else {})})
            where = f"{case.method} {case.formatted_path} {case.query} {case.body}"
            statuses.add(response.status_code)
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if 400 <= response.status_code < 500:
                assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

        call()
    assert {200, 422} <= statuses  # the fuzzer got through to the routes, not only to the permission check

"""The force-generation routes fuzzed from the OpenAPI document as a force-generation officer: never a 5xx, every
refusal says why (bodies, paging, solver and what-if values included)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings


def test_forcegen_routes_never_answer_5xx(api):
    client, officer, _ = api
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in operations if op.path.startswith("/api/v1/forcegen/")]
    assert {op.path for op in mine} >= {"/api/v1/forcegen/plan", "/api/v1/forcegen/pledges", "/api/v1/forcegen/requirements"}

    for operation in mine:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            response = case.call(headers=officer)
            where = f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:200]}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if 400 <= response.status_code < 500:
                assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

        call()

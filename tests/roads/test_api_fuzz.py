"""The road-network routes fuzzed from their OpenAPI schema as a safety officer over a stored network: no 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pko.auth import service as auth
from pko.config import get_settings
from pko.db import session_scope

from .networks import MID_AB, kite, store_incident


@pytest.fixture
def officer_schema(engine, database_url, run_cli, tmp_path, monkeypatch):
    run_cli("routes", "import", kite(tmp_path))
    store_incident(engine, MID_AB, __import__("datetime").date(2024, 5, 1))
    with session_scope(engine) as session:
        auth.create_user(session, username="ada", password="correct horse battery", organization_code="UN-DOS",
                         roles=["safety-officer"], actor="test")
        token, _ = auth.create_token(session, username="ada", name="fuzz", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app()), {"Authorization": f"Bearer {token}"}
    get_settings.cache_clear()


def test_no_server_error_on_road_routes(officer_schema):
    schema, headers = officer_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/api/v1/roads")]
    assert len(operations) == 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            if "network_id" in (case.path_parameters or {}) and case.path_parameters["network_id"] > 2:
                case.path_parameters["network_id"] = 1
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path} {case.body!r:.200}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if 400 <= response.status_code < 500:
                assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

        call()

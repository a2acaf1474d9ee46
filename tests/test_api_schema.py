"""Every API operation, fuzzed from the OpenAPI document over the loaded record: never a 5xx,
and every refusal (4xx) says why."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from pko.config import get_settings


@pytest.fixture(scope="module")
def api_schema(loaded_url):
    saved = os.environ.get("PKO_DATABASE_URL")
    os.environ["PKO_DATABASE_URL"] = loaded_url
    get_settings.cache_clear()
    from pko.app import create_app

    yield schemathesis.openapi.from_asgi("/openapi.json", create_app())
    if saved is None:
        os.environ.pop("PKO_DATABASE_URL")
    else:
        os.environ["PKO_DATABASE_URL"] = saved
    get_settings.cache_clear()


def test_no_server_error_and_refusals_explain_themselves(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            response = case.call()
            where = f"{case.method} {case.formatted_path} {case.query}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if 400 <= response.status_code < 500:
                assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

        call()

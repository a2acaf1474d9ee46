"""The partnership routes fuzzed from the OpenAPI document, signed in as force generation and as a state
delegate, over a record holding needs, offers, a match and a partnership: never a 5xx, every refusal says why."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings


def test_no_server_error_when_signed_in(world, body):
    client, headers = world
    fgo = headers["fgo"]
    assert client.post("/api/v1/partnerships/needs", json=body.need("BGD"), headers=fgo).status_code == 201
    assert client.post("/api/v1/partnerships/offers", json=body.offer("FRA"), headers=fgo).status_code == 201
    assignment = client.post("/api/v1/partnerships/match", json={}, headers=fgo).json()["assignments"][0]["id"]
    assert client.post("/api/v1/partnerships", json={"assignment_id": assignment}, headers=fgo).status_code == 201
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path.startswith("/api/v1/partnerships")]
    assert len(operations) == 14

    for operation in operations:
        for who in ("fgo", "bgd"):

            @given(case=operation.as_strategy())
            @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def call(case):
                response = case.call(headers=headers[who])
                where = f"{who} {case.method} {case.formatted_path} {case.query} {case.body}"
                assert response.status_code < 500, f"{where}: {response.text[:300]}"
                if 400 <= response.status_code < 500:
                    assert response.json().get("detail"), f"{where}: {response.status_code} without a message"

            call()

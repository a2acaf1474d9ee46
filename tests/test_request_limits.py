"""Request limits: a large body is refused while it streams, a 422 shows a bounded excerpt, JSON no route
can store (NaN, Infinity, deep nesting, NUL) is a clear 422."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from pko.config import get_settings

SCALE = "/api/v1/finance/peacekeeping-scale?period=2019-2021"


@pytest.fixture
def app(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield create_app()
    get_settings.cache_clear()


@pytest.fixture
def client(app):
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def server(app):
    """The application served by uvicorn in a thread: its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield port
    running.should_exit = True
    thread.join(10)


def test_a_5_mb_json_array_is_refused_quickly_with_a_small_413(client):
    body = json.dumps([{"iso3": "AFG", "level": "Q" * 40}] * 100_000).encode()
    assert len(body) > 5_000_000
    started = time.perf_counter()
    answer = client.post(SCALE, content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert time.perf_counter() - started < 2
    assert len(answer.content) < 1000


def test_a_422_shows_at_most_20_problems_with_short_inputs(client):
    body = [{"iso3": "x" * 5000, "level": ["not", "a", "level"]} for _ in range(150)]
    answer = client.post(SCALE, json=body)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert len(detail) == 21 and detail[-1]["type"] == "more_errors" and "more problems" in detail[-1]["msg"]
    assert all(len(json.dumps(problem)) < 400 for problem in detail)
    assert len(answer.content) < 10_000


@pytest.mark.parametrize("path", [SCALE, "/api/v1/safety/hotspots", "/api/v1/safety/routes/plan"])
@pytest.mark.parametrize("body", [
    b'[{"iso3": "AFG", "level": NaN}]', b'{"resolution": Infinity, "incidents": []}', b'{"k": -Infinity}',
    b"[" * 600 + b"]" * 600, b'{"a": ' * 900 + b"1" + b"}" * 900,
], ids=["nan", "infinity", "minus-infinity", "600-deep", "900-deep"])
def test_json_no_route_can_answer_is_a_clear_422(client, path, body):
    answer = client.post(path, content=body, headers={"content-type": "application/json"})
    assert answer.status_code in (400, 422), answer.text
    message = answer.json()["detail"][0]["msg"]
    assert "not a JSON number" in message or "nested more than" in message


def test_a_nul_in_a_json_string_or_a_multipart_field_is_refused(client):
    answer = client.post(SCALE, json=[{"iso3": "AF\x00G", "level": "A"}])
    assert answer.status_code == 422 and "NUL" in answer.json()["detail"][0]["msg"]
    answer = client.post("/login", files={"username": (None, "admin\x00"), "password": (None, "x"), "csrf": (None, "x")})
    assert answer.status_code == 422 and "NUL" in answer.text


def test_an_upload_route_takes_more_than_the_general_limit(client):
    incidents = [{"latitude": 16.0 + i * 1e-5, "longitude": -3.0, "date": "2020-01-01"} for i in range(25_000)]
    body = json.dumps({"incidents": incidents, "resolution": 7}).encode()
    assert len(body) > get_settings().max_body_bytes
    answer = client.post("/api/v1/safety/hotspots", content=body, headers={"content-type": "application/json"})
    assert answer.status_code != 413


def _post_50_mb(port: int, chunked: bool) -> tuple[bytes, float]:
    """Post 50 MB to the finance scale (chunked, or with its Content-Length); the status line and the seconds to it."""
    size, piece = 50_000_000, b"[" + b"1," * 500_000
    head = f"POST {SCALE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {size}\r\n\r\n"
    connection = socket.create_connection(("127.0.0.1", port))
    connection.settimeout(5)

    def send_all():
        try:
            connection.sendall(head.encode())
            for _ in range(size // len(piece)):
                connection.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        except OSError:
            pass  # the server stopped reading: expected

    started = time.perf_counter()
    sender = threading.Thread(target=send_all, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = connection.recv(4096)
            if not data:
                break
            answer += data
    finally:
        seconds = time.perf_counter() - started
        connection.close()
        sender.join(5)
    return answer.split(b"\r\n", 1)[0], seconds


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_50_mb_body_is_refused_within_a_second_while_reads_keep_answering(server, chunked):
    import httpx

    latencies: list[float] = []
    stop = threading.Event()

    def read_meanwhile():
        with httpx.Client(base_url=f"http://127.0.0.1:{server}") as reader:
            while not stop.is_set():
                started = time.perf_counter()
                assert reader.get("/api/v1/finance/parameters").status_code == 200
                latencies.append(time.perf_counter() - started)

    reading = threading.Thread(target=read_meanwhile, daemon=True)
    reading.start()
    try:
        status, seconds = _post_50_mb(server, chunked)
    finally:
        time.sleep(0.2)
        stop.set()
        reading.join(10)
    assert status.startswith(b"HTTP/1.1 413"), status
    assert seconds < 1
    assert latencies and max(latencies) < 1

"""What the browser tests share: uvicorn on a free loopback port, headless Chromium and a watched page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

CHROMIUM = Path(os.environ.get("PKO_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    """A loopback port no one listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(database_url: str) -> Iterator[str]:
    """uvicorn serving the app over database_url on a free loopback port; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "pko.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "PKO_DATABASE_URL": database_url},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urlopen(base + "/static/pko.css", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait(timeout=10)
                pytest.fail(f"uvicorn did not start on {base}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def chromium():
    """A launched headless Chromium; without one the test fails under CI and is skipped elsewhere."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: .ci/run must install it")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def watch(page, failed_requests: bool = False) -> tuple[list[str], set[str]]:
    """The page's console and page errors (and failed requests if asked) and every host it asks; only 127.0.0.1 answers."""
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    if failed_requests:
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))

    def route(request_route):
        url = urlsplit(request_route.request.url)
        if url.scheme not in ("data", "blob"):
            hosts.add(url.hostname or "")
            if url.hostname != "127.0.0.1":
                return request_route.abort()
        return request_route.continue_()

    page.route("**/*", route)
    return errors, hosts

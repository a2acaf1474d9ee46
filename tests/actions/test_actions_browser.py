"""The /actions page in real headless Chromium: an overdue item flagged, its status moved through the form, a stale
tab refused, a notification marked read; nothing errs and nothing leaves 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from pko.actions import service
from pko.actions.schemas import ActionCreate
from pko.auth import service as accounts
from pko.db import session_scope

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("PKO_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct horse battery"
STALE_NOTICE = "Failed to load resource: the server responded with a status of 409 (Conflict)"


@pytest.fixture
def server(engine, database_url):
    """uvicorn over a fresh database with one AU officer and one overdue item of the AU Commission."""
    with session_scope(engine) as session:
        accounts.create_user(session, username="ops@au.example.org", password=PASSWORD,
                             organization_code="AU-COMMISSION", roles=["au-officer"], actor="test")
        service.create_action(session, actor="test", data=ActionCreate(
            title="Deliver the rations", owner="AU-COMMISSION", due_on="2020-01-15"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "pko.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"], env={**os.environ, "PKO_DATABASE_URL": database_url})
    base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 30
    while True:
        try:
            with urlopen(base + "/static/pko.css", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"uvicorn did not start on {base}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def context(server):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=server)
        browser.close()


def _watch(page) -> tuple[list[str], set[str]]:
    errors, hosts = [], set()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(request_route):
        url = urlsplit(request_route.request.url)
        hosts.add(url.hostname or "")
        return request_route.abort() if url.hostname != "127.0.0.1" else request_route.continue_()

    page.route("**/*", route)
    return errors, hosts


def test_status_change_stale_tab_and_notification(context):
    page, other = context.new_page(), context.new_page()
    errors, hosts = _watch(page)
    other_errors, _ = _watch(other)
    page.goto("/login?next=/actions", wait_until="networkidle")
    page.fill("input[name=username]", "ops@au.example.org")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    row = page.locator("#action-1")
    assert "OVERDUE" in row.inner_text().upper() and row.locator("td").nth(4).inner_text() == "open"

    other.goto("/actions", wait_until="networkidle")  # a second tab, loaded at version 1
    row.locator("select[name=status]").select_option("in progress")
    with page.expect_navigation():
        row.locator("button").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("#action-1")
    assert row.locator("td").nth(4).inner_text() == "in progress" and row.locator("input[name=version]").get_attribute("value") == "2"

    stale = other.locator("#action-1")
    stale.locator("select[name=status]").select_option("done")
    stale.locator("button").click()
    alert = other.locator("#form-errors [role=alert]")
    alert.wait_for()
    assert "version 2, not 1" in alert.inner_text()

    assert page.locator("#notifications li.unread").count() == 1
    with page.expect_navigation():
        page.locator("#notifications button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#notifications li.unread").count() == 0
    assert errors == [] and other_errors == [STALE_NOTICE] and hosts == {"127.0.0.1"}

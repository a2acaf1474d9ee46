"""The /actions page in real headless Chromium: an overdue item flagged, its status moved through the form, a stale
tab refused, a notification marked read; nothing errs and nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from browser import chromium, serve, watch
from pko.actions import service
from pko.actions.schemas import ActionCreate
from pko.auth import service as accounts
from pko.db import session_scope

pytestmark = pytest.mark.browser

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
    with serve(database_url) as base:
        yield base


@pytest.fixture
def context(server):
    with chromium() as browser:
        yield browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=server)


def test_status_change_stale_tab_and_notification(context):
    page, other = context.new_page(), context.new_page()
    errors, hosts = watch(page)
    other_errors, _ = watch(other)
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

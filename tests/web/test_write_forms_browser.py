"""The write forms in real headless Chromium: sign in, record an AU-led mission on /records, edit it, meet a
stale-version message when another tab saved first, record a mandate and take a lifecycle step; nothing errs
and nothing leaves 127.0.0.1."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser import chromium, serve, watch
from pko.auth import service as accounts
from pko.db import session_scope

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
# Chromium's own network notice for the one refusal this walk provokes on purpose (the stale edit);
# htmx itself reports nothing, as the page hands it 409 as an answer to show.
STALE_NOTICE = "Failed to load resource: the server responded with a status of 409 (Conflict)"


@pytest.fixture
def server(engine, database_url, run_cli, data_dir):
    """uvicorn over a fresh database holding the member states and one Secretariat administrator."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
    with serve(database_url) as base:
        yield base


@pytest.fixture
def context(server):
    with chromium() as browser:
        yield browser.new_context(viewport={"width": 1440, "height": 1000}, base_url=server)


class Tab:
    """A page that records console errors, page errors, failed requests, refusals and every host asked."""

    def __init__(self, page):
        self.page = page
        self.refusals: list[int] = []
        self.errors, self.hosts = watch(page, failed_requests=True)
        page.on("response", lambda response: response.status >= 400 and self.refusals.append(response.status))

    def open(self, path: str):
        self.page.goto(path, wait_until="networkidle")
        return self.page


def _row(page, acronym: str):
    return page.locator("tr", has=page.locator(f"a:text-is('{acronym}')"))


def test_records_edits_stale_version_and_mandate_step(context):
    first, second = Tab(context.new_page()), Tab(context.new_page())
    page = first.open("/login?next=/records")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert urlsplit(page.url).path == "/records"

    # Record ATMIS, an AU-led operation, with the body that mandated it and its Council authorization.
    form = page.locator("form[hx-post='/records/missions']")
    form.locator("input[name=acronym]").fill("ATMIS")
    form.locator("input[name=country_iso3]").fill("SOM")
    form.locator("input[name=mandating_body]").fill("AU Peace and Security Council")
    form.locator("input[name=council_authorization]").fill("S/RES/2628 (2022)")
    with page.expect_navigation():
        form.locator("button").click()
    row = _row(page, "ATMIS")
    assert "African Union Transition Mission in Somalia" in row.inner_text()
    assert "AU Peace and Security Council" in row.inner_text() and "S/RES/2628 (2022)" in row.inner_text()

    # Edit it: the form carries version 1 and the list comes back at version 2.
    row.locator("input[name=hq]").fill("Mogadishu")
    with page.expect_navigation():
        row.locator("button").click()
    row = _row(page, "ATMIS")
    assert "Mogadishu" in row.inner_text() and row.locator("input[name=version]").get_attribute("value") == "2"

    # A second tab loaded at version 2 saves first; the first tab's save at version 2 is refused, not applied.
    other = second.open("/records")
    other_row = _row(other, "ATMIS")
    other_row.locator("input[name=hq]").fill("Baidoa")
    with other.expect_navigation():
        other_row.locator("button").click()
    row.locator("input[name=hq]").fill("Nairobi")
    row.locator("button").click()
    alert = page.locator("#form-errors [role=alert]")
    alert.wait_for()
    assert "at version 3, not 2" in alert.inner_text() and "reload" in alert.inner_text()
    assert page.url.endswith("/records") and first.refusals == [409]
    page.reload(wait_until="networkidle")
    assert "Baidoa" in _row(page, "ATMIS").inner_text() and "Nairobi" not in page.content()

    # The mission page shows who mandated it and the Council's authorization.
    page = first.open("/missions/ATMIS")
    facts = page.locator("dl.facts").inner_text()
    assert "AU Peace and Security Council" in facts and "S/RES/2628 (2022)" in facts

    # Record a mandate in draft, then adopt it on its page.
    page = first.open("/mandates")
    form = page.locator("form[hx-post='/mandates']")
    form.locator("input[name=mission]").fill("ATMIS")
    form.locator("input[name=resolution]").fill("S/RES/2628 (2022)")
    form.locator("input[name=military_ceiling]").fill("19626")
    form.locator("button").click()
    link = page.locator("#mandates-table a", has_text="S/RES/2628 (2022)")
    link.wait_for()
    with page.expect_navigation():
        link.click()
    assert page.locator("h1 .tag").text_content() == "draft"
    step = page.locator("form[hx-post$='/steps']")
    step.locator("select[name=step]").select_option("adopted")
    step.locator("input[name=taken_on]").fill("2022-03-31")
    with page.expect_navigation():
        step.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1 .tag").text_content() == "adopted"
    assert "2022-03-31" in page.locator("table").first.inner_text()
    assert re.search(r"version 2", page.locator(".lede").inner_text())

    assert first.errors == [STALE_NOTICE] and second.errors == [] and second.refusals == []
    assert first.hosts == second.hosts == {"127.0.0.1"}

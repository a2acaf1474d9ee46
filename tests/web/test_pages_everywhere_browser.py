"""Every page in Chromium on a phone (390×844) and a desktop (1440×900): nothing wider than the window, no console
error, no serious or critical axe-core violation, a menu button on the phone that works without JavaScript, a skip
link; refusals come as pages in the frame."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import chromium, serve, watch
from pko.auth import service as accounts
from pko.db import engine_for, session_scope

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
PUBLIC_PAGES = ["/", "/missions", "/missions/MINUSMA", "/states", "/states/BGD", "/contributions", "/safety",
                "/sources", "/finance", "/force-generation", "/mandates", "/records", "/routes", "/login"]
SIGNED_IN_PAGES = ["/force-generation/pledges", "/force-generation/plan", "/audit", "/partnerships", "/incidents",
                   "/actions", "/accounts", "/consultations", "/consultations/month"]
SIZES = [(390, 844), (1440, 900)]
OVERFLOW = """() => document.documentElement.scrollWidth - window.innerWidth"""
# axe-core (vendored from npm) run in the page: the serious and critical violations, each with where it was found.
AXE = """() => axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.map(node => node.target.join(" ")).join(", ")))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, data_dir):
    """uvicorn over the whole public record, with an administrator and a state delegate."""
    from conftest import new_database_url
    from pko.sources.importer import import_all

    url = new_database_url(tmp_path_factory.mktemp("everywhere"))
    import_all(engine_for(url), data_dir)
    with session_scope(engine_for(url)) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        accounts.create_user(session, username="bgd1", password=PASSWORD,
                             organization_code=accounts.delegation(session, "BGD").code, roles=["state-delegate"], actor="test")
    with serve(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")


@pytest.mark.parametrize("width,height", SIZES)
def test_every_page_fits_the_window_without_console_errors(browser, server, width, height):
    context = browser.new_context(base_url=server, viewport={"width": width, "height": height})
    page = context.new_page()
    errors, hosts = watch(page)
    wide, violations = {}, {}
    for path in PUBLIC_PAGES + ["SIGN-IN"] + SIGNED_IN_PAGES:
        if path == "SIGN-IN":
            sign_in(page, "ada")
            continue
        answer = page.goto(path, wait_until="networkidle")
        assert answer.status == 200, path
        if (excess := page.evaluate(OVERFLOW)) > 0:
            wide[path] = excess
        page.add_script_tag(url="/static/vendor/axe.min.js")
        if found := page.evaluate(AXE):
            violations[path] = found
    assert wide == {} and violations == {} and errors == [] and hosts == {"127.0.0.1"}
    context.close()


@pytest.mark.parametrize("scripts", [True, False])
def test_the_phone_menu_opens_from_its_button_and_the_skip_link_leads_to_the_content(browser, server, scripts):
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 844}, java_script_enabled=scripts)
    page = context.new_page()
    page.goto("/missions")
    menu = page.locator("nav[aria-label=Main]")
    assert not menu.is_visible() and page.locator(".menu-button").is_visible()
    page.click(".menu-button")
    assert menu.is_visible() and menu.locator("a[href='/safety']").is_visible()
    with page.expect_navigation():
        menu.locator("a[href='/safety']").click()
    assert urlsplit(page.url).path == "/safety" and not page.locator("nav[aria-label=Main]").is_visible()

    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip" and skip.is_visible()
    assert skip.get_attribute("href") == "#main" and page.locator("main#main").count() == 1
    page.set_viewport_size({"width": 1440, "height": 900})
    assert page.locator("nav[aria-label=Main]").is_visible() and not page.locator(".menu-button").is_visible()
    context.close()


def test_the_mission_page_leads_to_its_mandates_requirements_consultations_and_incidents(browser, server):
    context = browser.new_context(base_url=server)
    page = context.new_page()
    page.goto("/missions/MINUSMA")
    links = page.locator("nav[aria-label='About this mission'] a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs[:4] == ["/mandates#mandates-table", "/force-generation/missions/MINUSMA", "/consultations?mission=MINUSMA",
                         "/incidents?mission=MINUSMA"]
    assert "/records" in hrefs
    with page.expect_navigation():
        links.nth(3).click()
    assert page.url.endswith("/login?next=/incidents%3Fmission%3DMINUSMA")  # the public is asked to sign in first
    context.close()


def test_refusals_reach_a_browser_as_pages_and_the_api_as_json(browser, server):
    context = browser.new_context(base_url=server)
    page = context.new_page()

    # Signed out: the page asks to sign in and brings the reader back, query string included.
    page.goto("/audit?actor=ada")
    assert urlsplit(page.url).path == "/login"
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert page.url.endswith("/audit?actor=ada")
    with page.expect_navigation():
        page.click("form[action='/logout'] button")

    sign_in(page, "bgd1")
    answer = page.goto("/force-generation/plan")
    assert answer.status == 403 and answer.headers["content-type"].startswith("text/html")
    main = page.locator("main").inner_text()
    assert "your roles do not allow write on requirements" in main
    assert "force-generation-officer" in main and "secretariat-admin" in main and "state-delegate" not in main
    assert page.locator("nav[aria-label=Main] a").count() >= 10  # in the site's frame

    answer = page.goto("/no-such-page")
    assert answer.status == 404 and page.locator("h1").inner_text() == "Not found"
    answer = page.goto("/missions?colour=blue")
    assert answer.status == 422 and "unknown query parameter 'colour'" in page.locator("main").inner_text()

    api = context.request.get("/api/v1/missions?colour=blue", headers={"Accept": "text/html"})
    assert api.status == 422 and api.headers["content-type"] == "application/json"
    api = context.request.get("/api/v1/missions/ATLANTIS", headers={"Accept": "text/html"})
    assert api.status == 404 and api.headers["content-type"] == "application/json"
    context.close()

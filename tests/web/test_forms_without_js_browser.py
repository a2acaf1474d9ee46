"""Every kind of form posted from Chromium with JavaScript switched off: the CSRF token travels in a hidden field,
each write says so on the next page and shows its new row; the scheduling form schedules and shows what it did."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import chromium, serve, watch
from pko.auth import service as accounts
from pko.db import session_scope

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def server(engine, database_url, run_cli, data_dir):
    """uvicorn over a fresh database: member states, the Council, MINUSMA's mandate in force, an administrator."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("import", "sc-membership", str(data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"))
    assert run_cli("mandates", "create", "MINUSMA", "S/RES/2100 (2013)", "--adopted", "2013-04-25",
                   "--expires", "2014-06-30").exit_code == 0
    assert run_cli("mandates", "step", "1", "adopted", "--on", "2013-04-25", "--version", "1").exit_code == 0
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
    with serve(database_url) as base:
        yield base


def sign_in(page, username: str = "ada", then: str = "/") -> None:
    page.goto(f"/login?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert urlsplit(page.url).path == then


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit], button:not([type])").first.click()


def flash(page) -> str:
    return page.locator(".flash[role=status]").inner_text()


def test_every_kind_of_form_works_with_javascript_off(server):
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False, base_url=server, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors, _ = watch(page)
        sign_in(page, then="/force-generation/pledges")

        form = page.locator("#pledge-form")
        form.locator("input[name=state_iso3]").fill("BGD")
        form.locator("select[name=unit_type]").select_option("infantry-battalion")
        form.locator("input[name=strength]").fill("850")
        form.locator("input[name=women_share]").fill("10")
        form.locator("input[name=l1_on]").fill("2024-03-01")
        submit(page, form)
        assert urlsplit(page.url).path == "/force-generation/pledges"
        assert flash(page) == "Pledged: BGD, Infantry battalion, 850 personnel."
        assert "2024-03-01" in page.locator("table").first.inner_text()

        page.goto("/force-generation")
        form = page.locator("form[action='/force-generation/requirements']")
        form.locator("input[name=mission]").fill("MINUSMA")
        form.locator("select[name=unit_type]").select_option("engineering-company")
        form.locator("input[name=location]").fill("Gao")
        form.locator("input[name=need_by]").fill("2027-06-01")
        submit(page, form)
        assert urlsplit(page.url).path == "/force-generation/missions/MINUSMA"
        assert flash(page) == "Requirement recorded: 1 × Engineering company at Gao."
        cells = page.locator("tr[data-requirement]").first.locator("td")
        assert [cells.nth(0).inner_text(), cells.nth(1).inner_text()] == ["Engineering company", "Gao"]  # a name, not a code

        page.goto("/actions")
        form = page.locator("form[action='/actions']").last
        form.locator("input[name=title]").fill("Send the engineering company's self-sustainment figures")
        form.locator("input[name=owner]").fill("UN-DPO")
        form.locator("input[name=due_on]").fill("2027-01-15")
        submit(page, form)
        assert flash(page).startswith("Action item 1 recorded: Send the engineering company")
        assert "Send the engineering company's self-sustainment figures" in page.locator("main table").first.inner_text()

        page.goto("/consultations")
        form = page.locator("form[action='/consultations/schedule']")
        form.locator("input[name=mission]").fill("MINUSMA")
        submit(page, form)
        outcome = page.locator("#schedule-outcome").inner_text().lower()
        assert "minusma" in outcome and "created" in outcome and "2014-06-02" in outcome
        assert "model_attributes_type" not in page.content()

        form = page.locator("form[method=post][action='/consultations']")
        form.locator("input[name=title]").fill("Working Group on Peacekeeping Operations")
        form.locator("input[name=theme]").fill("Safety and security of peacekeepers")
        form.locator("input[name=held_on]").fill("2027-02-10")
        submit(page, form)
        assert flash(page) == "Meeting recorded: Working Group on Peacekeeping Operations."
        assert page.locator("h1").inner_text().startswith("Working Group on Peacekeeping Operations")

        page.goto("/partnerships")
        form = page.locator("form[action='/partnerships/needs']")
        form.locator("input[name=state_iso3]").fill("NPL")
        form.locator("input[name=quantity]").fill("12")
        form.locator("input[name=starts_on]").fill("2027-01-01")
        form.locator("input[name=ends_on]").fill("2027-03-01")
        form.locator("input[name=place]").fill("Kathmandu")
        submit(page, form)
        assert flash(page).startswith("Need recorded for NPL")
        assert "Kathmandu" in page.locator("main").inner_text()
        form = page.locator("form[action='/partnerships/offers']")
        form.locator("input[name=partner]").fill("NOR")
        form.locator("input[name=capacity]").fill("20")
        form.locator("input[name=starts_on]").fill("2027-01-01")
        form.locator("input[name=ends_on]").fill("2027-06-01")
        form.locator("input[name=place]").fill("Oslo")
        submit(page, form)
        assert flash(page).startswith("Offer recorded from NOR")
        assert "Oslo" in page.locator("main").inner_text()

        page.goto("/accounts")
        form = page.locator("form[action='/accounts/ada/email']")
        form.locator("input[name=email]").fill("ada@example.org")
        submit(page, form)
        assert flash(page) == "Account ada: e-mail ada@example.org."
        assert page.locator("tr[data-username=ada] input[name=email]").input_value() == "ada@example.org"

        # A refusal is a page in the site's frame naming the field, with the way back to the form.
        page.goto("/force-generation/pledges")
        form = page.locator("#pledge-form")
        form.locator("input[name=state_iso3]").fill("BGD")
        form.locator("input[name=strength]").fill("850")
        form.locator("input[name=women_share]").fill("10")
        form.locator("input[name=l1_on]").fill("2024-03-01")
        form.locator("input[name=l2_on]").fill("2024-01-01")
        submit(page, form)
        assert page.locator("main .problem li").inner_text() == "a later PCRS level cannot be reached before an earlier one"
        assert page.locator("nav[aria-label=Main]").count() == 1
        with page.expect_navigation():
            page.click("text=Back to the form")
        assert urlsplit(page.url).path == "/force-generation/pledges"

        # Signing out is a form too.
        with page.expect_navigation():
            page.click("form[action='/logout'] button")
        assert page.locator("a[href='/login']").count() == 1
        # Chromium's own notice of the one refusal above, answered as a page; nothing else failed.
        assert errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
        context.close()


def test_schedule_form_with_javascript_shows_the_outcome_in_place(server):
    with chromium() as browser:
        page = browser.new_context(base_url=server).new_page()
        errors, hosts = watch(page)
        sign_in(page, then="/consultations")
        form = page.locator("form[action='/consultations/schedule']")
        form.locator("input[name=mission]").fill("MINUSMA")
        form.locator("button").click()
        row = page.locator("#schedule-outcome tr", has_text="MINUSMA")
        row.wait_for()
        assert "created" in row.inner_text().lower() and "2014-06-30" in row.inner_text()
        assert urlsplit(page.url).path == "/consultations" and errors == [] and hosts == {"127.0.0.1"}
        with page.expect_navigation():
            row.locator("a").click()
        assert "Triangular" in page.locator("h1").inner_text() or "MINUSMA" in page.locator("main").inner_text()

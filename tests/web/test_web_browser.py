"""The UI in real headless Chromium: pages render, the chart and the map draw, nothing errs, nothing leaves 127.0.0.1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser import chromium, serve, watch

pytestmark = pytest.mark.browser

SCREENSHOT = Path(os.environ.get("PKO_TEST_SCREENSHOT", "/tmp/pko-home.png"))


@pytest.fixture(scope="module")
def server(loaded_url):
    """uvicorn serving the app over the loaded database on a free loopback port."""
    with serve(loaded_url) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Visitor:
    """A browser tab that records console errors, page errors, failed requests and every host asked."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.errors, self.hosts = watch(page, failed_requests=True)
        page.on("response", lambda response: response.status >= 400 and self.errors.append(f"{response.status}: {response.url}"))

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def assert_clean(self):
        assert self.errors == []
        assert self.hosts == {"127.0.0.1"}


@pytest.fixture
def visitor(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    yield Visitor(context.new_page(), server)
    context.close()


def _chart_points(page, selector: str = "canvas[data-chart]") -> int:
    """How many values the first chart on the page drew (0 if no chart object is bound to the canvas)."""
    page.wait_for_selector(f"{selector}[data-ready='true']", state="attached", timeout=10_000)
    return page.evaluate(
        """selector => {
            const chart = Chart.getChart(document.querySelector(selector));
            return chart ? chart.data.datasets.reduce((n, set) => n + set.data.filter(v => v).length, 0) : 0;
        }""",
        selector,
    )


def _map_layers(page) -> tuple[int, int]:
    """How many basemap country shapes and location markers the map drew."""
    page.wait_for_selector("div.map[data-ready='true']", state="attached", timeout=15_000)
    return page.locator("path.pko-basemap").count(), page.locator("path.pko-marker").count()


def test_home_draws_figures_chart_and_map(visitor):
    page = visitor.open("/")
    assert page.title() == "Overview · PKO"
    assert page.locator("nav a", has_text="Force generation").get_attribute("title") is None
    assert page.locator(".notice").count() == 0  # data is loaded
    assert page.locator("[data-figure]").count() >= 4
    badge = page.locator(".figure:has([data-figure='deployed']) .stale-badge")
    assert badge.is_visible() and "contributions data ends 2021-01-31" in badge.inner_text()
    assert _chart_points(page) > 50
    countries, markers = _map_layers(page)
    assert countries > 150
    assert markers > 10
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    visitor.assert_clean()


def test_mission_page_minusma(visitor):
    page = visitor.open("/missions/MINUSMA")
    assert page.locator("h1").inner_text().startswith("MINUSMA")
    assert page.locator("dl.facts").inner_text().count("2013") >= 1
    assert "closed on 2023-12-31" in page.locator("dl.facts").inner_text()
    badge = page.locator(".figure:has([data-figure='strength']) .stale-badge")
    assert badge.is_visible() and "ends 2017-03-31" in badge.inner_text()
    assert _chart_points(page, "canvas[aria-label='Deployed strength over time']") > 12
    assert _chart_points(page, "canvas[aria-label='Fatalities by year']") > 3
    countries, markers = _map_layers(page)
    assert countries > 150 and markers > 5
    visitor.assert_clean()


def test_state_page_bangladesh(visitor):
    page = visitor.open("/states/BGD")
    assert page.locator("h1").inner_text().startswith("Bangladesh")
    assert "Asia-Pacific" in page.locator("dl.facts").inner_text()
    assert _chart_points(page, "canvas[aria-label='Contributions over time']") > 12
    assert _chart_points(page, "canvas[aria-label='Fatalities of nationals by year']") > 3
    visitor.assert_clean()


def test_lists_filter_in_place_with_htmx(visitor):
    page = visitor.open("/missions")
    before = int(page.locator("[data-count]").get_attribute("data-count"))
    assert before > 20
    page.fill("input[name=q]", "MINUS")
    page.wait_for_function("() => document.querySelector('[data-count]').dataset.count !== String(%d)" % before)
    assert page.locator("#missions-table a", has_text="MINUSMA").count() == 1
    assert "q=MINUS" in page.url  # the filter is in the address, so it can be shared
    page = visitor.open("/states")
    assert page.locator("[data-count]").get_attribute("data-count") == "193"
    page.select_option("select[name=group]", "African Group")
    page.wait_for_function("() => document.querySelector('[data-count]').dataset.count !== '193'")
    assert int(page.locator("[data-count]").get_attribute("data-count")) == 54
    page.locator("#states-table a", has_text="Nigeria").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/states/NGA")
    visitor.assert_clean()


def test_other_sections_render(visitor):
    for path, heading in [("/contributions", "Contributions"), ("/safety", "Safety"),
                          ("/force-generation", "Force generation"), ("/finance", "Finance"), ("/sources", "Sources")]:
        page = visitor.open(path)
        assert page.locator("h1").inner_text().startswith(heading)
    page = visitor.open("/safety")
    assert _chart_points(page) > 50
    visitor.assert_clean()


def test_api_docs_render_without_a_cdn(visitor):
    page = visitor.open("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/v1/fatalities/summary").count() >= 1
    visitor.assert_clean()

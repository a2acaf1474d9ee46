"""The UI's HTML through the app: every page renders on an empty and on a loaded database, with local assets only."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from pko.app import create_app
from pko.config import get_settings

PAGES = ["/", "/missions", "/states", "/contributions", "/safety", "/force-generation", "/finance", "/sources"]


def _client(monkeypatch, url: str) -> TestClient:
    monkeypatch.setenv("PKO_DATABASE_URL", url)
    get_settings.cache_clear()
    return TestClient(create_app())


@pytest.fixture
def empty(monkeypatch, database_url):
    yield _client(monkeypatch, database_url)
    get_settings.cache_clear()


@pytest.fixture
def loaded(monkeypatch, loaded_url):
    yield _client(monkeypatch, loaded_url)
    get_settings.cache_clear()


def _links(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def _charts(html: str) -> dict[str, dict]:
    """The chart specifications of a page, by their label."""
    found = re.findall(r"<canvas role=\"img\" aria-label=\"([^\"]+)\" data-chart='([^']+)'", html)
    return {label: json.loads(unescape(spec)) for label, spec in found}


def _series(spec: dict, label: str) -> dict:
    data = next(dataset["data"] for dataset in spec["datasets"] if dataset["label"] == label)
    return dict(zip(spec["labels"], data))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_an_empty_database_and_says_how_to_load_data(empty, path):
    response = empty.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "No data loaded yet" in response.text
    assert "<code>pko import all</code>" in response.text
    for section in ("Missions", "Contributions", "Safety", "Force generation", "Finance"):
        assert f">{section}</a>" in response.text


def test_every_asset_a_page_names_is_served_locally(empty):
    seen = set()
    for path in PAGES:
        for link in _links(empty.get(path).text):
            assert not link.startswith(("http:", "https:", "//")), f"{path} links outside: {link}"
            if link.startswith("/static/") and link not in seen:
                seen.add(link)
                assert empty.get(link).status_code == 200, link
    assert {"/static/vendor/htmx.min.js", "/static/vendor/chart.umd.min.js", "/static/vendor/leaflet/leaflet.js",
            "/static/vendor/topojson-client.min.js", "/static/pko.js", "/static/pko.css"} <= seen
    basemap = empty.get("/static/vendor/countries-110m.json").json()
    assert basemap["type"] == "Topology" and len(basemap["objects"]["countries"]["geometries"]) > 170


def test_force_generation_is_a_live_section(empty):
    html = empty.get("/force-generation").text
    assert "<h1>Force generation</h1>" in html and "Sign in" in html
    assert '<a href="/force-generation"' in html


def test_unknown_mission_or_state_is_a_404_page(empty):
    for path in ("/missions/NOPE", "/states/XXX"):
        response = empty.get(path)
        assert response.status_code == 404
        assert "<h1>Not found</h1>" in response.text


def test_unknown_query_parameter_is_refused(empty):
    assert empty.get("/missions?colour=blue").status_code == 422


def test_home_shows_key_figures_with_their_sources(loaded):
    html = loaded.get("/").text
    assert "No data loaded yet" not in html
    assert re.search(r'data-figure="member-states">193<', html)
    assert re.search(r'data-figure="missions">\d{2,3}<', html)
    deployed = re.search(r'data-figure="deployed">([\d,]+)</span>\s*<span class="note">([^<]+)<', html)
    assert deployed and int(deployed[1].replace(",", "")) > 50_000
    assert "2021-01-31" in deployed[2] and "Rank_2021-01-31.csv" in deployed[2]
    assert re.search(r'data-points="/api/v1/locations\?year=\d{4}"', html)


def test_home_chart_shows_malicious_acts_apart(loaded):
    spec = _charts(loaded.get("/").text)["Fatalities by year"]
    assert spec["stacked"]
    malicious = _series(spec, "Malicious acts")
    assert malicious["2017"] == 59  # 2023 release, all personnel
    other = _series(spec, "Other causes")
    assert all(value >= 0 for value in other.values())


def test_mission_page_minusma(loaded):
    response = loaded.get("/missions/MINUSMA")
    assert response.status_code == 200
    html = response.text
    assert "United Nations Multidimensional Integrated Stabilization Mission in Mali" in html
    assert "<dd>Bamako" in html
    assert "<dt>First month in the data</dt><dd>2013-" in html
    charts = _charts(html)
    strength = _series(charts["Deployed strength over time"], "Total, month-end")
    assert strength["2017-03-31"] > 10_000
    assert sum(v or 0 for v in charts["Fatalities by year"]["datasets"][0]["data"]) > 0
    assert re.search(r'data-points="/api/v1/locations\?year=\d{4}&amp;mission=MINUSMA"', html)


def test_mission_page_accepts_another_spelling(loaded):
    page = loaded.get("/missions/minusma")
    assert page.status_code == 200 and "United Nations Multidimensional Integrated Stabilization Mission in Mali" in page.text


def test_state_page_bangladesh(loaded):
    html = loaded.get("/states/bgd").text
    assert "<h1>Bangladesh" in html and "Asia-Pacific Group" in html
    assert "4 years: 1979, 1980, 2000, 2001" in html
    series = _charts(html)["Contributions over time"]
    assert _series(series, "UN ranking")["2021-01-31"] == 6711
    assert "Fatalities of nationals by year" in _charts(html)


def test_contributions_page_ranks_bangladesh_first(loaded):
    html = loaded.get("/contributions").text
    first = re.search(r"<td class=\"num\">1</td><td><a href=\"/states/(\w+)\">([^<]+)</a></td>.*?<td class=\"num\">([\d,]+)</td></tr>", html)
    assert first and first.group(1, 2, 3) == ("BGD", "Bangladesh", "6,711")


def test_lists_filter_and_answer_htmx_with_a_fragment(loaded):
    full = loaded.get("/states").text
    assert 'data-count="193"' in full
    fragment = loaded.get("/states", params={"group": "African Group"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and 'data-count="54"' in fragment
    missions = loaded.get("/missions", params={"q": "minus"}, headers={"HX-Request": "true"}).text
    assert re.findall(r'href="/missions/(\w+)"', missions) == ["MINUSCA", "MINUSMA", "MINUSTAH"]
    assert "MINUSMA" in loaded.get("/missions", params={"kind": "peacekeeping operation"}).text


def test_sources_page_lists_import_runs(loaded):
    html = loaded.get("/sources").text
    assert "un_member_states_193.csv" in html and "dppadposs-fatalities_2023-11-28.csv" in html

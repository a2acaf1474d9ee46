"""The home and mission pages put a visible date warning beside each figure whose data ends before the date asked,
and a closed mission shows its closing date from the mission catalogue."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from pko.config import get_settings


@pytest.fixture
def loaded(monkeypatch, loaded_url):
    monkeypatch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def _badge(html: str, key: str) -> str | None:
    found = re.search(rf'class="stale-badge"[^>]*data-stale="{key}">([^<]+)<', html)
    return found and found.group(1)


def _years(since: date) -> str:
    return f"{(date.today() - since).days / 365.25:.1f} years"


def test_the_home_headline_carries_the_date_of_its_data(loaded):
    html = loaded.get("/").text
    assert 'data-figure="deployed">81,932<' in html and "at 2021-01-31" in html  # the UN ranking of 31 January 2021
    assert _badge(html, "deployed") == f"&#9888; contributions data ends 2021-01-31 — {_years(date(2021, 1, 31))} before the date asked"


def test_minusma_shows_its_closing_and_its_newest_strength_with_its_age(loaded):
    html = loaded.get("/missions/MINUSMA").text
    status = re.search(r"<dd data-status>(.+?)</dd>", html).group(1)
    assert status.startswith("closed on 2023-12-31") and "mission catalogue" in status
    assert "Last month seen" not in html and "after the closing date" in html
    assert 'data-figure="strength">12,338<' in html and "at 2017-03-31" in html  # IPI's mission x month file, March 2017
    # Closed on 2023-12-31: the strength is judged at the closing day, not today.
    assert _badge(html, "strength") == "&#9888; contributions data of MINUSMA ends 2017-03-31 — 6.8 years before the date asked"
    shown = loaded.get("/api/v1/missions/MINUSMA").json()
    assert shown["closed_on"] == "2023-12-31"


def test_an_open_mission_has_no_closing_date(loaded):
    html = loaded.get("/missions/MINUSCA").text
    assert "no closing date in the mission catalogue" in re.search(r"<dd data-status>(.+?)</dd>", html).group(1)


def test_the_missions_list_gives_the_closing_day_beside_the_last_month_in_the_data(loaded):
    html = loaded.get("/missions", params={"q": "MINUSMA"}).text
    assert re.search(r'data-closed="MINUSMA">2023-12-31<', html) and "2024-12" in html
    assert re.search(r'data-closed="MINUSCA"></td>', loaded.get("/missions", params={"q": "MINUSCA"}).text)

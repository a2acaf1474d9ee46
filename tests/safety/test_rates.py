"""Rates per 1,000 uniformed personnel per year: the engine by hand, and the record's exposure with its source and flags."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from .test_compare import record_url  # noqa: F401  (the session database of the record)

from pko.config import get_settings
from pko.contributions.models import ContributorMonth
from pko.db import engine_for, session_scope
from pko.safety.rates import poisson_interval, rates, year_means


def exposure_row(key, year, personnel, complete=True, note=None):
    return {"key": key, "year": year, "personnel": personnel, "source": "s", "granularity": "g", "complete": complete,
            "note": note}


def test_rates_by_hand_and_no_rate_without_usable_exposure():
    fatalities = pd.DataFrame({"key": ["A", "B", "C"], "year": [2018, 2018, 2018], "fatalities": [6, 3, 2]})
    exposure = pd.DataFrame([exposure_row("A", 2018, 12000.0), exposure_row("B", 2018, 500.0, False, "INCOMPLETE"),
                             exposure_row("D", 2018, 800.0)])
    found = rates(fatalities, exposure).set_index("key")
    assert found.at["A", "rate_per_1000"] == 0.5
    low, high = poisson_interval([6])
    assert (found.at["A", "rate_low"], found.at["A", "rate_high"]) == (round(low[0] / 12, 4), round(high[0] / 12, 4))
    assert found.at["B", "rate_per_1000"] is None and found.at["B", "note"] == "INCOMPLETE"
    assert found.at["C", "rate_per_1000"] is None and found.at["C", "note"].startswith("no exposure")
    assert found.at["D", "fatalities"] == 0 and found.at["D", "rate_per_1000"] == 0.0


def test_zero_count_interval_is_the_garwood_bound():
    low, high = poisson_interval([0, 10])
    assert low[0] == 0 and high[0] == pytest.approx(3.6889, abs=1e-4)
    assert (low[1], high[1]) == pytest.approx((4.7954, 18.3904), abs=1e-4)


def test_year_means_count_the_months():
    monthly = pd.DataFrame({"key": ["A"] * 3 + ["A"] * 12, "total": [100, 200, 300] + [10] * 12,
                            "month": [date(2016, m, 28) for m in (1, 2, 3)] + [date(2017, m, 28) for m in range(1, 13)]})
    found = year_means(monthly).set_index("year")
    assert found.at[2016, "personnel"] == 200 and found.at[2016, "months"] == 3
    assert found.at[2017, "personnel"] == 10 and found.at[2017, "months"] == 12


def rated(run_cli, url, *options):
    result = run_cli("safety", "rates", *options, "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_minusma_2018_rate_from_the_yearly_averages(run_cli, record_url):
    rows = rated(run_cli, record_url, "--by", "mission", "--year", "2018", "--incident-type", "Malicious Act")
    minusma = next(row for row in rows if row["mission"] == "MINUSMA")
    assert (minusma["fatalities"], minusma["personnel"], minusma["source"]) == (11, 13885.0, "un-country-year")
    assert minusma["rate_per_1000"] == round(11 / 13885 * 1000, 4) and minusma["complete"] is True
    assert "yearly average" in minusma["granularity"] and minusma["note"].startswith("checked")
    assert sum(row["fatalities"] for row in rows) == 27


def test_minusma_2017_gets_no_rate_because_its_exposure_is_flagged(run_cli, record_url):
    rows = rated(run_cli, record_url, "--by", "mission", "--year", "2017", "--incident-type", "Malicious Act",
                 "--mission", "MINUSMA")
    assert len(rows) == 1
    minusma = rows[0]
    assert (minusma["fatalities"], minusma["personnel"], minusma["source"]) == (23, 5151.0, "un-country-year")
    assert minusma["rate_per_1000"] is None and minusma["complete"] is False
    assert "INCOMPLETE" in minusma["note"] and "44%" in minusma["note"]


def test_country_rates_from_ipi_month_end_counts(run_cli, record_url):
    rows = rated(run_cli, record_url, "--by", "country", "--year", "2012")
    nigeria = next(row for row in rows if row["country"] == "NGA")
    with session_scope(engine_for(record_url)) as session:
        average = session.scalar(select(func.avg(ContributorMonth.total)).where(
            ContributorMonth.iso3 == "NGA", ContributorMonth.month.between(date(2012, 1, 1), date(2012, 12, 31))))
    assert nigeria["source"] == "ipi-country-monthly" and "12 month(s)" in nigeria["granularity"]
    assert nigeria["personnel"] == round(float(average), 1)
    assert nigeria["rate_per_1000"] == round(nigeria["fatalities"] / float(average) * 1000, 4)


def test_a_year_no_source_covers_says_no_exposure(run_cli, record_url):
    rows = rated(run_cli, record_url, "--by", "mission", "--year", "2022")
    assert rows and all(row["rate_per_1000"] is None and row["note"].startswith("no exposure") for row in rows)


def test_bad_breakdown_is_refused(run_cli, record_url):
    result = run_cli("safety", "rates", "--by", "planet", url=record_url)
    assert result.exit_code == 2 and "not a rate breakdown" in result.output


def test_api_rates_page_with_sources(record_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", record_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    answer = client.get("/api/v1/safety/rates", params={"by": "mission", "year": 2018, "incident_type": "Malicious Act",
                                                       "limit": 1})
    assert answer.status_code == 200
    page = answer.json()
    assert page["total"] > 1 and len(page["items"]) == 1 and page["items"][0]["mission"] == "MINUSMA"
    assert any(source.startswith("un-country-year") for source in page["sources"])
    assert client.get("/api/v1/safety/rates", params={"by": "planet"}).status_code == 422
    assert client.get("/api/v1/safety/rates", params={"by": "mission", "incident_type": "Meteor"}).status_code == 422
    get_settings.cache_clear()


def test_safety_page_charts_trends_by_incident_type(record_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", record_url)
    get_settings.cache_clear()
    from pko.app import create_app

    page = TestClient(create_app()).get("/safety")
    assert page.status_code == 200
    start = page.text.index('aria-label="Fatalities by year and type of incident" data-chart=\'') + len(
        'aria-label="Fatalities by year and type of incident" data-chart=\'')
    spec = json.loads(page.text[start:page.text.index("'", start)])
    lines = {dataset["label"]: dict(zip(spec["labels"], dataset["data"])) for dataset in spec["datasets"]}
    assert spec["datasets"][0]["label"] == "Malicious Act" and spec["type"] == "line"
    assert lines["Malicious Act"]["2017"] == 59 and lines["Malicious Act"]["2018"] == 27  # all personnel types
    get_settings.cache_clear()

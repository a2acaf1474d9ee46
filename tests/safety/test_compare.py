"""Two-year comparisons: the Poisson rate ratio engine checked by hand, and 2017 -> 2018 from the UN's own record."""

from __future__ import annotations

import json
import math
from importlib import import_module

import pytest
from conftest import POSTGRES, _drop_postgres_database, new_database_url
from fastapi.testclient import TestClient

from pko.config import get_settings
from pko.db import engine_for
from pko.safety.compare import rate_ratio, shares
from pko.sources.importer import import_file

RECORD = (
    ("un_member_states", "un_member_states/un_member_states_193.csv"),
    ("owid_year_end", "owid_un_peacekeeping/un_peacekeeping_year_end_totals.csv"),
    ("fatalities_2023", "un_fatalities/dppadposs-fatalities_2023-11-28.csv"),
    ("corinnee_country_year", "un_contributions_corinnee/CountryByYear.csv"),
    ("ipi_missions", "un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv"),
    ("ipi_country_monthly", "un_contributions_ipi/ipi_country_monthly_totals_long.csv"),
    ("ipi_world_monthly", "un_contributions_ipi/ipi_data_monthly.csv"),
)


@pytest.fixture(scope="session")
def record_url(tmp_path_factory, data_dir):
    """A database holding only what fatality analytics read: member states, fatalities, contributions."""
    url = new_database_url(tmp_path_factory.mktemp("safety-record"))
    engine = engine_for(url)
    for module, path in RECORD:
        import_file(engine, import_module(f"pko.sources.{module}"), data_dir / path)
    engine.dispose()
    yield url
    if POSTGRES:
        _drop_postgres_database(url)


def binomial_tail(k: int, n: int, p: float, upper: bool) -> float:
    terms = range(k, n + 1) if upper else range(0, k + 1)
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in terms)


def test_rate_ratio_equals_the_exact_binomial_by_hand():
    found = rate_ratio(58, 27)
    assert found.ratio == pytest.approx(27 / 58)
    assert found.p_value == pytest.approx(2 * binomial_tail(27, 85, 0.5, upper=False), rel=1e-9)
    # At each end of the interval the exact tail of the later count's share is 2.5%.
    p_low, p_high = found.low / (1 + found.low), found.high / (1 + found.high)
    assert binomial_tail(27, 85, p_low, upper=True) == pytest.approx(0.025, rel=1e-6)
    assert binomial_tail(27, 85, p_high, upper=False) == pytest.approx(0.025, rel=1e-6)
    assert found.low < found.ratio < found.high < 1


def test_exposure_enters_the_ratio():
    same = rate_ratio(10, 20, exposure_from=1000, exposure_to=2000)
    assert same.ratio == pytest.approx(1.0) and same.p_value == pytest.approx(1.0)
    assert same.low < 1 < same.high


def test_empty_and_one_sided_counts():
    assert rate_ratio(0, 0).ratio is None
    one_sided = rate_ratio(0, 5)
    assert one_sided.ratio == math.inf and one_sided.high == math.inf and one_sided.p_value < 0.07
    with pytest.raises(ValueError):
        rate_ratio(1, 1, exposure_from=0)


def test_shares_of_a_change_add_up():
    rows = shares({"A": 10, "B": 5}, {"A": 4, "B": 6, "C": 1})
    assert [row["key"] for row in rows] == ["A", "B", "C"]
    assert sum(row["share_of_change"] for row in rows) == pytest.approx(1.0)
    assert rows[0] == {"key": "A", "from": 10, "to": 4, "change": -6, "share_of_change": 1.5}


def compared(run_cli, url, *options):
    result = run_cli("safety", "compare", "--from", "2017", "--to", "2018", "--incident-type", "Malicious Act",
                     *options, "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_2017_to_2018_malicious_acts_58_to_27(run_cli, record_url):
    found = compared(run_cli, record_url)
    assert (found["count_from"], found["count_to"], found["personnel"]) == (58, 27, "uniformed")
    per_year = found["per_year"]
    assert per_year["ratio"] == pytest.approx(0.4655, abs=1e-4)
    assert (per_year["low"], per_year["high"]) == pytest.approx((0.2834, 0.7470), abs=1e-4)
    assert per_year["p_value"] == pytest.approx(0.00102, abs=1e-5)
    # The yearly averages of 2017 are incomplete (44% of the year-end total): the year-end totals serve both years.
    exposure = found["per_exposure"]
    assert exposure["source"] == "owid-year-end"
    assert (exposure["exposure_from"], exposure["exposure_to"]) == (92.682, 89.846)
    assert exposure["ratio"] == pytest.approx((27 / 89846) / (58 / 92682))
    flagged = [row for row in found["exposure"] if row["source"] == "un-country-year" and row["year"] == 2017]
    assert flagged[0]["complete"] is False and "INCOMPLETE" in flagged[0]["note"]
    minusma = next(row for row in found["shares"] if row["mission"] == "MINUSMA")
    assert (minusma["from"], minusma["to"], minusma["change"]) == (23, 11, -12)
    assert minusma["share_of_change"] == pytest.approx(12 / 31, abs=1e-4)
    assert any(source.startswith("fatalities:") and "2023-11-28" in source for source in found["sources"])


def test_minusma_part_of_the_drop_24_to_11_all_personnel(run_cli, record_url):
    found = compared(run_cli, record_url, "--mission", "MINUSMA", "--personnel", "all")
    assert (found["count_from"], found["count_to"], found["mission"]) == (24, 11, "MINUSMA")
    assert found["per_year"]["ratio"] == pytest.approx(11 / 24)
    assert found["per_year"]["p_value"] == pytest.approx(2 * binomial_tail(11, 35, 0.5, upper=False))
    assert found["per_exposure"] is None and "uniformed personnel only" in found["exposure_note"]
    minusma = next(row for row in found["shares"] if row["mission"] == "MINUSMA")
    assert minusma["change"] == -13 and minusma["share_of_change"] == pytest.approx(13 / 32, abs=1e-4)


def test_minusma_uniformed_has_no_exposure_ratio_because_2017_is_flagged(run_cli, record_url):
    found = compared(run_cli, record_url, "--mission", "MINUSMA")
    assert (found["count_from"], found["count_to"]) == (23, 11)
    assert found["per_exposure"] is None
    assert "no exposure-adjusted ratio" in found["exposure_note"] and "2017: un-country-year INCOMPLETE" in found["exposure_note"]


def test_table_output_names_the_test_and_the_sources(run_cli, record_url):
    result = run_cli("safety", "compare", "--from", "2017", "--to", "2018", "--incident-type", "malicious act",
                     url=record_url)
    assert result.exit_code == 0, result.output
    assert "58 in 2017 -> 27 in 2018" in result.output and "rate ratio 0.466 (95% CI 0.283-0.747), p = 0.001016" in result.output
    assert "exact conditional test" in result.output and "owid-year-end" in result.output


def test_bad_filters_are_refused(run_cli, record_url):
    for options in (["--mission", "NOWHERE"], ["--incident-type", "Meteor"], ["--personnel", "sailors"]):
        result = run_cli("safety", "compare", "--from", "2017", "--to", "2018", *options, url=record_url)
        assert result.exit_code == 2 and "error:" in result.output
    same = run_cli("safety", "compare", "--from", "2018", "--to", "2018", url=record_url)
    assert same.exit_code == 2 and "two different years" in same.output


def test_api_compare(record_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", record_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    answer = client.get("/api/v1/safety/compare", params={"from": 2017, "to": 2018, "incident_type": "Malicious Act",
                                                         "mission": "MINUSMA", "personnel": "all"})
    assert answer.status_code == 200
    assert (answer.json()["count_from"], answer.json()["count_to"]) == (24, 11)
    assert client.get("/api/v1/safety/compare", params={"from": 2017, "to": 2018, "mission": "X"}).status_code == 422
    assert client.get("/api/v1/safety/compare", params={"from": 2017}).status_code == 422
    get_settings.cache_clear()

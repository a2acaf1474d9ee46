"""The regular-budget engine reproduces the published gross, credit and net assessments (published figures as tests)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from pko.db import engine_for, session_scope
from pko.finance import assessment, service


def _plain(text: str) -> str:
    """CLI output without the error box's borders and line breaks."""
    return re.sub(r"[│╭╮╰╯─\s]+", " ", text)


def _derived(finance_url):
    with session_scope(engine_for(finance_url)) as session:
        return {row["year"]: row for row in service.years(session)}


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_engine_on_a_hand_example():
    bill = assessment.assess(["AAA", "USA", "BBB"], np.array([50.0, 22.0, 28.0]), 1_000_000, 100_000)
    assert bill.gross.tolist() == [500_000, 220_000, 280_000]
    assert bill.credit.tolist() == [50_000, 0, 28_000]
    assert bill.net.tolist() == [450_000, 220_000, 252_000]


def test_appropriation_and_credit_pool_of_2019_are_derived_from_the_data(finance_url):
    year = _derived(finance_url)[2019]
    # 3,064,575,900 = the United States' 674,206,698 gross at 22%: the gross appropriation assessed in 2019.
    assert year["gross_appropriation_usd"] == 3_064_575_900
    assert year["credit_pool_usd"] == 276_349_457


@pytest.mark.parametrize("year", range(2004, 2021))
def test_gross_reproduced_within_1_usd_2004_to_2020(finance_url, year):
    assert _derived(finance_url)[year]["max_gross_deviation_usd"] <= 1


@pytest.mark.parametrize("year", range(2009, 2021))
def test_credit_and_net_reproduced_within_1_usd_2009_to_2020(finance_url, year):
    row = _derived(finance_url)[year]
    assert row["max_credit_deviation_usd"] <= 1 and row["max_net_deviation_usd"] <= 1
    assert row["states_off_by_more_than_1_usd"] == 0


@pytest.mark.parametrize(("year", "states"), [
    (2001, "TUR"), (2002, "TUR"), (2004, "ERI, SYR, TUR"), (2005, "ERI, SYR, TUR"), (2006, "ERI, TUR"), (2007, "ERI, TUR"), (2008, "ERI"),
])
def test_only_states_with_their_own_credit_adjustment_differ_before_2009(finance_url, year, states):
    # Known gap: these published credits are not rate x pool (Eritrea's is even negative); every other state is within $1.
    row = _derived(finance_url)[year]
    assert row["states_off"] == states and row["max_gross_deviation_usd"] <= 1


@pytest.mark.parametrize("year", range(2019, 2025))
def test_published_net_contributions_2019_to_2024_within_rounding(finance_url, year):
    row = _derived(finance_url)[year]
    assert row["published"] in ("net assessment", "Net contributions")
    assert row["max_net_deviation_usd"] <= 1


@pytest.mark.parametrize("year", (2025, 2026))
def test_total_contributions_2025_2026_are_stated_with_their_distance(finance_url, year):
    row = _derived(finance_url)[year]
    assert row["published"] == "Total contributions"
    assert 0.001 < row["max_net_deviation_share"] < 0.01
    assert "peacekeeping" in row["note"]


def test_assess_2019_gives_every_published_figure_within_1_usd(run_cli, finance_url):
    rows = _json(run_cli("finance", "assess", "--year", "2019", "--amount", "3064575900", "--format", "json", url=finance_url))
    assert len(rows) == 193
    for row in rows:
        assert abs(row["gross_usd"] - row["published_gross_usd"]) <= 1, row
        assert abs(row["credit_usd"] - row["published_credit_usd"]) <= 1, row
        assert abs(row["net_usd"] - row["published_net_usd"]) <= 1, row
    usa = next(row for row in rows if row["iso3"] == "USA")
    assert (usa["gross_usd"], usa["credit_usd"], usa["net_usd"]) == (674_206_698, 0, 674_206_698)


@pytest.mark.parametrize("year", range(2021, 2025))
def test_assess_at_the_derived_appropriation_matches_net_contributions(run_cli, finance_url, year):
    amount = _derived(finance_url)[year]["gross_appropriation_usd"]
    rows = _json(run_cli("finance", "assess", "--year", str(year), "--amount", str(amount), "--format", "json", url=finance_url))
    assert max(abs(row["net_usd"] - row["published_net_usd"]) for row in rows) <= 1


def test_assess_refuses_a_year_without_rates(run_cli, finance_url):
    result = run_cli("finance", "assess", "--year", "1990", "--amount", "100", url=finance_url)
    assert result.exit_code != 0 and "no regular-budget rates for 1990" in _plain(result.output)


def test_scale_command_and_api(run_cli, finance_url, api):
    rows = _json(run_cli("finance", "scale", "--period", "2019-2021", "--format", "json", url=finance_url))
    assert rows[0] == {"iso3": "USA", "member_state": "United States of America", "rate_percent": 22.0}
    assert rows[1]["iso3"] == "CHN" and rows[1]["rate_percent"] == 12.005
    assert round(sum(row["rate_percent"] for row in rows), 3) == 100.0
    page = api.get("/api/v1/finance/scales", params={"period": "2019-2021", "limit": 500}).json()
    assert page["total"] == 193 and page["sources"][0].startswith("un_regular_budget_scale_2016-2018.csv")
    assert api.get("/api/v1/finance/scales", params={"period": "1999-2001"}).status_code == 404


def test_assessment_api_and_bad_values(api):
    answer = api.get("/api/v1/finance/assessments", params={"year": 2019, "amount": 3064575900})
    assert answer.status_code == 200
    body = answer.json()
    assert body["credit_pool_usd"] == 276_349_457 and len(body["rows"]) == 193
    assert all(abs(row["net_usd"] - row["published_net_usd"]) <= 1 for row in body["rows"])
    assert api.get("/api/v1/finance/assessments", params={"year": 2019, "amount": -5}).status_code == 422
    assert api.get("/api/v1/finance/assessments", params={"year": 1990, "amount": 5}).status_code == 422
    years = api.get("/api/v1/finance/years", params={"limit": 100}).json()
    assert years["total"] == 27 and years["items"][19]["gross_appropriation_usd"] == 3_064_575_900

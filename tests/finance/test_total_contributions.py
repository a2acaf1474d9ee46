"""What 2025-2026 "total contributions" hold beyond the net assessment: a component at the peacekeeping scale.

Tolerance: a state that sits on a level is reproduced within $2 (two amounts, each rounded to the dollar); states
between two levels are in a transition of equal steps, which the test checks against the scale engine instead.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from pko.finance.parameters import PERMANENT_MEMBERS
from pko.finance.reconcile import decompose
from pko.finance.scale import Placement, discount_of


def _decomposed(run_cli, url, year):
    result = run_cli("finance", "total-contributions", "--year", str(year), "--format", "json", url=url)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("year", [2025, 2026])
def test_total_contributions_are_the_net_assessment_plus_a_component_at_the_peacekeeping_scale(run_cli, finance_url, year):
    found = _decomposed(run_cli, finance_url, year)
    assert found["published"] == "Total contributions"
    assert round(found["peacekeeping_scale_component_usd"], -3) == 25_000_000
    # the part above the regular budget is that component: the peacekeeping scale sums to 100%
    assert abs(found["above_regular_budget_usd"] - found["peacekeeping_scale_component_usd"]) <= 100
    assert 0.007 < found["above_regular_budget_share"] < 0.008
    # the permanent members' measured ratio is the premium the other states' discounts imply
    assert found["permanent_member_ratio"] > 1.18
    assert abs(found["permanent_member_ratio"] - found["premium_ratio_from_levels"]) < 1e-6
    rows = {row["iso3"]: row for row in found["rows"]}
    assert len(rows) == 193 and all(abs(rows[iso3]["level_ratio"] - found["permanent_member_ratio"]) < 1e-6 for iso3 in PERMANENT_MEMBERS)
    between = set(found["states_between_levels"].replace(" ", "").split(",")) if found["states_between_levels"] else set()
    on_level = [row for row in rows.values() if not any(item.startswith(row["iso3"]) for item in between)]
    assert max(abs(row["deviation_usd"]) for row in on_level) == found["max_deviation_on_level_usd"] <= 2
    # Czechia moves from level E to level B in three equal steps: step 1 in 2025, step 2 in 2026
    step = {2025: 1, 2026: 2}[year]
    assert abs(rows["CZE"]["peacekeeping_ratio"] - (1 - discount_of(Placement("B", "E", 3, step)))) < 1e-4
    assert found["appropriation_gross_usd"] - found["appropriation_net_usd"] == found["credit_pool_usd"] > 0


def test_net_assessments_hold_no_such_component(run_cli, finance_url):
    for year in (2010, 2019, 2024):
        found = _decomposed(run_cli, finance_url, year)
        assert found["peacekeeping_scale_component_usd"] == 0 and found["max_deviation_on_level_usd"] <= 1
    assert _decomposed(run_cli, finance_url, 2019)["appropriation_gross_usd"] == 3_064_575_900


def test_decompose_recovers_a_constructed_year():
    iso3 = ["USA", "CHN", "FRA", "GBR", "RUS", "DEU", "JPN", "IND", "BRA", "AFG", "BGD", "SAU", "GRC"]
    rate = np.array([22.0, 20.0, 4.0, 4.0, 2.0, 6.0, 7.0, 1.1, 1.4, 0.02, 0.03, 1.2, 0.28])
    ratio = np.array([0, 0, 0, 0, 0, 1.0, 1.0, 0.2, 0.2, 0.1, 0.1, 0.925, 0.6])
    given = float(np.sum(rate[5:] * (1 - ratio[5:])))
    ratio[:5] = 1 + given / rate[:5].sum()
    net, pool, component = 3.0e9, 3.0e8, 2.0e7
    base = np.where(np.arange(13) == 0, net + pool, net)
    amount = np.rint(rate / 100 * base) + np.rint(rate / 100 * ratio * component)
    found = decompose(iso3, rate, amount, {"B": 0.0, "C": 0.075, "F": 0.4, "I": 0.8, "J": 0.9}, {"USA"}, PERMANENT_MEMBERS)
    assert abs(found.peacekeeping_component - component) < 50 and abs(found.appropriation_net - net) < 5e4
    assert abs(found.appropriation_gross - (net + pool)) < 5e4
    assert abs(found.permanent_ratio - ratio[0]) < 1e-5 and abs(found.premium_from_levels - ratio[0]) < 1e-5
    assert max(abs(row["deviation_usd"]) for row in found.rows) <= 2


def test_total_contributions_refuse_a_year_without_figures(run_cli, finance_url, api):
    result = run_cli("finance", "total-contributions", "--year", "1999", url=finance_url)
    assert result.exit_code != 0 and "no published contributions for 1999" in result.output
    assert api.get("/api/v1/finance/total-contributions", params={"year": 2025}).status_code == 401

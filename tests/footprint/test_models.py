"""The covering models on hand-made instances with a known optimum, and against exhaustive search."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from scipy import sparse

from pko.footprint import center, coverage, drawdown

# Five villages (weights) and four sites; site j reaches the cells listed.
WEIGHT = np.array([10, 20, 30, 40, 55.0])
REACHES = [{0, 1}, {1, 2, 3}, {3, 4}, {4, 0}]


def incidence(reaches=REACHES, cells=5) -> sparse.csr_matrix:
    table = np.zeros((cells, len(reaches)), np.int8)
    for j, reached in enumerate(reaches):
        table[list(reached), j] = 1
    return sparse.csr_matrix(table)


def test_maximal_covering_finds_the_hand_optimum_and_says_why():
    one = coverage.maximal_covering(WEIGHT, incidence(), 1)
    assert (one.status, one.objective, list(one.chosen)) == ("optimal", 95.0, [2])
    two = coverage.maximal_covering(WEIGHT, incidence(), 2)
    assert (two.status, two.objective, list(two.chosen), two.gap) == ("optimal", 155.0, [1, 3], 0.0)
    # Site 1 alone covers villages 1, 2, 3 (20 + 30 + 40); site 3 alone villages 0 and 4 (10 + 55).
    assert list(two.only_it) == [90.0, 65.0]
    assert two.share == 1.0


def test_set_covering_takes_the_fewest_sites_or_says_the_share_is_out_of_reach():
    full = coverage.set_covering(WEIGHT, incidence(), 1.0)
    assert (full.status, full.objective, list(full.chosen)) == ("optimal", 2.0, [1, 3])
    half = coverage.set_covering(WEIGHT, incidence(), 0.6)
    assert (half.status, half.objective) == ("optimal", 1.0)
    short = coverage.set_covering(WEIGHT, incidence(REACHES[:2]), 0.9)  # sites 0 and 1 reach 100 of 155
    assert short.status == "infeasible" and len(short.chosen) == 0
    assert "uncovered" in short.notes[0] and "64.52%" in short.notes[0]


def test_backup_coverage_counts_the_villages_reached_twice():
    plan = coverage.backup_covering(WEIGHT, incidence(), 3)
    # Sites 1, 2, 3: all 155 covered; villages 3 (sites 1, 2) and 4 (sites 2, 3) twice: 95.
    assert (plan.status, list(plan.chosen), plan.covered, plan.covered_twice) == ("optimal", [1, 2, 3], 155.0, 95.0)
    assert plan.objective == pytest.approx(0.5 * 155 + 0.5 * 95)


def test_p_center_and_p_median_on_a_line():
    # Villages at km 0, 10, 20; sites at km 0, 10, 20 and 5; minutes = km.
    minutes = np.abs(np.array([0, 10, 20.0])[:, None] - np.array([0, 10, 20, 5.0])[None, :])
    one = center.p_center(minutes, np.ones(3), 1)
    assert (one.status, one.objective, list(one.chosen)) == ("optimal", 10.0, [1])
    two = center.p_center(minutes, np.ones(3), 2)
    assert (two.status, two.objective, list(two.chosen)) == ("optimal", 5.0, [2, 3])
    median = center.p_median(minutes, np.array([1, 1, 5.0]), 1)  # the heavy village at km 20 draws the site
    assert (median.status, median.objective, list(median.chosen)) == ("optimal", 30.0, [2])


def test_p_center_states_the_demand_no_site_reaches():
    minutes = np.array([[5.0, 7.0], [np.inf, np.inf], [3.0, 1.0]])
    plan = center.p_center(minutes, np.array([1.0, 2.0, 1.0]), 1)
    assert plan.objective == 5.0 and list(plan.chosen) == [0]
    assert plan.notes[0].startswith("uncovered: 1 cells (50.00% of demand)")


def test_drawdown_closes_in_the_order_that_keeps_most_and_never_reopens():
    plan = drawdown.drawdown(WEIGHT, incidence(), np.arange(4), [1, 1, 1])
    assert plan.status == "optimal" and plan.objective == 400.0  # 155 + 155 + 90, by exhaustive search below
    assert [list(p.open) for p in plan.phases] == [[1, 2, 3], [1, 3], [1]]
    assert [list(p.closed) for p in plan.phases] == [[0], [2], [3]]
    assert plan.phases[-1].best == 95.0  # one site alone could keep 95, but not after the best two


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="p = 5 sites asked of 4 candidates"):
        coverage.maximal_covering(WEIGHT, incidence(), 5)
    with pytest.raises(ValueError, match="close 5 sites but only 4 are open"):
        drawdown.drawdown(WEIGHT, incidence(), np.arange(4), [2, 3])
    with pytest.raises(ValueError, match="3 demand weights but a coverage matrix of 5 cells"):
        coverage.maximal_covering(WEIGHT[:3], incidence(), 1)


def _covered(weight, table, sites):
    return weight[table[:, list(sites)].any(axis=1)].sum() if sites else 0.0


@pytest.mark.parametrize("seed", range(6))
def test_the_models_match_exhaustive_search(seed):
    rng = np.random.default_rng(seed)
    cells, sites, p = 14, 7, 3
    weight = rng.integers(1, 20, cells).astype(float)
    table = rng.random((cells, sites)) < 0.3
    best = max(_covered(weight, table, s) for s in combinations(range(sites), p))
    assert coverage.maximal_covering(weight, sparse.csr_matrix(table), p).objective == pytest.approx(best)
    reachable = weight[table.any(axis=1)].sum()
    fewest = min(len(s) for r in range(1, sites + 1) for s in combinations(range(sites), r)
                 if _covered(weight, table, s) >= reachable)
    assert coverage.set_covering(weight, sparse.csr_matrix(table), reachable / weight.sum()).objective == fewest
    minutes = rng.integers(1, 60, (cells, sites)).astype(float)
    worst = min(minutes[:, list(s)].min(axis=1).max() for s in combinations(range(sites), p))
    assert center.p_center(minutes, weight, p).objective == worst
    total = min((weight * minutes[:, list(s)].min(axis=1)).sum() for s in combinations(range(sites), p))
    assert center.p_median(minutes, weight, p).objective == pytest.approx(total)
    order = [1, 2, 2]
    best_sum = 0.0
    for first in combinations(range(sites), sites - 1):
        for second in combinations(first, sites - 3):
            for third in combinations(second, sites - 5):
                best_sum = max(best_sum, sum(_covered(weight, table, s) for s in (first, second, third)))
    assert drawdown.drawdown(weight, sparse.csr_matrix(table), np.arange(sites), order).objective == pytest.approx(best_sum)


@pytest.mark.parametrize("seed", range(4))
def test_setting_sites_aside_first_keeps_the_optimum(seed, monkeypatch):
    monkeypatch.setattr(coverage, "SCREEN_ROWS", 0)  # screen even this small instance
    rng = np.random.default_rng(100 + seed)
    cells, sites, p = 40, 12, 3
    weight = rng.integers(1, 30, cells).astype(float)
    table = rng.random((cells, sites)) < 0.2
    best = max(_covered(weight, table, s) for s in combinations(range(sites), p))
    plan = coverage.maximal_covering(weight, sparse.csr_matrix(table), p)
    assert plan.status == "optimal" and plan.objective == pytest.approx(best)
    assert _covered(weight, table, plan.chosen.tolist()) == pytest.approx(best)
    assert "sites set aside" in plan.notes[0]

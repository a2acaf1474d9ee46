"""PKO's covering models reach the objectives of PySAL spopt on the same generated instances."""

from __future__ import annotations

import numpy as np
import pytest

from pko.footprint import center, coverage, reach

spopt = pytest.importorskip("spopt.locate")
pulp = pytest.importorskip("pulp")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PuLP 3 warns of its own 4.0 API


def instance(seed: int, cells: int = 120, sites: int = 25):
    """Villages and candidate sites scattered over a 2-degree square of the Sahel, minutes by ground."""
    rng = np.random.default_rng(seed)
    lat, lon = 15 + 2 * rng.random(cells), -2 + 2 * rng.random(cells)
    candidates = reach.Sites([f"s{j}" for j in range(sites)], 15 + 2 * rng.random(sites), -2 + 2 * rng.random(sites),
                             ["generated"] * sites)
    minutes = reach.straight_line(candidates, lat, lon, speed_kmh=40, detour=1.4).minutes.T.astype(float)
    weight = rng.integers(1, 100, cells).astype(float)
    return minutes, weight


def solver():
    return pulp.HiGHS(msg=False) if "HiGHS" in pulp.listSolvers(onlyAvailable=True) else pulp.PULP_CBC_CMD(msg=False)


@pytest.mark.parametrize("seed,screen", [(1, False), (2, False), (3, False), (4, True), (5, True)])
def test_maximal_covering_equals_spopt(seed, screen, monkeypatch):
    if screen:
        monkeypatch.setattr(coverage, "SCREEN_ROWS", 0)
    minutes, weight = instance(seed, cells=400, sites=60)
    theirs = spopt.MCLP.from_cost_matrix(minutes, weight, service_radius=120.0, p_facilities=4).solve(solver())
    ours = coverage.maximal_covering(weight, minutes <= 120.0, 4)
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective), rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_set_covering_equals_spopt(seed):
    minutes, weight = instance(seed)
    limit = float(minutes.min(axis=1).max()) + 30  # every village within reach of some site
    theirs = spopt.LSCP.from_cost_matrix(minutes, service_radius=limit).solve(solver())
    ours = coverage.set_covering(weight, minutes <= limit, 1.0)
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective))


@pytest.mark.parametrize("seed", [1, 2])
def test_p_center_and_p_median_equal_spopt(seed):
    minutes, weight = instance(seed, cells=60, sites=15)
    theirs = spopt.PCenter.from_cost_matrix(minutes, p_facilities=3).solve(solver())
    ours = center.p_center(minutes, weight, 3)
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective), rel=1e-6)
    theirs = spopt.PMedian.from_cost_matrix(minutes, weight, p_facilities=3).solve(solver())
    ours = center.p_median(minutes, weight, 3)
    assert ours.objective == pytest.approx(pulp.value(theirs.problem.objective), rel=1e-6)

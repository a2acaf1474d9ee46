"""Invariants of the footprint engine over generated instances (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pko.footprint import coverage, drawdown, reach

SETTINGS = settings(max_examples=25, deadline=None)


@st.composite
def places(draw, most_cells=30, most_sites=8):
    seed = draw(st.integers(0, 2**31 - 1))
    cells, sites = draw(st.integers(1, most_cells)), draw(st.integers(2, most_sites))
    rng = np.random.default_rng(seed)
    lat, lon = 14 + rng.random(cells), -1 + rng.random(cells)
    candidates = reach.Sites([f"s{j}" for j in range(sites)], 14 + rng.random(sites), -1 + rng.random(sites),
                             ["generated"] * sites)
    weight = rng.integers(0, 50, cells).astype(float)
    limit = draw(st.floats(10, 200))
    return lat, lon, candidates, weight, limit


@SETTINGS
@given(places())
def test_coverage_never_falls_as_p_rises(case):
    lat, lon, sites, weight, limit = case
    covers = reach.straight_line(sites, lat, lon).covers(limit)
    curve = coverage.coverage_curve(weight, covers, len(sites))
    covered = [plan.covered for plan in curve]
    assert all(b >= a - 1e-9 for a, b in zip(covered, covered[1:]))
    assert all(plan.status == "optimal" for plan in curve)


@SETTINGS
@given(places(), st.data())
def test_a_drawdown_never_reopens_a_site(case, data):
    lat, lon, sites, weight, limit = case
    covers = reach.straight_line(sites, lat, lon).covers(limit)
    close = data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=4).filter(lambda c: sum(c) <= len(sites)))
    plan = drawdown.drawdown(weight, covers, np.arange(len(sites)), close)
    before = set(range(len(sites)))
    for phase, count in zip(plan.phases, close):
        now = set(phase.open.tolist())
        assert now <= before and len(before - now) == count
        assert set(phase.closed.tolist()) == before - now
        before = now


@SETTINGS
@given(places(), st.integers(1, 3))
def test_a_cell_counts_as_covered_only_within_the_limit(case, p):
    lat, lon, sites, weight, limit = case
    p = min(p, len(sites))
    ground = reach.straight_line(sites, lat, lon, speed_kmh=40, detour=1.4)
    plan = coverage.maximal_covering(weight, ground.covers(limit), p)
    # Independently: great-circle km x 1.4 at 40 km/h from the nearest chosen site.
    km = reach.haversine_km(sites.latitude[plan.chosen], sites.longitude[plan.chosen], lat, lon)
    within = (km * 1.4 * 60 / 40).min(axis=0) <= limit + 1e-4
    assert plan.covered == np.float64(weight[within].sum()) or abs(plan.covered - weight[within].sum()) < 1e-6
    assert plan.covered <= plan.total - plan.unreachable + 1e-9

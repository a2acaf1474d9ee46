"""Maximal covering at mission scale: PKO (HiGHS on merged demand rows) against PySAL spopt on the same instance.

Demand cells and candidate sites are scattered over a Mali-sized box, weights drawn from a heavy-tailed law
(a few towns, many hamlets); reach is great-circle distance x 1.4 at 40 km/h; a cell is covered within T.
Prints sizes, seeds, times, objectives and their spread over seeds; then the coverage curve p = 1..P.

    python bench/footprint.py                      # 20,000 cells x 2,000 sites, T = 120 min, p = 20, 3 seeds
    python bench/footprint.py --cells 5000 --sites 500 --seeds 1 --curve 20   # a reduced run
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from pko.footprint import coverage, reach


def instance(seed: int, cells: int, sites: int):
    rng = np.random.default_rng(seed)
    lat, lon = 11 + 9 * rng.random(cells), -11 + 14 * rng.random(cells)
    weight = np.round(rng.pareto(1.5, cells) * 100 + 1)
    candidates = reach.Sites([f"s{j}" for j in range(sites)], 11 + 9 * rng.random(sites), -11 + 14 * rng.random(sites),
                             ["generated"] * sites)
    return weight, reach.straight_line(candidates, lat, lon, speed_kmh=40, detour=1.4)


def spopt_objective(minutes: np.ndarray, weight: np.ndarray, limit: float, p: int, seconds: float):
    import pulp
    from spopt.locate import MCLP

    started = time.perf_counter()
    model = MCLP.from_cost_matrix(minutes, weight, service_radius=limit, p_facilities=p)
    model.solve(pulp.HiGHS(msg=False, timeLimit=seconds))
    return pulp.value(model.problem.objective), time.perf_counter() - started, pulp.LpStatus[model.problem.status]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=20_000)
    parser.add_argument("--sites", type=int, default=2_000)
    parser.add_argument("--limit", type=float, default=120.0, help="T, minutes")
    parser.add_argument("--p", type=int, default=20)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--curve", type=int, default=40, help="coverage curve up to this p (0: none)")
    parser.add_argument("--spopt-seconds", type=float, default=600.0, help="time limit given to spopt's solver")
    parser.add_argument("--no-spopt", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f} / {os.getloadavg()[2]:.2f} on "
          f"{os.cpu_count()} cores")
    print(f"{args.cells:,} demand cells x {args.sites:,} candidate sites, T = {args.limit:g} min, p = {args.p}, "
          f"seeds 1..{args.seeds}")
    ours_t, ratios = [], []
    for seed in range(1, args.seeds + 1):
        started = time.perf_counter()
        weight, reached = instance(seed, args.cells, args.sites)
        covers = reached.covers(args.limit)
        built = time.perf_counter() - started
        plan = coverage.maximal_covering(weight, covers, args.p, time_limit=60.0)
        rows = len(coverage.patterns(weight, covers).weight)
        ours_t.append(plan.seconds)
        print(f"seed {seed}: reach matrix {built:.1f} s ({covers.nnz:,} cell-site pairs within T, {rows:,} merged rows); "
              f"PKO {plan.status} {plan.objective:,.0f} (bound {plan.bound:,.0f}, gap {plan.gap:.1e}) in {plan.seconds:.2f} s")
        if not args.no_spopt:
            theirs, seconds, status = spopt_objective(reached.minutes.T, weight, args.limit, args.p, args.spopt_seconds)
            same = abs(theirs - plan.objective) <= 1e-6 * max(1.0, abs(theirs))
            ratios.append(seconds / plan.seconds)
            print(f"        spopt (PuLP + HiGHS) {status} {theirs:,.0f} in {seconds:.2f} s: "
                  f"{seconds / plan.seconds:.1f}x slower; same objective: {same}")
    print(f"PKO seconds over seeds: median {statistics.median(ours_t):.2f}, min {min(ours_t):.2f}, max {max(ours_t):.2f}")
    if ratios:
        print(f"spopt / PKO time: median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x, max {max(ratios):.1f}x")
    if args.curve:
        weight, reached = instance(1, args.cells, args.sites)
        started = time.perf_counter()
        curve = coverage.coverage_curve(weight, reached.covers(args.limit), args.curve, time_limit=60.0)
        optimal = sum(plan.status == "optimal" for plan in curve)
        print(f"coverage curve p = 1..{args.curve} (seed 1): {time.perf_counter() - started:.1f} s, {optimal} optimal, "
              f"covered {100 * curve[0].share:.1f}% .. {100 * curve[-1].share:.1f}%")


if __name__ == "__main__":
    main()

"""Benchmark of the force-generation optimiser on generated scenarios (goal: proven optimum at 10,000 x 500 in <= 10 s).

For each size: eligible pairs after pruning, model build time, CP-SAT status/time/gap, HiGHS on the same
model (time, agreement), PuLP/CBC when pulp is importable (time ratio), and the greedy-by-priority baseline
(objective ratio to the optimum; over several seeds, how often it is suboptimal), and the solver that plans use by
default ("auto": CP-SAT up to solvers.CPSAT_MAX_PAIRS pairs, HiGHS above) with its time. Then the deployment-timeline
Monte Carlo over 10,000 runs in 1 and 2 processes (speed-up, identical results).
The Monte Carlo part times the full run arrays sent back by each process against runs reduced inside the workers
(per mission and share one day, per unit one probability), in 1 and 2 processes and on Dask.
Usage: .venv/bin/python bench/forcegen.py [--sizes 1000x100,10000x500] [--seeds 3] [--time-limit 60] [--database-url URL]
       [--cluster local|tcp://host:8786] [--no-optimiser]
"""

from __future__ import annotations

import argparse
import math
import os
import time
from datetime import date

import numpy as np

from pko.forcegen import highs, optimiser, scenario, solvers, timeline
from pko.forcegen.greedy import greedy
from pko.forcegen.units import PCRS_ORDER

GOAL_SECONDS = 10.0
SIZES = "1000x100,2500x200,5000x300,10000x500"


def cbc(model: optimiser.Model, time_limit: float) -> tuple[str, int, float]:
    """The same model through PuLP and CBC: status, objective, seconds."""
    import pulp

    started = time.perf_counter()
    problem = pulp.LpProblem("forcegen", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x{i}", cat="Binary") for i in range(len(model.pair_unit))]
    problem += pulp.lpSum(int(s) * v for s, v in zip(model.score, x))
    for k, row in enumerate(model.rows):
        expr = pulp.lpSum(float(c) * x[i] for i, c in zip(row.cols, row.coefs))
        if row.lo == row.hi:
            problem += expr == row.lo, f"r{k}"
        else:
            if row.lo > -math.inf and (row.lo != 0 or (row.coefs < 0).any()):
                problem += expr >= row.lo, f"l{k}"
            if row.hi < math.inf:
                problem += expr <= row.hi, f"u{k}"
    problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, threads=2))
    chosen = [i for i, v in enumerate(x) if (v.value() or 0) > 0.5]
    return pulp.LpStatus[problem.status].lower(), int(model.score[chosen].sum()), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=SIZES, help="units x slots, comma-separated")
    parser.add_argument("--seeds", type=int, default=1, help="scenarios per size")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8, help="CP-SAT workers")
    parser.add_argument("--no-cbc", action="store_true")
    parser.add_argument("--timeline-units", type=int, default=2000, help="Monte Carlo: units simulated over 10,000 runs (0: skip)")
    parser.add_argument("--database-url", help="Calibrate scenarios on this loaded database (default: built-in defaults)")
    parser.add_argument("--cluster", default="local", help="Dask scheduler for the timeline (tcp://host:8786) or 'local'")
    parser.add_argument("--no-optimiser", action="store_true", help="Only the timeline part")
    args = parser.parse_args()
    try:
        import pulp  # noqa: F401
        with_cbc = not args.no_cbc
    except ImportError:
        with_cbc = False
    calibration = scenario.DEFAULT
    if args.database_url:
        from pko.db import engine_for, session_scope
        from pko.forcegen import service

        with session_scope(engine_for(args.database_url)) as session:
            calibration = service.calibration(session)
    print(f"calibration: {calibration.source}")
    if args.no_optimiser:
        args.sizes = ""
    print(f"cores: {os.cpu_count()}, CP-SAT workers: {args.workers}, time limit {args.time_limit:.0f} s, CBC: {with_cbc}")
    print(f"{'size':>11} {'seed':>4} {'pairs':>7} {'build s':>7} {'cp-sat':>9} {'s':>6} {'gap':>8} "
          f"{'highs s':>7} {'agree':>5} {'cbc s':>7} {'greedy/opt':>10} {'auto':>13} {'cbc/auto':>8}")
    proven: list[float] = []
    for size in filter(None, args.sizes.split(",")):
        units, slots = (int(v) for v in size.split("x"))
        suboptimal = 0
        for seed in range(1, args.seeds + 1):
            document = scenario.generate(calibration, seed, units, slots, date(2026, 1, 1))
            started = time.perf_counter()
            model = optimiser.build(*scenario.load(document))
            built = time.perf_counter() - started
            cp = optimiser.solve(model, time_limit=args.time_limit, workers=args.workers)
            mip = highs.solve(model, time_limit=args.time_limit)
            best = max(cp.objective, mip.objective)
            baseline = greedy(model)
            suboptimal += baseline.objective < best
            picked = cp if solvers.chosen(model) == "cpsat" else mip  # what plans use by default
            cbc_s, ratio = "-", "-"
            if with_cbc:
                status, objective, seconds = cbc(model, args.time_limit)
                cbc_s = f"{seconds:7.2f}" + ("" if objective == best else "*")  # *: CBC missed the optimum
                ratio = f"{seconds / picked.seconds:8.2f}"
            agree = "yes" if cp.objective == mip.objective and cp.status == mip.status == "optimal" else "no"
            largest = (units, slots) == (10_000, 500) and picked.status == "optimal"
            proven.extend([picked.seconds] if largest else [])
            print(f"{size:>11} {seed:>4} {len(model.pair_unit):>7} {built:7.2f} {cp.status:>9} {cp.seconds:6.2f} "
                  f"{cp.gap:8.2e} {mip.seconds:7.2f} {agree:>5} {cbc_s:>7} {baseline.objective / best:10.6f} "
                  f"{picked.solver:>6} {picked.seconds:5.2f}s {ratio:>8}", flush=True)
        print(f"{size:>11}: greedy suboptimal in {suboptimal} of {args.seeds} scenarios")
    print(f"goal: proven optimum at 10000x500 within {GOAL_SECONDS:.0f} s; auto (the plans' default) proved it in "
          + (", ".join(f"{t:.2f} s" for t in proven) or "- (size not run or not proven)"))
    if args.timeline_units:
        timelines(args.timeline_units, args.cluster)


def timelines(count: int, address: str, runs: int = 10_000) -> None:
    """10,000 Monte Carlo runs of `count` units: full arrays vs reduced in the workers, 1 and 2 processes, and Dask."""
    from pko.forcegen import cluster

    moves = [timeline.Movement(f"u{i}", f"M{i % 10}", PCRS_ORDER[i % 4], "air" if i % 3 == 0 else "sea", 1500 + 37 * i % 10000)
             for i in range(count)]
    slots = {f"M{k}": count // 10 + 5 for k in range(10)}
    shares = (0.5, 0.8, 1.0)
    timed, answers = {}, {}

    def clock(name, call):
        started = time.perf_counter()
        answers[name] = call()
        timed[name] = time.perf_counter() - started

    clock("full arrays, 1 process", lambda: timeline.simulate(moves, runs, seed=1))
    clock("full arrays, 2 processes", lambda: timeline.simulate(moves, runs, seed=1, workers=2))
    clock("reduced, 1 process", lambda: timeline.summarise(moves, runs, 1, slots, shares))
    clock("reduced, 2 processes", lambda: timeline.summarise(moves, runs, 1, slots, shares, parts=2, mapper=timeline.pool_map(2)))
    with cluster.client_for(address) as client:  # the cluster's start-up is not timed
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        clock(f"reduced, Dask {address} ({workers} workers)",
              lambda: timeline.summarise(moves, runs, 1, slots, shares, parts=workers, mapper=cluster.mapper(client)))
    full = [k for k in answers if k.startswith("full")]
    reduced = [k for k in answers if k.startswith("reduced")]
    same_full = np.array_equal(answers[full[0]], answers[full[1]])
    same_reduced = all(answers[k].days == answers[reduced[0]].days and answers[k].within == answers[reduced[0]].within for k in reduced)
    base = timed["full arrays, 1 process"]
    print(f"timeline: {count} units x {runs:,} runs (seed 1)")
    for name, seconds in timed.items():
        print(f"  {name:<40} {seconds:7.2f} s   speed-up vs full arrays in 1 process {base / seconds:5.2f}")
    print(f"  identical results: full arrays {same_full}, reduced (serial, pool, Dask) {same_reduced}")

if __name__ == "__main__":
    main()

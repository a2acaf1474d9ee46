"""CP-SAT settings at the largest size (10,000 units x 500 slots): time to proven optimum for each variant, same models.

Variants: the default of optimiser.solve (8 workers, linearization level 2, probing off, greedy hint), fewer
workers, no hint, symmetry detection off/on, more LP cuts. The count of interchangeable units and slots (equal in
every field the model reads) says how much explicit symmetry breaking could remove.
Usage: .venv/bin/python bench/forcegen_cpsat.py [--seeds 2] [--time-limit 30] [--database-url URL] [--only NAME,...]
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import astuple, replace
from datetime import date

from pko.forcegen import highs, optimiser, scenario

VARIANTS = {
    "default (8 workers)": {},
    "4 workers": {"num_workers": 4},
    "2 workers": {"num_workers": 2},
    "symmetry off": {"symmetry_level": 0},
    "symmetry level 4": {"symmetry_level": 4},
    "more LP cuts": {"max_all_diff_cut_size": 128, "cut_level": 2},
    "no greedy hint": "no-hint",
}


def interchangeable(model: optimiser.Model) -> tuple[int, int]:
    """Units and slots that have a twin equal in every field the model reads (ids and coordinates aside)."""
    units = [astuple(replace(u, id="")) for u in model.units]
    slots = [astuple(replace(s, id="", latitude=None, longitude=None)) for s in model.slots]
    return len(units) - len(set(units)), len(slots) - len(set(slots))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--database-url", help="Calibrate scenarios on this loaded database (default: built-in defaults)")
    parser.add_argument("--only", help="Comma-separated variant names")
    args = parser.parse_args()
    calibration = scenario.DEFAULT
    if args.database_url:
        from pko.db import engine_for, session_scope
        from pko.forcegen import service

        with session_scope(engine_for(args.database_url)) as session:
            calibration = service.calibration(session)
    chosen = {k: v for k, v in VARIANTS.items() if not args.only or k in args.only.split(",")}
    print(f"calibration: {calibration.source}; cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    for seed in range(1, args.seeds + 1):
        model = optimiser.build(*scenario.load(scenario.generate(calibration, seed, 10_000, 500, date(2026, 1, 1))))
        twins = interchangeable(model)
        reference = highs.solve(model, time_limit=120)
        print(f"seed {seed}: {len(model.pair_unit)} pairs, {twins[0]} units and {twins[1]} slots with a twin; "
              f"HiGHS {reference.status} {reference.objective} in {reference.seconds:.2f} s", flush=True)
        for name, parameters in chosen.items():
            started = time.perf_counter()
            if parameters == "no-hint":
                solution = optimiser.solve(model, time_limit=args.time_limit, relax=("none",))  # a relax skips the hint
            else:
                workers = parameters.get("num_workers", 8)
                solution = optimiser.solve(model, time_limit=args.time_limit, workers=workers,
                                           parameters={k: v for k, v in parameters.items() if k != "num_workers"})
            seconds = time.perf_counter() - started
            agree = "=" if solution.objective == reference.objective else "!="
            print(f"  {name:<22} {solution.status:>9} {seconds:6.2f} s  gap {solution.gap:.2e}  objective {agree} HiGHS "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()

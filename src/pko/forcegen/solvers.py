"""Which solver proves a plan: CP-SAT on small models, HiGHS on large ones where CP-SAT cannot prove in time (pure)."""

from __future__ import annotations

from pko.forcegen import highs, optimiser

SOLVERS = ("auto", "cpsat", "highs")
# bench/forcegen.py, 2 cores: CP-SAT proves 2,000 pairs in 0.2-0.3 s but 20,000 in 14-16 s and 57,000 not in 30 s;
# HiGHS proves them in 0.03, 0.55 and 2.3 s. Above this many pairs "auto" hands the model to HiGHS.
CPSAT_MAX_PAIRS = 5_000


def chosen(model: optimiser.Model, solver: str = "auto") -> str:
    """The solver that `solve` will use for a model."""
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, not {solver!r}")
    if solver == "auto":
        return "cpsat" if len(model.pair_unit) <= CPSAT_MAX_PAIRS else "highs"
    return solver


def solve(model: optimiser.Model, solver: str = "auto", time_limit: float = 10.0, workers: int = 8) -> optimiser.Solution:
    """Solve with the named solver, or with the one `chosen` picks for the model's size."""
    if chosen(model, solver) == "highs":
        return highs.solve(model, time_limit=time_limit)
    return optimiser.solve(model, time_limit=time_limit, workers=workers)

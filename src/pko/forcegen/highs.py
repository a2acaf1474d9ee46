"""The same model as a mixed-integer program handed to HiGHS (highspy), to cross-check CP-SAT (pure)."""

from __future__ import annotations

import ctypes
import math
import os
import sys
import time
from contextlib import contextmanager

import numpy as np

from pko.forcegen.conflict import conflict
from pko.forcegen.optimiser import Model, Solution, empty_mandatory


@contextmanager
def _no_banner():
    """HiGHS prints a banner on the process's stdout as an instance is made, before any option can be set: discard it."""
    sys.stdout.flush()
    saved = os.dup(1)
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        yield
    finally:
        ctypes.CDLL(None).fflush(None)  # what the C library still buffers goes to the sink too
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)


def solve(model: Model, time_limit: float = 60.0, relax: tuple[str, ...] = ()) -> Solution:
    """Maximise the same score under the same rows with HiGHS' branch and cut."""
    import highspy

    started = time.perf_counter()
    with _no_banner():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # integer objective: a gap below 1 proves optimality
    n = len(model.pair_unit)
    inf = highspy.kHighsInf
    impossible = empty_mandatory(model) if "mandatory" not in relax else []
    if impossible:
        return Solution("highs", "infeasible", 0, 0.0, time.perf_counter() - started, np.empty(0, dtype=np.int64), impossible)
    h.addVars(n, np.zeros(n), np.ones(n))
    if n:
        h.changeColsCost(n, np.arange(n, dtype=np.int32), model.score.astype(float))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))
    rows = [r for r in model.rows if r.family not in relax]
    if rows:
        lower = np.array([-inf if r.lo == -math.inf else r.lo for r in rows], dtype=float)
        upper = np.array([inf if r.hi == math.inf else r.hi for r in rows], dtype=float)
        starts = np.cumsum([0] + [len(r.cols) for r in rows[:-1]]).astype(np.int32)
        index = np.concatenate([r.cols for r in rows]).astype(np.int32)
        values = np.concatenate([r.coefs for r in rows]).astype(float)
        h.addRows(len(rows), lower, upper, len(index), starts, index, values)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    if n and not relax:
        from pko.forcegen.greedy import greedy

        start = highspy.HighsSolution()  # a feasible first plan: stopped by the time limit, HiGHS still has one
        values = np.zeros(n)
        values[greedy(model).chosen] = 1.0
        start.col_value = values.tolist()
        start.value_valid = True
        h.setSolution(start)
    h.run()
    status = h.getModelStatus()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:  # the conflicting constraints are named by CP-SAT's core
        return Solution("highs", "infeasible", 0, 0.0, seconds, np.empty(0, dtype=np.int64), conflict(model, rows, time_limit))
    if status == highspy.HighsModelStatus.kOptimal:
        name = "optimal"
    elif info.primal_solution_status == 2:
        name = "feasible"
    else:
        return Solution("highs", "unknown", 0, info.mip_dual_bound, seconds, np.empty(0, dtype=np.int64))
    x = np.asarray(h.getSolution().col_value) if n else np.empty(0)
    chosen = np.flatnonzero(x > 0.5).astype(np.int64)
    return Solution("highs", name, int(model.score[chosen].sum()), float(info.mip_dual_bound) if n else 0.0, seconds, chosen)

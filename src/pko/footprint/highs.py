"""One mixed-integer program handed to HiGHS, answered with status, objective, bound, gap and time (pure)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from pko.forcegen.highs import _no_banner

REL_GAP = 1e-7  # stop when the incumbent is within this share of the bound: "optimal" to this tolerance


@dataclass
class Outcome:
    """What the solver proved: status ('optimal', 'feasible' at the time limit, 'infeasible', 'unknown')."""

    status: str
    x: np.ndarray
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float


def solve(cost: np.ndarray, lower: np.ndarray, upper: np.ndarray, integer: np.ndarray, rows: sparse.csr_matrix,
          row_lower: np.ndarray, row_upper: np.ndarray, *, maximise: bool, time_limit: float = 60.0,
          start: np.ndarray | None = None, rel_gap: float = REL_GAP) -> Outcome:
    """Optimise cost . x over lower <= x <= upper, row_lower <= rows @ x <= row_upper, x integer where asked."""
    import highspy

    started = time.perf_counter()
    with _no_banner():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(rel_gap))
    n = len(cost)
    inf = highspy.kHighsInf
    h.addVars(n, np.asarray(lower, float), np.where(np.isinf(upper), inf, upper).astype(float))
    columns = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, columns, np.asarray(cost, float))
    if integer.any():
        kinds = np.where(integer, highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous)
        h.changeColsIntegrality(n, columns, kinds)
    rows = sparse.csr_matrix(rows)
    lo = np.where(np.isinf(row_lower), -inf, row_lower).astype(float)
    hi = np.where(np.isinf(row_upper), inf, row_upper).astype(float)
    h.addRows(rows.shape[0], lo, hi, rows.nnz, rows.indptr.astype(np.int32), rows.indices.astype(np.int32),
              rows.data.astype(float))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
    if start is not None:
        first = highspy.HighsSolution()
        first.col_value = np.asarray(start, float).tolist()
        first.value_valid = True
        h.setSolution(first)
    h.run()
    status = h.getModelStatus()
    seconds = time.perf_counter() - started
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return Outcome("infeasible", np.empty(0), None, None, None, seconds)
    has_solution = info.primal_solution_status == 2
    if not has_solution:
        return Outcome("unknown", np.empty(0), None, _finite(info.mip_dual_bound), None, seconds)
    x = np.asarray(h.getSolution().col_value)
    objective = float(info.objective_function_value)
    discrete = bool(integer.any())
    bound = _finite(info.mip_dual_bound) if discrete else objective
    gap = abs(bound - objective) / max(abs(objective), 1e-9) if bound is not None else None
    name = "optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible"
    return Outcome(name, x, objective, bound, gap, seconds)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) and abs(value) < 1e300 else None


def row_duals(cost: np.ndarray, rows: sparse.csr_matrix, row_lower: np.ndarray, row_upper: np.ndarray, *,
              maximise: bool, time_limit: float = 30.0, solver: str = "pdlp") -> np.ndarray | None:
    """The row duals of the linear relaxation over 0 <= x <= 1 (first-order PDLP by default), or None if unsolved."""
    import highspy

    with _no_banner():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("solver", solver)
    n = len(cost)
    inf = highspy.kHighsInf
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, float))
    rows = sparse.csr_matrix(rows)
    h.addRows(rows.shape[0], np.where(np.isinf(row_lower), -inf, row_lower).astype(float),
              np.where(np.isinf(row_upper), inf, row_upper).astype(float), rows.nnz, rows.indptr.astype(np.int32),
              rows.indices.astype(np.int32), rows.data.astype(float))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
    h.run()
    duals = np.asarray(h.getSolution().row_dual, float)
    return duals if len(duals) == rows.shape[0] and np.isfinite(duals).all() else None

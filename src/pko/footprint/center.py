"""Response-time models over a cell x site matrix of minutes: p-center and p-median (pure)."""

from __future__ import annotations

import time

import numpy as np
from scipy import sparse

from pko.footprint import highs
from pko.footprint.coverage import Plan, _check_p, explain, patterns

MEDIAN_PAIRS = 2_000_000  # the p-median's assignment variables; beyond, the model is refused


def _demand(minutes: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    minutes = np.asarray(minutes, float)
    weight = np.asarray(weight, float)
    if minutes.shape[0] != len(weight):
        raise ValueError(f"{len(weight)} demand weights but a time matrix of {minutes.shape[0]} cells")
    reachable = np.isfinite(minutes).any(axis=1)
    cells = np.flatnonzero(reachable & (weight > 0))
    notes = []
    if (~reachable & (weight > 0)).any():
        lost = weight[~reachable].sum()
        notes.append(f"uncovered: {int((~reachable & (weight > 0)).sum())} cells ({100 * lost / weight.sum():.2f}% of "
                     f"demand) are beyond reach of every candidate and are left out")
    return minutes, cells, notes


def _fewest(minutes: np.ndarray, cells: np.ndarray, radius: float, p: int, time_limit: float) -> tuple[bool | None, np.ndarray]:
    """Whether at most p sites reach every cell within `radius` (None when the solver could not tell), and such sites."""
    rows = sparse.csr_matrix(minutes[cells] <= radius, dtype=np.int8)
    m = minutes.shape[1]
    outcome = highs.solve(np.ones(m), np.zeros(m), np.ones(m), np.ones(m, bool), rows, np.ones(len(cells)),
                          np.full(len(cells), np.inf), maximise=False, time_limit=time_limit, rel_gap=0.0)
    if outcome.status == "infeasible":
        return False, np.empty(0, np.int64)
    if outcome.objective is not None and outcome.objective <= p + 0.5:
        return True, np.flatnonzero(outcome.x > 0.5)
    if outcome.bound is not None and outcome.bound > p + 0.5 - 1e-6:
        return False, np.empty(0, np.int64)
    return None, np.empty(0, np.int64)


def p_center(minutes: np.ndarray, weight: np.ndarray, p: int, *, time_limit: float = 60.0) -> Plan:
    """The p sites that make the worst response time to any demand cell the smallest.

    The optimum is one of the matrix's times: a bisection over them, each step a set covering with at most p sites."""
    started = time.perf_counter()
    minutes, cells, notes = _demand(minutes, weight)
    _check_p(p, minutes.shape[1])
    block = minutes[cells]
    low = float(block.min(axis=1).max()) if len(cells) else 0.0  # each cell needs some site
    values = np.unique(block[np.isfinite(block) & (block >= low)])
    lo, hi, best, proven = 0, len(values) - 1, None, True
    while lo <= hi:
        mid = (lo + hi) // 2
        left = max(time_limit - (time.perf_counter() - started), 1.0)
        feasible, sites = _fewest(minutes, cells, values[mid], p, left)
        if feasible:
            best, hi = (values[mid], sites), mid - 1
        else:
            proven &= feasible is not None
            lo = mid + 1
    if best is None:
        outcome = highs.Outcome("unknown", np.empty(0), None, None, None, time.perf_counter() - started)
        return explain(patterns(weight, sparse.csr_matrix(minutes.shape)), np.empty(0, np.int64), "p-center", outcome, notes)
    radius, sites = best
    sites = _fill(minutes, cells, sites, p)
    bound = float(values[lo - 1]) if proven or lo == 0 else None
    outcome = highs.Outcome("optimal" if proven else "feasible", np.empty(0), float(radius),
                            float(radius) if proven else bound, 0.0 if proven else None, time.perf_counter() - started)
    covers = sparse.csr_matrix(minutes <= radius, dtype=np.int8)
    return explain(patterns(weight, covers), sites, "p-center", outcome,
                   notes + [f"objective: the worst response time, {radius:.1f} minutes"])


def _fill(minutes: np.ndarray, cells: np.ndarray, sites: np.ndarray, p: int) -> np.ndarray:
    """Top up a set of fewer than p sites with those that most lower the total response time."""
    chosen = list(map(int, sites))
    while len(chosen) < min(p, minutes.shape[1]):
        current = minutes[np.ix_(cells, chosen)].min(axis=1) if chosen else np.full(len(cells), np.inf)
        gain = np.where(np.isfinite(current)[:, None], np.maximum(current[:, None] - minutes[cells], 0), 1e9).sum(axis=0)
        gain[chosen] = -1
        chosen.append(int(np.argmax(gain)))
    return np.asarray(sorted(chosen), np.int64)


def p_median(minutes: np.ndarray, weight: np.ndarray, p: int, *, time_limit: float = 60.0) -> Plan:
    """The p sites that make the weighted mean response time the smallest: min sum w_i t_ij z_ij,
    sum_j z_ij = 1, z_ij <= x_j, sum x = p."""
    minutes, cells, notes = _demand(minutes, weight)
    _check_p(p, minutes.shape[1])
    cell_of, site_of = np.nonzero(np.isfinite(minutes[cells]))
    pairs, m, n = len(cell_of), minutes.shape[1], len(cells)
    if pairs > MEDIAN_PAIRS:
        raise ValueError(f"p-median over {pairs:,} cell-site pairs exceeds {MEDIAN_PAIRS:,}: use maximal covering "
                         "or a coarser grid")
    w = np.asarray(weight, float)[cells]
    cost = np.concatenate([np.zeros(m), w[cell_of] * minutes[cells][cell_of, site_of]])
    z = m + np.arange(pairs)
    assign = sparse.csr_matrix((np.ones(pairs), (cell_of, z)), shape=(n, m + pairs))
    link = sparse.csr_matrix((np.concatenate([np.ones(pairs), -np.ones(pairs)]),
                              (np.tile(np.arange(pairs), 2), np.concatenate([z, site_of]))), shape=(pairs, m + pairs))
    count = sparse.csr_matrix((np.ones(m), (np.zeros(m, int), np.arange(m))), shape=(1, m + pairs))
    rows = sparse.vstack([assign, link, count]).tocsr()
    lower = np.concatenate([np.ones(n), np.full(pairs, -np.inf), [p]])
    upper = np.concatenate([np.ones(n), np.zeros(pairs), [p]])
    outcome = highs.solve(cost, np.zeros(m + pairs), np.ones(m + pairs), np.arange(m + pairs) < m, rows, lower, upper,
                          maximise=False, time_limit=time_limit)
    chosen = np.flatnonzero(outcome.x[:m] > 0.5) if outcome.x.size else np.empty(0, np.int64)
    covers = sparse.csr_matrix(np.isfinite(minutes), dtype=np.int8)
    mean = outcome.objective / w.sum() if outcome.objective is not None and w.sum() > 0 else None
    return explain(patterns(weight, covers), chosen, "p-median", outcome,
                   notes + ([f"objective: weighted total response time; mean {mean:.1f} minutes"] if mean is not None else []))

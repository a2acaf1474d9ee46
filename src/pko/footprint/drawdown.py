"""Drawdown: the order in which to close today's sites, phase by phase, keeping the most coverage (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from pko.footprint import highs
from pko.footprint.coverage import maximal_covering, patterns


@dataclass
class Phase:
    """One phase: the sites still open after it, those it closes, what they cover and the best any such number could."""

    number: int
    open: np.ndarray
    closed: np.ndarray
    covered: float
    best: float


@dataclass
class Drawdown:
    """The closing sequence (a site once closed stays closed) and what the solver proved about it."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    total: float
    start: float
    phases: list[Phase]
    notes: list[str] = field(default_factory=list)


def schedule(open_sites: int, close: list[int]) -> list[int]:
    """How many sites stay open after each phase; refuses a plan that closes more than are open."""
    if any(c < 0 for c in close) or not close:
        raise ValueError("each phase closes a non-negative number of sites, and there is at least one phase")
    left = np.cumsum(close)
    if left[-1] > open_sites:
        raise ValueError(f"the phases close {int(left[-1])} sites but only {open_sites} are open")
    return [open_sites - int(c) for c in left]


def drawdown(weight: np.ndarray, covers: sparse.spmatrix, open_sites: np.ndarray, close: list[int], *,
             time_limit: float = 60.0) -> Drawdown:
    """Maximise the coverage summed over phases, with x_(j,t) <= x_(j,t-1) (never reopen) and sum_j x_(j,t) = open_t."""
    open_sites = np.unique(np.asarray(open_sites, np.int64))
    if len(open_sites) and (open_sites.min() < 0 or open_sites.max() >= covers.shape[1]):
        raise ValueError(f"an open site is not among the {covers.shape[1]} candidate sites")
    counts = schedule(len(open_sites), close)
    pat = patterns(weight, sparse.csc_matrix(covers)[:, open_sites])
    n, k, phases = len(open_sites), len(pat.weight), len(counts)
    width = n + k  # each phase's columns: x (open sites) then y (patterns)
    blocks, lower, upper = [], [], []
    for t, count in enumerate(counts):
        left = sparse.csr_matrix((k + 1, width * t))
        right = sparse.csr_matrix((k + 1, width * (phases - t - 1)))
        own = sparse.vstack([sparse.hstack([-pat.rows, sparse.identity(k)]),
                             sparse.hstack([np.ones((1, n)), sparse.csr_matrix((1, k))])])
        blocks.append(sparse.hstack([left, own, right]))
        lower += [-np.inf] * k + [count]
        upper += [0.0] * k + [count]
        if t:  # x_(j,t) - x_(j,t-1) <= 0
            keep = sparse.hstack([sparse.csr_matrix((n, width * (t - 1))), -sparse.identity(n), sparse.csr_matrix((n, k)),
                                  sparse.identity(n), sparse.csr_matrix((n, k + width * (phases - t - 1)))])
            blocks.append(keep)
            lower += [-np.inf] * n
            upper += [0.0] * n
    rows = sparse.vstack(blocks).tocsr()
    columns = width * phases
    integer = np.tile(np.arange(width) < n, phases)
    cost = np.tile(np.concatenate([np.zeros(n), pat.weight]), phases)
    start = _greedy_start(pat, counts)
    outcome = highs.solve(cost, np.zeros(columns), np.ones(columns), integer, rows, np.asarray(lower), np.asarray(upper),
                          maximise=True, time_limit=time_limit, start=start)
    x = outcome.x if outcome.x.size else start
    result, before = [], np.arange(n)
    for t, count in enumerate(counts):
        now = np.flatnonzero(x[t * width:t * width + n] > 0.5)
        covered = float(pat.weight[np.asarray(pat.rows[:, now].sum(axis=1)).ravel() > 0].sum())
        best = maximal_covering(pat.weight, pat.rows, count, time_limit=time_limit, pat=pat).covered if count else 0.0
        result.append(Phase(t + 1, open_sites[now], open_sites[np.setdiff1d(before, now)], covered, best))
        before = now
    start_cover = float(pat.weight[np.asarray(pat.rows.sum(axis=1)).ravel() > 0].sum())
    notes = ["objective: coverage summed over the phases; 'best' is the most any set of that many of today's sites covers"]
    return Drawdown(outcome.status, outcome.objective, outcome.bound, outcome.gap, outcome.seconds, pat.total,
                    start_cover, result, notes)


def _greedy_start(pat, counts: list[int]) -> np.ndarray:
    """Close, one at a time, the open site whose loss costs the least coverage: a feasible first sequence."""
    n, k = pat.sites, len(pat.weight)
    open_now = list(range(n))
    x = np.zeros((n + k) * len(counts))
    for t, count in enumerate(counts):
        while len(open_now) > count:
            reach = np.asarray(pat.rows[:, open_now].sum(axis=1)).ravel()
            loss = [pat.weight[(reach == 1) & (pat.rows[:, j].toarray().ravel() > 0)].sum() for j in open_now]
            open_now.pop(int(np.argmin(loss)))
        base = t * (n + k)
        x[base + np.asarray(open_now, int)] = 1.0
        x[base + n:base + n + k] = np.minimum(pat.rows[:, open_now].sum(axis=1).A.ravel(), 1.0) if open_now else 0.0
    return x

"""Covering models over a cell x site incidence: maximal covering, its curve, set covering, backup coverage (pure).

Cells that no candidate reaches are set aside as "unreachable" (stated in every plan); cells that the same
sites reach are merged into one row with their summed weight, which leaves every optimum unchanged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from pko.footprint import highs


@dataclass
class Plan:
    """One solved model: what the solver proved, the sites chosen and why each one (the demand only it covers)."""

    model: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    chosen: np.ndarray
    covered: float
    total: float
    unreachable: float
    only_it: np.ndarray
    covered_twice: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Covered share of all demand, in [0, 1]."""
        return self.covered / self.total if self.total > 0 else 0.0


@dataclass
class Patterns:
    """Demand cells merged by the set of sites that reach them; cells reached by none are left out."""

    weight: np.ndarray
    rows: sparse.csr_matrix  # pattern x site
    total: float
    unreachable: float
    sites: int

    @property
    def by_site(self) -> sparse.csr_matrix:
        """Site x pattern, for the patterns each site reaches."""
        return self.rows.T.tocsr()


def patterns(weight: np.ndarray, covers: sparse.spmatrix) -> Patterns:
    """Merge the cells with positive weight that the same sites reach."""
    weight = np.asarray(weight, float)
    if covers.shape[0] != len(weight):
        raise ValueError(f"{len(weight)} demand weights but a coverage matrix of {covers.shape[0]} cells")
    if (weight < 0).any() or not np.isfinite(weight).all():
        raise ValueError(f"demand weight of cell {int(np.flatnonzero(~(weight >= 0))[0])} is negative or not a number")
    matrix = sparse.csr_matrix(covers, dtype=np.int8)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    reached = np.diff(matrix.indptr) > 0
    keep = np.flatnonzero(reached & (weight > 0))
    index: dict[bytes, int] = {}
    merged: list[float] = []
    rows: list[np.ndarray] = []
    for i in keep.tolist():
        sites = matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]]
        k = index.setdefault(sites.tobytes(), len(merged))
        if k == len(merged):
            merged.append(0.0)
            rows.append(sites)
        merged[k] += weight[i]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.concatenate(rows).astype(np.int32) if rows else np.empty(0, np.int32)
    table = sparse.csr_matrix((np.ones(len(indices), np.int8), indices, indptr), shape=(len(rows), matrix.shape[1]))
    return Patterns(np.asarray(merged), table, float(weight.sum()), float(weight[~reached].sum()), matrix.shape[1])


def explain(pat: Patterns, chosen: np.ndarray, model: str, outcome: highs.Outcome, notes: list[str] | None = None) -> Plan:
    """A plan from chosen sites: covered demand, demand covered twice, and the demand only each site covers."""
    chosen = np.sort(np.asarray(chosen, np.int64))
    counts = np.asarray(pat.rows[:, chosen].sum(axis=1)).ravel() if len(chosen) else np.zeros(len(pat.weight))
    alone = pat.rows[:, chosen].multiply((counts == 1)[:, None]).tocsc() if len(chosen) else None
    only = np.asarray(alone.T @ pat.weight).ravel() if alone is not None else np.empty(0)
    notes = list(notes or [])
    if pat.unreachable > 0:
        notes.append(f"{100 * pat.unreachable / pat.total:.2f}% of demand is beyond reach of every candidate site")
    idle = [int(j) for j, w in zip(chosen, only) if w == 0 and not pat.rows[:, j].nnz]
    if idle:
        notes.append(f"{len(idle)} chosen sites reach no demand cell within the limit")
    return Plan(model, outcome.status, outcome.objective, outcome.bound, outcome.gap, outcome.seconds, chosen,
                float(pat.weight[counts >= 1].sum()), pat.total, pat.unreachable, only,
                float(pat.weight[counts >= 2].sum()), notes)


def greedy(pat: Patterns, p: int, start: np.ndarray | None = None) -> np.ndarray:
    """Add the site that covers the most still-uncovered demand, p times over (after `start`)."""
    by_site = pat.by_site
    uncovered = np.ones(len(pat.weight), bool)
    chosen = [] if start is None else [int(j) for j in start]
    for j in chosen:
        uncovered[by_site.indices[by_site.indptr[j]:by_site.indptr[j + 1]]] = False
    while len(chosen) < min(p, pat.sites):
        gain = by_site @ (pat.weight * uncovered)
        gain[chosen] = -1.0
        j = int(np.argmax(gain))
        chosen.append(j)
        uncovered[by_site.indices[by_site.indptr[j]:by_site.indptr[j + 1]]] = False
    return np.asarray(chosen, np.int64)


def _check_p(p: int, sites: int) -> None:
    if not 1 <= p <= sites:
        raise ValueError(f"p = {p} sites asked of {sites} candidates: p must be within 1..{sites}")


SCREEN_ROWS = 2_000  # above this many merged rows, sites that cannot beat the first plan are set aside first


def _screen(pat: Patterns, p: int, rows: sparse.csr_matrix, incumbent: float, keep: np.ndarray) -> np.ndarray:
    """Sites that may belong to a plan better than `incumbent`: for any duals u >= 0 of y_k <= sum_j a_kj x_j,
    sum_k max(0, w_k - u_k) + (site j's c_j = sum_k a_kj u_k) + the p - 1 largest other c bounds every plan
    holding j (Lagrangian relaxation, valid for any u); a site whose bound falls short is set aside."""
    m, k = pat.sites, len(pat.weight)
    duals = highs.row_duals(np.concatenate([np.zeros(m), pat.weight]), rows, np.concatenate([np.full(k, -np.inf), [p]]),
                            np.concatenate([np.zeros(k), [p]]), maximise=True)
    if duals is None:
        return np.arange(m)
    u = np.minimum(np.abs(duals[:k]), pat.weight)
    c = np.asarray(pat.by_site @ u).ravel()
    top = np.sort(c)[::-1]
    base = np.maximum(pat.weight - u, 0).sum()
    bound = base + c + np.where(c >= top[p - 1], top[:p].sum() - c, top[:p - 1].sum())
    alive = bound >= incumbent - 1e-9 * max(incumbent, 1.0) - 1e-6
    alive[keep] = True
    return np.flatnonzero(alive)


def maximal_covering(weight: np.ndarray, covers: sparse.spmatrix, p: int, *, time_limit: float = 60.0,
                     start: np.ndarray | None = None, fixed: np.ndarray | None = None, pat: Patterns | None = None) -> Plan:
    """The p sites that cover the most weighted demand: max sum w_k y_k, y_k <= sum_j a_kj x_j, sum x = p, x binary."""
    started = time.perf_counter()
    whole = pat or patterns(weight, covers)
    _check_p(p, whole.sites)
    fixed = np.asarray([] if fixed is None else fixed, np.int64)
    if len(fixed) > p:
        raise ValueError(f"{len(fixed)} sites are kept open but only p = {p} may be")
    first = greedy(whole, p, fixed if start is None else start)
    sites, notes, pat = np.arange(whole.sites), [], whole
    if len(whole.weight) > SCREEN_ROWS:
        rows = _rows(whole, p)
        incumbent = float(whole.weight[np.asarray(whole.rows[:, first].sum(axis=1)).ravel() > 0].sum())
        sites = _screen(whole, p, rows, incumbent, np.union1d(first, fixed))
        pat = patterns(whole.weight, whole.rows[:, sites])
        notes.append(f"{whole.sites - len(sites)} of {whole.sites} sites set aside: no plan holding one can beat the "
                     "first greedy plan (Lagrangian bound from the linear relaxation's duals)")
    m, k = pat.sites, len(pat.weight)
    local = {int(j): i for i, j in enumerate(sites.tolist())}
    lower = np.zeros(m + k)
    lower[[local[int(j)] for j in fixed]] = 1.0
    x0 = np.zeros(m + k)
    x0[[local[int(j)] for j in first]] = 1.0
    x0[m:] = np.minimum(pat.rows @ x0[:m], 1.0)
    outcome = highs.solve(np.concatenate([np.zeros(m), pat.weight]), lower, np.ones(m + k),
                          np.arange(m + k) < m, _rows(pat, p), np.concatenate([np.full(k, -np.inf), [p]]),
                          np.concatenate([np.zeros(k), [p]]), maximise=True, time_limit=time_limit, start=x0)
    chosen = sites[np.flatnonzero(outcome.x[:m] > 0.5)] if outcome.x.size else first
    outcome.seconds = time.perf_counter() - started  # the screening included
    return explain(whole, chosen, "maximal covering", outcome, notes)


def _rows(pat: Patterns, p: int) -> sparse.csr_matrix:
    m, k = pat.sites, len(pat.weight)
    return sparse.vstack([sparse.hstack([-pat.rows, sparse.identity(k, format="csr")]),
                          sparse.hstack([np.ones((1, m)), sparse.csr_matrix((1, k))])]).tocsr()


def coverage_curve(weight: np.ndarray, covers: sparse.spmatrix, most: int, *, time_limit: float = 60.0) -> list[Plan]:
    """Maximal covering for p = 1..most, each started from the last plan plus its best next site, so never lower."""
    pat = patterns(weight, covers)
    _check_p(most, pat.sites)
    plans: list[Plan] = []
    for p in range(1, most + 1):
        start = greedy(pat, p, plans[-1].chosen if plans else None)
        plans.append(maximal_covering(weight, covers, p, time_limit=time_limit, start=start, pat=pat))
    return plans


def set_covering(weight: np.ndarray, covers: sparse.spmatrix, share: float, *, time_limit: float = 60.0) -> Plan:
    """The fewest sites that cover `share` of the weighted demand: min sum x, sum w_k y_k >= share x total."""
    if not 0 < share <= 1:
        raise ValueError(f"the required share {share} is not within (0, 1]")
    pat = patterns(weight, covers)
    m, k = pat.sites, len(pat.weight)
    need = share * pat.total * (1 - 1e-9)
    reachable = pat.total - pat.unreachable
    if need > reachable:
        none = highs.Outcome("infeasible", np.empty(0), None, None, None, 0.0)
        return explain(pat, np.empty(0, np.int64), "set covering", none, [
            f"uncovered: the required {100 * share:g}% cannot be met; every candidate together covers "
            f"{100 * reachable / pat.total:.2f}%"])
    rows = sparse.vstack([sparse.hstack([-pat.rows, sparse.identity(k, format="csr")]),
                          sparse.hstack([sparse.csr_matrix((1, m)), sparse.csr_matrix(pat.weight[None, :])])]).tocsr()
    first = greedy(pat, 1)
    while pat.weight[np.asarray(pat.rows[:, first].sum(axis=1)).ravel() > 0].sum() < need:
        first = greedy(pat, len(first) + 1, first)
    x0 = np.zeros(m + k)
    x0[first] = 1.0
    x0[m:] = np.minimum(pat.rows @ x0[:m], 1.0)
    outcome = highs.solve(np.concatenate([np.ones(m), np.zeros(k)]), np.zeros(m + k), np.ones(m + k),
                          np.arange(m + k) < m, rows, np.concatenate([np.full(k, -np.inf), [need]]),
                          np.concatenate([np.zeros(k), [np.inf]]), maximise=False, time_limit=time_limit, start=x0,
                          rel_gap=0.0)
    chosen = np.flatnonzero(outcome.x[:m] > 0.5) if outcome.x.size else first
    return explain(pat, chosen, "set covering", outcome)


def backup_covering(weight: np.ndarray, covers: sparse.spmatrix, p: int, *, first_weight: float = 0.5,
                    time_limit: float = 60.0) -> Plan:
    """p sites maximising theta x demand covered + (1 - theta) x demand covered twice (Hogan and ReVelle 1986)."""
    if not 0 <= first_weight <= 1:
        raise ValueError("the weight of first coverage must be within [0, 1]")
    pat = patterns(weight, covers)
    _check_p(p, pat.sites)
    m, k = pat.sites, len(pat.weight)
    eye = sparse.identity(k, format="csr")
    rows = sparse.vstack([sparse.hstack([-pat.rows, eye, eye]),  # y + u <= sum a x
                          sparse.hstack([sparse.csr_matrix((k, m)), -eye, eye]),  # u <= y
                          sparse.hstack([np.ones((1, m)), sparse.csr_matrix((1, 2 * k))])]).tocsr()
    cost = np.concatenate([np.zeros(m), first_weight * pat.weight, (1 - first_weight) * pat.weight])
    first = greedy(pat, p)
    x0 = np.zeros(m + 2 * k)
    x0[first] = 1.0
    reached = pat.rows @ x0[:m]
    x0[m:m + k] = np.minimum(reached, 1.0)
    x0[m + k:] = np.clip(reached - 1, 0, 1)
    outcome = highs.solve(cost, np.zeros(m + 2 * k), np.ones(m + 2 * k), np.arange(m + 2 * k) < m, rows,
                          np.concatenate([np.full(2 * k, -np.inf), [p]]), np.concatenate([np.zeros(2 * k), [p]]),
                          maximise=True, time_limit=time_limit, start=x0)
    chosen = np.flatnonzero(outcome.x[:m] > 0.5) if outcome.x.size else first
    return explain(pat, chosen, "backup coverage", outcome, [f"objective = {first_weight:g} x covered + "
                                                            f"{1 - first_weight:g} x covered twice"])

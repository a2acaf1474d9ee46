"""Partners' offers to contributing countries' capability needs, as an integer assignment (pure).

Variables: y[p] (integer, 0..min(quantity, capacity)) = people or units of offer o given to need n on an
eligible pair p = (n, o); z[p] (0/1) = the pair is used. One define_<family>() per block of constraints.
Objective: maximise BIG * sum(priority_n * y[p]) - sum(z[p]), BIG = pairs + 1, so covering more
(priority-weighted) always wins, and among equal covers the one with fewer partnerships to arrange.
Solved in that order: first the cover alone (a transportation problem, whose linear relaxation is
integral, so it is proven fast), then the fewest partnerships at that cover, in the time left.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from pko.forcegen.optimiser import Row, grouped


@dataclass(frozen=True)
class Need:
    """A capability a contributing country needs: how much, in which window, in which languages."""

    id: str
    state: str
    category: str
    capability: str
    quantity: int
    starts_on: date
    ends_on: date
    languages: frozenset[str] = frozenset()  # any of them will do; empty means any language
    unit: str = "people"
    priority: int = 1


@dataclass(frozen=True)
class Offer:
    """What a partner offers: the capability, for how many, in which window, in which languages."""

    id: str
    partner: str  # a member state's ISO3 or an organization's code
    category: str
    capability: str
    capacity: int
    starts_on: date
    ends_on: date
    languages: frozenset[str] = frozenset()
    unit: str = "people"
    owner_state: str | None = None  # the member state behind the partner, if any


@dataclass
class Model:
    """The eligible need-offer pairs, each pair's bound and weight, and the constraint rows over y."""

    needs: list[Need]
    offers: list[Offer]
    pair_need: np.ndarray
    pair_offer: np.ndarray
    upper: np.ndarray  # most a pair can carry: min(quantity, capacity)
    weight: np.ndarray  # the need's priority
    rows: list[Row] = field(default_factory=list)

    @property
    def big(self) -> int:
        return len(self.pair_need) + 1


@dataclass(frozen=True)
class Assignment:
    """Quantity of one offer given to one need."""

    need_id: str
    offer_id: str
    quantity: int


@dataclass
class MatchResult:
    """What a solver returned: status, objective, bound, time, the assignments and why needs stay uncovered."""

    solver: str
    status: str  # optimal, feasible, infeasible, unknown
    objective: int
    best_bound: float
    seconds: float
    assignments: list[Assignment]
    covered: int  # people or units assigned, all needs together
    weighted: int  # the same, each times its need's priority
    unmatched: dict[str, str] = field(default_factory=dict)  # need id -> why it is not (fully) covered

    @property
    def gap(self) -> float:
        return abs(self.best_bound - self.objective) / max(1.0, abs(self.best_bound))


def _key(item: Need | Offer) -> tuple[str, str, str]:
    return item.category, item.capability, item.unit


def _folded(languages: frozenset[str]) -> frozenset[str]:
    return frozenset(language.strip().casefold() for language in languages)


def overlaps(need: Need, offer: Offer) -> bool:
    """True when the offer's window and the need's window share at least one day."""
    return offer.starts_on <= need.ends_on and need.starts_on <= offer.ends_on


def speaks(need: Need, offer: Offer) -> bool:
    """True when the offer is given in one of the need's languages (a need naming none takes any)."""
    return not need.languages or bool(_folded(need.languages) & _folded(offer.languages))


def eligible(need: Need, offer: Offer) -> bool:
    """An offer may serve a need: same category, capability and unit, overlapping windows, a shared language,
    and another party (a state's own offer is no partnership)."""
    return (_key(need) == _key(offer) and overlaps(need, offer) and speaks(need, offer)
            and offer.owner_state != need.state and need.quantity > 0 and offer.capacity > 0)


def define_pairs(needs: list[Need], offers: list[Offer]) -> Model:
    """Pairs only where the offer may serve the need (see eligible)."""
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for j, offer in enumerate(offers):
        by_key.setdefault(_key(offer), []).append(j)
    pn, po = [], []
    for i, need in enumerate(needs):
        for j in by_key.get(_key(need), []):
            if eligible(need, offers[j]):
                pn.append(i)
                po.append(j)
    pair_need, pair_offer = np.array(pn, dtype=np.int64), np.array(po, dtype=np.int64)
    quantity = np.array([n.quantity for n in needs], dtype=np.int64)
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    upper = np.minimum(quantity[pair_need], capacity[pair_offer]) if len(pn) else np.empty(0, dtype=np.int64)
    weight = np.array([n.priority for n in needs], dtype=np.int64)[pair_need] if len(pn) else np.empty(0, dtype=np.int64)
    return Model(needs, offers, pair_need, pair_offer, upper, weight)


def define_capacity(model: Model) -> None:
    """An offer gives at most its capacity: sum_n y[n,o] <= capacity_o."""
    for j, cols in grouped(model.pair_offer):
        offer = model.offers[j]
        if model.upper[cols].sum() > offer.capacity:
            model.rows.append(Row(f"offer {offer.id} within its capacity {offer.capacity}", "capacity", cols,
                                  np.ones(len(cols)), 0, offer.capacity))


def define_quantity(model: Model) -> None:
    """A need takes at most what it asks for: sum_o y[n,o] <= quantity_n."""
    for i, cols in grouped(model.pair_need):
        need = model.needs[i]
        if model.upper[cols].sum() > need.quantity:
            model.rows.append(Row(f"need {need.id} at most {need.quantity}", "quantity", cols,
                                  np.ones(len(cols)), 0, need.quantity))


def build(needs: list[Need], offers: list[Offer]) -> Model:
    """The whole model: pairs and every block of constraints."""
    model = define_pairs(needs, offers)
    define_capacity(model)
    define_quantity(model)
    return model


def greedy(model: Model) -> list[int]:
    """Baseline: needs by priority then start, each filled from its eligible offers in the order they were made."""
    left = {j: o.capacity for j, o in enumerate(model.offers)}
    y = [0] * len(model.pair_need)
    by_need = dict(grouped(model.pair_need))
    order = sorted(range(len(model.needs)), key=lambda i: (-model.needs[i].priority, model.needs[i].starts_on, i))
    for i in order:
        want = model.needs[i].quantity
        for p in sorted(by_need.get(i, []), key=lambda p: model.pair_offer[p]):
            take = min(want, left[int(model.pair_offer[p])])
            if take > 0:
                y[p], want = take, want - take
                left[int(model.pair_offer[p])] -= take
    return y


def result_of(model: Model, y: list[int] | np.ndarray, solver: str, status: str, bound: float, seconds: float) -> MatchResult:
    """A result from pair quantities: the objective, assignments, coverage and each uncovered need's reason."""
    y = np.asarray(y, dtype=np.int64)
    used = y > 0
    weighted = int((model.weight * y).sum()) if len(y) else 0
    objective = model.big * weighted - int(used.sum())
    assignments = [Assignment(model.needs[model.pair_need[p]].id, model.offers[model.pair_offer[p]].id, int(y[p]))
                   for p in np.flatnonzero(used)]
    return MatchResult(solver, status, objective, bound, seconds, assignments, int(y.sum()) if len(y) else 0, weighted,
                       reasons(model, y))


def reasons(model: Model, y: np.ndarray) -> dict[str, str]:
    """Why each need is not fully covered: the first test no offer passes, else the capacity went elsewhere."""
    got = np.zeros(len(model.needs), dtype=np.int64)
    np.add.at(got, model.pair_need, y)
    given = np.zeros(len(model.offers), dtype=np.int64)
    np.add.at(given, model.pair_offer, y)
    why = {}
    for i, need in enumerate(model.needs):
        if got[i] >= need.quantity:
            continue
        same = [o for o in model.offers if _key(o) == _key(need) and o.capacity > 0]
        timely = [o for o in same if overlaps(need, o)]
        spoken = [o for o in timely if speaks(need, o)]
        others = [o for o in spoken if o.owner_state != need.state]
        window = f"{need.starts_on.isoformat()} to {need.ends_on.isoformat()}"
        if not same:
            why[need.id] = f"no offer of {need.capability} ({need.category}, in {need.unit})"
        elif not timely:
            why[need.id] = f"no offer of {need.capability} in the window {window}"
        elif not spoken:
            why[need.id] = f"no offer of {need.capability} in {window} given in {', '.join(sorted(need.languages))}"
        elif not others:
            why[need.id] = f"the only offers of {need.capability} are {need.state}'s own"
        else:
            pairs = [p for p in range(len(model.pair_need)) if model.pair_need[p] == i]
            elsewhere = sum(int(given[model.pair_offer[p]] - y[p]) for p in pairs)
            lead = f"covered {got[i]} of {need.quantity}" if got[i] else "not covered"
            why[need.id] = f"{lead}: the eligible offers' capacity is {'taken by other needs' if elsewhere else 'not enough'}"
    return why


def _result(model: Model, solver: str, y, cover_bound: float, fewest_bound: float, proven: bool,
            seconds: float) -> MatchResult:
    """The result of both stages; the bound is BIG * cover bound - the bound on the fewest partnerships."""
    return result_of(model, y, solver, "optimal" if proven else "feasible",
                     model.big * cover_bound - fewest_bound, seconds)


def solve(model: Model, time_limit: float = 10.0, workers: int = 8) -> MatchResult:
    """Maximise the objective with CP-SAT: the cover first, then the fewest partnerships at that cover."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    n = len(model.pair_need)
    cp = cp_model.CpModel()
    y = [cp.new_int_var(0, int(model.upper[p]), f"y{p}") for p in range(n)]
    for row in model.rows:
        cp.add(sum(y[c] for c in row.cols) <= int(row.hi))
    cover = cp_model.LinearExpr.weighted_sum(y, model.weight.tolist())
    cp.maximize(cover)
    for p, value in enumerate(greedy(model)):
        cp.add_hint(y[p], value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    code = solver.solve(cp)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # never infeasible: all zeros is a plan
        return MatchResult("cp-sat", "unknown", 0, model.big * solver.best_objective_bound, time.perf_counter() - started,
                           [], 0, 0, {})
    best, values = int(round(solver.objective_value)), [solver.value(var) for var in y]
    if code != cp_model.OPTIMAL:
        return _result(model, "cp-sat", values, solver.best_objective_bound, 0.0, False, time.perf_counter() - started)
    cover_bound = float(best)
    z = [cp.new_bool_var(f"z{p}") for p in range(n)]
    for p in range(n):
        cp.add(y[p] <= int(model.upper[p]) * z[p])
    cp.add(cover == best)
    cp.minimize(sum(z))
    cp.clear_hints()
    for p, value in enumerate(values):
        cp.add_hint(y[p], value)
        cp.add_hint(z[p], value > 0)
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - started))
    code = solver.solve(cp)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = [solver.value(var) for var in y]
        fewest_bound = solver.best_objective_bound
    else:
        fewest_bound = 0.0
    return _result(model, "cp-sat", values, cover_bound, fewest_bound, code == cp_model.OPTIMAL,
                   time.perf_counter() - started)


def _highs(model: Model, time_limit: float, with_links: bool, cover: int | None):
    """A HiGHS model over y (and z when linking): the cover, or at a fixed cover the fewest partnerships."""
    import highspy

    n = len(model.pair_need)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)  # integer objective: a gap below 1 proves optimality
    inf = highspy.kHighsInf
    width = 2 * n if with_links else n
    h.addVars(width, np.zeros(width), np.concatenate([model.upper, np.ones(width - n)]).astype(float))
    cols = np.arange(width, dtype=np.int32)
    costs = np.concatenate([np.zeros(n), np.ones(n)]) if with_links else model.weight.astype(float)
    h.changeColsCost(width, cols, costs.astype(float))
    h.changeColsIntegrality(width, cols, np.full(width, highspy.HighsVarType.kInteger))
    for row in model.rows:
        h.addRow(-inf, float(row.hi), len(row.cols), row.cols.astype(np.int32), np.ones(len(row.cols)))
    if with_links:
        for p in range(n):  # y[p] - upper[p] * z[p] <= 0
            h.addRow(-inf, 0.0, 2, np.array([p, n + p], dtype=np.int32), np.array([1.0, -float(model.upper[p])]))
        h.addRow(float(cover), float(cover), n, np.arange(n, dtype=np.int32), model.weight.astype(float))
    h.changeObjectiveSense(highspy.ObjSense.kMinimize if with_links else highspy.ObjSense.kMaximize)
    h.run()
    info = h.getInfo()
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    found = optimal or info.primal_solution_status == 2
    y = np.rint(np.asarray(h.getSolution().col_value)[:n]).astype(np.int64) if found else None
    return optimal, y, round(info.objective_function_value) if found else 0, float(info.mip_dual_bound)


def solve_with_highs(model: Model, time_limit: float = 60.0) -> MatchResult:
    """The same two stages as mixed-integer programs for HiGHS, to cross-check CP-SAT."""
    started = time.perf_counter()
    if len(model.pair_need) == 0:
        return result_of(model, [], "highs", "optimal", 0.0, time.perf_counter() - started)
    optimal, y, best, bound = _highs(model, time_limit, False, None)
    if y is None:
        return MatchResult("highs", "unknown", 0, model.big * bound, time.perf_counter() - started, [], 0, 0, {})
    if not optimal:
        return _result(model, "highs", y, bound, 0.0, False, time.perf_counter() - started)
    left = max(0.1, time_limit - (time.perf_counter() - started))
    proven, fewer, _, fewest_bound = _highs(model, left, True, best)
    return _result(model, "highs", fewer if fewer is not None else y, best, fewest_bound if fewer is not None else 0.0,
                   proven, time.perf_counter() - started)


def match(needs: list[Need], offers: list[Offer], time_limit: float = 10.0, workers: int = 8) -> MatchResult:
    """The best assignment of offers to needs (CP-SAT)."""
    if math.isnan(time_limit) or time_limit <= 0:
        raise ValueError("time_limit must be a positive number of seconds")
    return solve(build(needs, offers), time_limit, workers)

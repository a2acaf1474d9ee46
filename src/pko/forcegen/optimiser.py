"""Pledged units to requirement slots with OR-Tools CP-SAT: one define_<family>() per block of constraints (pure)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from pko.forcegen.units import LEAD_DAYS, Mobility, ReadinessLevel

COVERAGE = 1000  # score of filling a slot, per priority point
READINESS_FIT = 20  # per readiness level above the slot's minimum
MOBILITY_EXACT, MOBILITY_ABOVE = 30, 10
SELF_SUSTAINED = 25


@dataclass(frozen=True)
class Unit:
    """A pledged unit, as the optimiser sees it."""

    id: str
    state: str
    unit_type: str
    readiness: ReadinessLevel
    strength: int
    women_share: float
    mobility: Mobility
    languages: frozenset[str] = frozenset()
    caveats: frozenset[str] = frozenset()  # missions, regions or tasks it will not take
    self_sustained: bool = False
    available_from: date | None = None
    available_until: date | None = None


@dataclass(frozen=True)
class Slot:
    """One unit a mission requires (a requirement for `count` units is `count` slots)."""

    id: str
    mission: str
    unit_type: str
    need_by: date
    min_readiness: ReadinessLevel = ReadinessLevel.level_1
    priority: int = 1
    language: str | None = None
    mobility: Mobility | None = None
    region: str | None = None
    task: str | None = None
    urgent: bool = False
    mandatory: bool = False
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Policy:
    """Planning rules: the request date, lateness, and the policy constraints (None switches one off)."""

    request_date: date
    max_state_share: float | None = None  # at most this share of a mission's slots from one state
    women_target: dict[str, float] | float | None = None  # minimum women's share of the units sent, per mission
    rdl_bonus: int = 300  # score for an RDL unit in an urgent slot
    urgent_requires_rdl: bool = False
    lateness_per_day: int = 5  # per priority point
    max_late_days: int = 120

    def women_target_of(self, mission: str) -> float | None:
        if isinstance(self.women_target, dict):
            return self.women_target.get(mission)
        return self.women_target


@dataclass
class Row:
    """One linear constraint over pair variables: lo <= sum(coefs * x[cols]) <= hi."""

    name: str
    family: str
    cols: np.ndarray
    coefs: np.ndarray
    lo: float
    hi: float


@dataclass
class Model:
    """The feasible unit-slot pairs with their score terms, and the constraint rows."""

    units: list[Unit]
    slots: list[Slot]
    policy: Policy
    pair_unit: np.ndarray
    pair_slot: np.ndarray
    terms: dict[str, np.ndarray]  # score term -> value per pair; their sum is the pair's score
    rows: list[Row] = field(default_factory=list)

    @property
    def score(self) -> np.ndarray:
        return sum(self.terms.values())


@dataclass
class Solution:
    """What a solver returned: status, objective, bound, time and the chosen pairs."""

    solver: str
    status: str  # optimal, feasible, infeasible, unknown
    objective: int
    best_bound: float
    seconds: float
    chosen: np.ndarray  # pair indices
    conflict: list[str] = field(default_factory=list)  # constraints that together make it infeasible

    @property
    def gap(self) -> float:
        return abs(self.best_bound - self.objective) / max(1.0, abs(self.best_bound))


def _day(value: date) -> int:
    return value.toordinal()


def define_pairs(units: list[Unit], slots: list[Slot], policy: Policy, prune: bool = True) -> Model:
    """Pairs x[u,s] only where u may fill s: type, readiness >= minimum, caveats, availability, language, mobility."""
    # A unit deploys on max(request date + lead days of its level, available from), must still be available
    # then, and may arrive at most max_late_days after the need-by date. With `prune`, pairs that cannot be
    # in any optimum are left out (see _undominated); never for a mission with a women's target.
    n = len(units)
    kind = np.array([u.unit_type for u in units], dtype=object)
    level = np.array([u.readiness.rank for u in units], dtype=np.int64)
    move = np.array([u.mobility.rank for u in units], dtype=np.int64)
    request = _day(policy.request_date)
    start = np.array([max(request + LEAD_DAYS[u.readiness], _day(u.available_from) if u.available_from else 0) for u in units],
                     dtype=np.int64)
    until = np.array([_day(u.available_until) if u.available_until else 10**9 for u in units], dtype=np.int64)
    sustained = np.array([u.self_sustained for u in units], dtype=bool)
    tokens = sorted({t for u in units for t in u.caveats} | {lang for u in units for lang in u.languages})
    index = {t: i for i, t in enumerate(tokens)}
    caveat = np.zeros((n, len(tokens)), dtype=bool)
    speaks = np.zeros((n, len(tokens)), dtype=bool)
    for i, u in enumerate(units):
        caveat[i, [index[t] for t in u.caveats]] = True
        speaks[i, [index[t] for t in u.languages]] = True
    by_type: dict[str, np.ndarray] = {t: np.flatnonzero(kind == t) for t in set(kind)}
    slots_of_type: dict[str, int] = {}
    for s in slots:
        slots_of_type[s.unit_type] = slots_of_type.get(s.unit_type, 0) + 1
    state_code = np.unique(np.array([u.state for u in units], dtype=object), return_inverse=True)[1] if n else np.empty(0, dtype=np.int64)
    caps = state_caps_of(slots, policy)
    per_mission: dict[str, int] = {}
    for s in slots:
        per_mission[s.mission] = per_mission.get(s.mission, 0) + 1
    pu, ps, late = [], [], []
    for j, s in enumerate(slots):
        cand = by_type.get(s.unit_type, np.empty(0, dtype=np.int64))
        ok = level[cand] >= s.min_readiness.rank
        if s.mobility is not None:
            ok &= move[cand] >= s.mobility.rank
        if s.language is not None:
            ok &= speaks[cand, index[s.language]] if s.language in index else False
        blocked = [index[t] for t in (s.mission, s.region, s.task) if t is not None and t in index]
        if blocked:
            ok &= ~caveat[np.ix_(cand, blocked)].any(axis=1)
        if s.urgent and policy.urgent_requires_rdl:
            ok &= level[cand] == ReadinessLevel.rapid.rank
        days_late = np.maximum(0, start[cand] - _day(s.need_by))
        ok &= (start[cand] <= until[cand]) & (days_late <= policy.max_late_days)
        cand, days_late = cand[ok], days_late[ok]
        if prune and not policy.women_target_of(s.mission):
            keep = _undominated(cand, _fit(s, cand, level, move, sustained, days_late, policy), state_code,
                                slots_of_type[s.unit_type], per_mission[s.mission] // caps[s.mission] if caps else 0)
            cand, days_late = cand[keep], days_late[keep]
        pu.append(cand)
        ps.append(np.full(len(cand), j, dtype=np.int64))
        late.append(days_late)
    pair_unit = np.concatenate(pu) if pu else np.empty(0, dtype=np.int64)
    pair_slot = np.concatenate(ps) if ps else np.empty(0, dtype=np.int64)
    days_late = np.concatenate(late) if late else np.empty(0, dtype=np.int64)
    prio = np.array([s.priority for s in slots], dtype=np.int64)[pair_slot]
    min_level = np.array([s.min_readiness.rank for s in slots], dtype=np.int64)[pair_slot]
    want_move = np.array([s.mobility.rank if s.mobility else -1 for s in slots], dtype=np.int64)[pair_slot]
    urgent = np.array([s.urgent for s in slots], dtype=bool)[pair_slot]
    terms = {
        "coverage": COVERAGE * prio,
        "readiness": READINESS_FIT * (level[pair_unit] - min_level),
        "mobility": np.where(want_move < 0, 0, np.where(move[pair_unit] == want_move, MOBILITY_EXACT, MOBILITY_ABOVE)),
        "self_sustainment": np.where(sustained[pair_unit], SELF_SUSTAINED, 0),
        "rdl_urgent": np.where(urgent & (level[pair_unit] == ReadinessLevel.rapid.rank), policy.rdl_bonus, 0),
        "lateness": -policy.lateness_per_day * prio * days_late,
    }
    return Model(units, slots, policy, pair_unit, pair_slot, {k: v.astype(np.int64) for k, v in terms.items()})


def _fit(s: Slot, cand, level, move, sustained, days_late, policy: Policy) -> np.ndarray:
    """The score of each candidate for one slot, less the coverage every candidate earns alike."""
    fit = READINESS_FIT * level[cand] + np.where(sustained[cand], SELF_SUSTAINED, 0) - policy.lateness_per_day * s.priority * days_late
    if s.mobility is not None:
        fit = fit + np.where(move[cand] == s.mobility.rank, MOBILITY_EXACT, MOBILITY_ABOVE)
    if s.urgent:
        fit = fit + np.where(level[cand] == ReadinessLevel.rapid.rank, policy.rdl_bonus, 0)
    return fit


def _undominated(cand: np.ndarray, fit: np.ndarray, state_code: np.ndarray, rivals: int, capped: int) -> np.ndarray:
    """Positions of the best candidates of a slot, enough that leaving out the rest loses no optimum."""
    # Exchange argument: keep the best-scoring prefix until, after removing the units of the `capped` states
    # with most kept units (at most that many states can be at their cap in the mission), `rivals` units
    # remain (the slots of this unit type). Then for any unit u left out, one kept unit scores at least as
    # much, is not used by the other rivals - 1 slots and its state has room: swapping it for u keeps the
    # plan feasible and does not lower the objective.
    order = np.lexsort((cand, -fit))
    counts: dict[int, int] = {}
    for k, position in enumerate(order):
        code = int(state_code[cand[position]])
        counts[code] = counts.get(code, 0) + 1
        top = sum(sorted(counts.values(), reverse=True)[:capped]) if capped else 0
        if k + 1 - top >= rivals:
            return np.sort(order[:k + 1])
    return np.arange(len(cand))


def grouped(keys: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """Pair indices grouped by key."""
    if len(keys) == 0:
        return []
    order = np.argsort(keys, kind="stable")
    values, starts = np.unique(keys[order], return_index=True)
    return list(zip(values, np.split(order, starts[1:])))


def define_unit_once(model: Model) -> None:
    """Each unit fills at most one slot: sum_s x[u,s] <= 1."""
    for u, cols in grouped(model.pair_unit):
        if len(cols) > 1:
            model.rows.append(Row(f"unit {model.units[u].id} used once", "unit_once", cols, np.ones(len(cols)), 0, 1))


def define_slot_once(model: Model) -> None:
    """Each slot takes at most one unit, exactly one if mandatory: sum_u x[u,s] <= 1 (== 1 if mandatory)."""
    for s, cols in grouped(model.pair_slot):
        slot = model.slots[s]
        model.rows.append(Row(f"slot {slot.id} {'must be filled' if slot.mandatory else 'filled once'}",
                              "mandatory" if slot.mandatory else "slot_once", cols, np.ones(len(cols)),
                              1 if slot.mandatory else 0, 1))


def state_caps_of(slots: list[Slot], policy: Policy) -> dict[str, int]:
    """Most units one state may send to each mission: max(1, floor(share * slots of the mission))."""
    if policy.max_state_share is None:
        return {}
    counts: dict[str, int] = {}
    for s in slots:
        counts[s.mission] = counts.get(s.mission, 0) + 1
    return {m: max(1, math.floor(policy.max_state_share * c + 1e-9)) for m, c in counts.items()}


def state_caps(model: Model) -> dict[str, int]:
    """The state caps of a model's slots and policy."""
    return state_caps_of(model.slots, model.policy)


def define_state_share(model: Model) -> None:
    """At most N% of a mission's slots from one state: sum_{u of c, s in m} x[u,s] <= cap_m."""
    caps = state_caps(model)
    if not caps:
        return
    mission = np.array([s.mission for s in model.slots], dtype=object)[model.pair_slot]
    state = np.array([u.state for u in model.units], dtype=object)[model.pair_unit]
    keys = np.array([f"{m}\x00{c}" for m, c in zip(mission, state)], dtype=object)
    for key, cols in grouped(keys):
        m, c = key.split("\x00")
        if len(cols) > caps[m]:
            model.rows.append(Row(f"state share {c} in {m} <= {caps[m]} units", "state_share", cols, np.ones(len(cols)), 0, caps[m]))


def women_of(unit: Unit) -> int:
    """Women in a unit (its strength times its women's share, rounded)."""
    return round(unit.strength * unit.women_share)


def define_women_share(model: Model) -> None:
    """Women's share of the units sent to mission m at least t_m: sum (1000 w_u - 1000 t_m n_u) x[u,s] >= 0."""
    women = np.array([women_of(u) for u in model.units], dtype=np.int64)[model.pair_unit]
    strength = np.array([u.strength for u in model.units], dtype=np.int64)[model.pair_unit]
    mission = np.array([s.mission for s in model.slots], dtype=object)[model.pair_slot]
    for m, cols in grouped(mission):
        target = model.policy.women_target_of(m)
        if target:
            coefs = 1000 * women[cols] - round(1000 * target) * strength[cols]
            model.rows.append(Row(f"women's share in {m} >= {target:.0%}", "women_share", cols, coefs.astype(float), 0, math.inf))


def build(units: list[Unit], slots: list[Slot], policy: Policy, prune: bool = True) -> Model:
    """The whole model: pairs and every block of constraints."""
    model = define_pairs(units, slots, policy, prune)
    define_unit_once(model)
    define_slot_once(model)
    define_state_share(model)
    define_women_share(model)
    return model


def empty_mandatory(model: Model) -> list[str]:
    """Mandatory slots no unit may fill."""
    filled = set(model.pair_slot.tolist())
    return [f"slot {s.id} must be filled but no unit is eligible" for j, s in enumerate(model.slots) if s.mandatory and j not in filled]


def solve(model: Model, time_limit: float = 10.0, workers: int = 8, relax: tuple[str, ...] = (),
          parameters: dict | None = None) -> Solution:
    """Maximise the total score with CP-SAT; on infeasibility name a set of constraints that conflict."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    impossible = empty_mandatory(model) if "mandatory" not in relax else []
    if impossible:
        return Solution("cp-sat", "infeasible", 0, 0.0, time.perf_counter() - started, np.empty(0, dtype=np.int64), impossible)
    rows = [r for r in model.rows if r.family not in relax]
    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{i}") for i in range(len(model.pair_unit))]
    for row in rows:
        add_row(cp, x, row, None)
    score = model.score
    cp.maximize(cp_model.LinearExpr.weighted_sum(x, score.tolist()))
    start = None
    if not relax:
        from pko.forcegen.greedy import greedy

        start = greedy(model)  # a first plan to improve on
        hinted = set(start.chosen.tolist())
        for i, var in enumerate(x):
            cp.add_hint(var, i in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    for name, value in (parameters or {}).items():  # other CP-SAT parameters, by name (bench/forcegen_cpsat.py)
        setattr(solver.parameters, name, value)
    code = solver.solve(cp)
    seconds = time.perf_counter() - started
    status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}.get(code, "unknown")
    if status == "infeasible":
        from pko.forcegen.conflict import conflict

        return Solution("cp-sat", status, 0, 0.0, seconds, np.empty(0, dtype=np.int64), conflict(model, rows, time_limit))
    if status == "unknown":  # stopped before CP-SAT took up the first plan: that plan, when it keeps every constraint
        if start is not None and holds(model, start.chosen):
            return Solution("cp-sat", "feasible", start.objective, solver.best_objective_bound, seconds, start.chosen)
        return Solution("cp-sat", status, 0, solver.best_objective_bound, seconds, np.empty(0, dtype=np.int64))
    chosen = np.array([i for i, var in enumerate(x) if solver.boolean_value(var)], dtype=np.int64)
    return Solution("cp-sat", status, int(round(solver.objective_value)), solver.best_objective_bound, seconds, chosen)


def holds(model: Model, chosen: np.ndarray) -> bool:
    """Whether the chosen pairs keep every constraint row of the model."""
    picked = np.zeros(len(model.pair_unit), dtype=bool)
    picked[chosen] = True
    return all(row.lo - 1e-9 <= float(row.coefs[picked[row.cols]].sum()) <= row.hi + 1e-9 for row in model.rows)


def add_row(cp, x, row: Row, literal) -> None:
    """One constraint row on CP-SAT's pair variables, enforced only if `literal` holds (when one is given)."""
    from ortools.sat.python import cp_model

    expr = cp_model.LinearExpr.weighted_sum([x[c] for c in row.cols], [int(v) for v in row.coefs])
    parts = []
    if row.lo == row.hi:
        parts.append(cp.add(expr == int(row.lo)))
    else:
        if row.lo > -math.inf:
            parts.append(cp.add(expr >= int(row.lo)))
        if row.hi < math.inf:
            parts.append(cp.add(expr <= int(row.hi)))
    if literal is not None:
        for constraint in parts:
            constraint.only_enforce_if(literal)

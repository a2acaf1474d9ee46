"""Why each unit fills its slot (score terms, next-best alternatives), why a slot stays empty, and what-if differences (pure)."""

from __future__ import annotations

import math

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from pko.forcegen.optimiser import Model, Policy, Solution, Unit, state_caps, women_of

ALTERNATIVES = 3


@dataclass
class Alternative:
    unit_id: str
    state: str
    score: int
    went_to: str | None  # the slot it filled instead, if any


@dataclass
class Assignment:
    slot_id: str
    mission: str
    unit_id: str
    state: str
    unit_type: str
    score: int
    terms: dict[str, int]
    late_days: int
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass
class Gap:
    slot_id: str
    mission: str
    unit_type: str
    priority: int
    reason: str  # no eligible unit | lost to a higher-value slot | policy cap: state share | policy: women's share
    detail: str


@dataclass
class Plan:
    status: str
    solver: str
    objective: int
    best_bound: float | None  # None when the solver stopped before it bounded the optimum
    gap: float | None
    seconds: float
    pairs: int
    assignments: list[Assignment]
    unfilled: list[Gap]
    conflict: list[str]

    def as_dict(self) -> dict:
        return asdict(self)


def explain(model: Model, solution: Solution) -> Plan:
    """The plan with its reasons: terms of each assignment add up to the objective."""
    score = model.score
    chosen = solution.chosen
    holder = {int(model.pair_unit[i]): int(model.pair_slot[i]) for i in chosen}
    filled = {int(model.pair_slot[i]): int(i) for i in chosen}
    by_slot: dict[int, list[int]] = {}
    for i, s in enumerate(model.pair_slot.tolist()):
        by_slot.setdefault(s, []).append(i)
    assignments = []
    for s, i in sorted(filled.items()):
        slot, unit = model.slots[s], model.units[model.pair_unit[i]]
        terms = {name: int(values[i]) for name, values in model.terms.items()}
        others = sorted((k for k in by_slot[s] if k != i), key=lambda k: -score[k])[:ALTERNATIVES]
        alternatives = [Alternative(model.units[model.pair_unit[k]].id, model.units[model.pair_unit[k]].state, int(score[k]),
                                    _slot_id(model, holder.get(int(model.pair_unit[k])))) for k in others]
        late = -terms["lateness"] // (model.policy.lateness_per_day * slot.priority) if model.policy.lateness_per_day else 0
        assignments.append(Assignment(slot.id, slot.mission, unit.id, unit.state, unit.unit_type, int(score[i]), terms,
                                      int(late), alternatives))
    unfilled = [] if solution.status == "infeasible" else [
        _why_empty(model, s, by_slot.get(s, []), holder, chosen) for s in range(len(model.slots)) if s not in filled]
    bounded = math.isfinite(solution.best_bound) and math.isfinite(solution.gap)
    return Plan(solution.status, solution.solver, solution.objective, float(solution.best_bound) if bounded else None,
                solution.gap if bounded else None,
                round(solution.seconds, 3), len(model.pair_unit), assignments, unfilled, solution.conflict)


def _slot_id(model: Model, s: int | None) -> str | None:
    return None if s is None else model.slots[s].id


def _why_empty(model: Model, s: int, candidates: list[int], holder: dict[int, int], chosen: np.ndarray) -> Gap:
    """The constraint that left a slot empty, judged from its eligible units in the plan."""
    slot = model.slots[s]
    gap = lambda reason, detail: Gap(slot.id, slot.mission, slot.unit_type, slot.priority, reason, detail)  # noqa: E731
    if not candidates:
        return gap("no eligible unit", f"no pledged {slot.unit_type} meets readiness, language, mobility, caveats and availability")
    free = [i for i in candidates if int(model.pair_unit[i]) not in holder]
    if not free:
        best = max(candidates, key=lambda i: model.score[i])
        took = model.slots[holder[int(model.pair_unit[best])]]
        return gap("lost to a higher-value slot",
                   f"all {len(candidates)} eligible units fill other slots; the best, {model.units[model.pair_unit[best]].id}, fills {took.id} ({took.mission}, priority {took.priority})")
    caps = state_caps(model)
    sent: dict[str, int] = {}
    for i in chosen:
        if model.slots[model.pair_slot[i]].mission == slot.mission:
            state = model.units[model.pair_unit[i]].state
            sent[state] = sent.get(state, 0) + 1
    capped = [i for i in free if caps and sent.get(model.units[model.pair_unit[i]].state, 0) >= caps[slot.mission]]
    if len(capped) == len(free):
        states = sorted({model.units[model.pair_unit[i]].state for i in capped})
        return gap("policy cap: state share", f"free eligible units come only from {', '.join(states)}, already at the cap of {caps[slot.mission]} in {slot.mission}")
    target = model.policy.women_target_of(slot.mission)
    if target:
        return gap("policy: women's share", f"adding any free eligible unit would take {slot.mission} below {target:.0%} women")
    return gap("not worth its cost", "filling it would lower the total score")


def compare(before: Plan, after: Plan) -> dict:
    """What changed between two plans: objective, filled slots, and each slot whose unit changed."""
    old = {a.slot_id: a.unit_id for a in before.assignments}
    new = {a.slot_id: a.unit_id for a in after.assignments}
    changed = [{"slot_id": s, "before": old.get(s), "after": new.get(s)}
               for s in sorted(set(old) | set(new)) if old.get(s) != new.get(s)]
    return {
        "objective_before": before.objective, "objective_after": after.objective,
        "objective_change": after.objective - before.objective,
        "filled_before": len(old), "filled_after": len(new), "status_before": before.status, "status_after": after.status,
        "changed": changed,
    }


def women_share(model: Model, plan_: Plan) -> dict[str, float]:
    """Women's share of the units each mission receives in a plan."""
    units = {u.id: u for u in model.units}
    totals: dict[str, list[int]] = {}
    for a in plan_.assignments:
        unit = units[a.unit_id]
        women, strength = totals.setdefault(a.mission, [0, 0])
        totals[a.mission] = [women + women_of(unit), strength + unit.strength]
    return {m: w / n for m, (w, n) in totals.items() if n}


def without_unit(units: list[Unit], unit_id: str) -> list[Unit]:
    """The pledges without one unit."""
    if unit_id not in {u.id for u in units}:
        raise ValueError(f"no unit {unit_id!r}")
    return [u for u in units if u.id != unit_id]


def with_unit(units: list[Unit], unit: Unit) -> list[Unit]:
    """The pledges with one hypothetical unit added."""
    if unit.id in {u.id for u in units}:
        raise ValueError(f"a unit {unit.id!r} is already pledged: give the extra pledge another id")
    return [*units, unit]


def relaxed(policy: Policy, constraint: str) -> Policy:
    """The policy with one constraint switched off: state_share, women_share or urgent_rdl."""
    changes = {"state_share": {"max_state_share": None}, "women_share": {"women_target": None},
               "urgent_rdl": {"urgent_requires_rdl": False}}
    if constraint not in changes:
        raise ValueError(f"can relax one of {', '.join(changes)}, not {constraint!r}")
    return replace(policy, **changes[constraint])

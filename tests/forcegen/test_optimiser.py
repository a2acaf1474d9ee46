"""The optimiser on hand-made instances with known optima, infeasibility, and its explanations."""

from __future__ import annotations

from datetime import date

import pytest

from pko.forcegen import explain, highs, optimiser
from pko.forcegen.greedy import greedy
from pko.forcegen.optimiser import Policy, Slot, Unit
from pko.forcegen.units import Mobility, ReadinessLevel

L1, L3, RDL = ReadinessLevel.level_1, ReadinessLevel.level_3, ReadinessLevel.rapid
DAY = date(2026, 1, 1)
LATE = date(2026, 12, 31)


def unit(id_, state="GHA", kind="infantry-battalion", level=L1, women=0.1, **extra) -> Unit:
    return Unit(id_, state, kind, level, 100, women, Mobility.motorized, **extra)


def slot(id_, mission="UNMISS", kind="infantry-battalion", **extra) -> Slot:
    extra.setdefault("need_by", LATE)
    return Slot(id_, mission, kind, **extra)


def run(units, slots, policy=None):
    model = optimiser.build(units, slots, policy or Policy(DAY))
    solution = optimiser.solve(model, time_limit=10, workers=1)
    return model, solution, explain.explain(model, solution)


def test_known_optimum_beats_greedy_by_priority():
    # Greedy gives the priority-2 slot the RDL unit and leaves the L3 slot empty (2060); the optimum is 3020.
    units = [unit("u1", level=RDL), unit("u2", level=L1)]
    slots = [slot("A", priority=2), slot("B", priority=1, min_readiness=L3)]
    model, solution, plan = run(units, slots)
    assert (solution.status, solution.objective, solution.best_bound) == ("optimal", 3020, 3020)
    assert {a.slot_id: a.unit_id for a in plan.assignments} == {"A": "u2", "B": "u1"}
    assert greedy(model).objective == 2060
    b = next(a for a in plan.assignments if a.slot_id == "B")
    assert b.terms == {"coverage": 1000, "readiness": 20, "mobility": 0, "self_sustainment": 0, "rdl_urgent": 0, "lateness": 0}
    assert [alt.unit_id for alt in next(a for a in plan.assignments if a.slot_id == "A").alternatives] == ["u1"]


def test_lateness_past_need_by_is_charged_per_day_and_priority():
    # An L1 unit deploys 180 days after the request (2026-06-30): 30 days after a need-by of 2026-05-31.
    _, solution, plan = run([unit("u1")], [slot("A", priority=2, need_by=date(2026, 5, 31))])
    assert solution.objective == 2000 - 5 * 2 * 30
    assert plan.assignments[0].late_days == 30 and plan.assignments[0].terms["lateness"] == -300


def test_rdl_preferred_for_urgent_slot_and_mobility_fit():
    units = [unit("slow", level=L3), unit("fast", level=RDL)]
    slots = [slot("U", urgent=True, mobility=Mobility.motorized, need_by=date(2026, 4, 30))]
    _, solution, plan = run(units, slots)
    assert plan.assignments[0].unit_id == "fast"
    assert plan.assignments[0].terms["rdl_urgent"] == 300 and plan.assignments[0].terms["mobility"] == 30
    assert solution.objective == 1000 + 60 + 30 + 300
    strict = optimiser.define_pairs(units, slots, Policy(DAY, urgent_requires_rdl=True))
    assert [units[u].id for u in strict.pair_unit] == ["fast"]


def test_eligibility_type_caveat_language_availability():
    units = [unit("heli", kind="utility-helicopter-unit"), unit("cav", caveats=frozenset({"UNMISS"})),
             unit("en", languages=frozenset({"English"})), unit("gone", level=RDL, available_until=date(2026, 2, 1))]
    model, solution, plan = run(units, [slot("A", language="French"), slot("B")])
    assert {a.slot_id: a.unit_id for a in plan.assignments} == {"B": "en"}
    gap = plan.unfilled[0]
    assert (gap.slot_id, gap.reason) == ("A", "no eligible unit")
    assert optimiser.define_pairs(units, [slot("A", language="French"), slot("B")], Policy(DAY)).pair_unit.tolist() == [2]


def test_state_cap_leaves_a_slot_empty_and_says_so():
    units = [unit(f"g{i}", state="GHA") for i in range(3)]
    slots = [slot(f"S{i}") for i in range(3)]
    _, solution, plan = run(units, slots, Policy(DAY, max_state_share=0.34))
    assert solution.status == "optimal" and len(plan.assignments) == 1
    assert {g.reason for g in plan.unfilled} == {"policy cap: state share"}


def test_lost_to_higher_value_slot():
    _, _, plan = run([unit("u1")], [slot("A", priority=1), slot("B", priority=5)])
    assert plan.assignments[0].slot_id == "B"
    assert plan.unfilled[0].reason == "lost to a higher-value slot" and "B" in plan.unfilled[0].detail


def test_infeasible_women_target_names_the_constraints():
    units = [unit("u1", women=0.1), unit("u2", women=0.12)]
    slots = [slot("A", mission="MINUSCA", mandatory=True)]
    model, solution, plan = run(units, slots, Policy(DAY, women_target={"MINUSCA": 0.5}))
    assert solution.status == "infeasible" and plan.status == "infeasible"
    assert set(solution.conflict) == {"women's share in MINUSCA >= 50%", "slot A must be filled"}
    assert highs.solve(model).status == "infeasible"
    relaxed = optimiser.solve(model, workers=1, relax=("women_share",))
    assert relaxed.status == "optimal" and relaxed.objective == 1000


def test_mandatory_slot_without_candidates_is_infeasible():
    _, solution, _ = run([unit("u1")], [slot("A", kind="riverine-unit", mandatory=True)])
    assert solution.status == "infeasible"
    assert solution.conflict == ["slot A must be filled but no unit is eligible"]


def test_women_target_met_by_choice_of_units():
    units = [unit("low", women=0.05, level=RDL), unit("high", women=0.3)]
    _, solution, plan = run(units, [slot("A", mission="MINUSCA")], Policy(DAY, women_target=0.15))
    assert plan.assignments[0].unit_id == "high" and solution.objective == 1000


def test_what_if_without_unit_and_relaxed_policy():
    units = [unit("u1", level=RDL), unit("u2")]
    slots = [slot("A", priority=2), slot("B", priority=1, min_readiness=L3)]
    _, _, before = run(units, slots)
    _, _, after = run(explain.without_unit(units, "u1"), slots)
    diff = explain.compare(before, after)
    assert diff["objective_change"] == 2000 - 3020 and diff["filled_after"] == 1
    assert {"slot_id": "B", "before": "u1", "after": None} in diff["changed"]
    with pytest.raises(ValueError, match="no unit"):
        explain.without_unit(units, "nope")
    assert explain.relaxed(Policy(DAY, max_state_share=0.2), "state_share").max_state_share is None
    with pytest.raises(ValueError, match="can relax"):
        explain.relaxed(Policy(DAY), "budget")


def test_explanations_add_up_to_the_objective():
    units = [unit(f"u{i}", state=s, level=lvl, self_sustained=i % 2 == 0)
             for i, (s, lvl) in enumerate([("GHA", RDL), ("IND", L3), ("NPL", L1), ("GHA", L3)])]
    slots = [slot("A", priority=3, urgent=True, need_by=date(2026, 3, 1)), slot("B", priority=2), slot("C", priority=1)]
    _, solution, plan = run(units, slots, Policy(DAY, max_state_share=0.34))
    assert solution.status == "optimal"
    assert sum(sum(a.terms.values()) for a in plan.assignments) == solution.objective == sum(a.score for a in plan.assignments)

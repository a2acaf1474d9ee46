"""CP-SAT and HiGHS agree; pruning loses no optimum; invariants hold on random instances (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pko.forcegen import explain, highs, optimiser, scenario
from pko.forcegen.optimiser import Policy, Slot, Unit, women_of
from pko.forcegen.units import LEAD_DAYS, PCRS_ORDER, Mobility

DAY = date(2026, 1, 1)


@pytest.mark.parametrize("seed,units,slots,share,women", [
    (1, 120, 30, 0.4, None), (2, 200, 40, 0.3, None), (3, 150, 50, 0.5, 0.08), (4, 300, 60, None, 0.1),
    (5, 80, 40, 0.25, 0.06), (6, 400, 80, 0.4, None),
])
def test_cp_sat_and_highs_agree_on_generated_instances(seed, units, slots, share, women):
    data = scenario.generate(scenario.DEFAULT, seed, units, slots, DAY)
    data["policy"].update(max_state_share=share, women_target=women)
    model = optimiser.build(*scenario.load(data))
    cp, mip = optimiser.solve(model, time_limit=30), highs.solve(model, time_limit=30)
    assert cp.status == mip.status == "optimal"
    assert cp.objective == mip.objective
    full = optimiser.build(*scenario.load(data), prune=False)
    assert len(full.pair_unit) >= len(model.pair_unit)
    assert highs.solve(full, time_limit=30).objective == cp.objective  # pruning left no better plan out


def _eligible(u: Unit, s: Slot, policy: Policy) -> bool:
    start = max(policy.request_date + timedelta(days=LEAD_DAYS[u.readiness]), u.available_from or DAY)
    return (u.unit_type == s.unit_type and u.readiness.rank >= s.min_readiness.rank
            and (s.mobility is None or u.mobility.rank >= s.mobility.rank)
            and (s.language is None or s.language in u.languages) and s.mission not in u.caveats
            and (u.available_until is None or start <= u.available_until)
            and (start - s.need_by).days <= policy.max_late_days)


units_st = st.lists(st.builds(
    Unit, id=st.just(""), state=st.sampled_from(["GHA", "IND", "NPL", "RWA"]),
    unit_type=st.sampled_from(["infantry-battalion", "formed-police-unit", "level-2-hospital"]),
    readiness=st.sampled_from(PCRS_ORDER), strength=st.integers(20, 900), women_share=st.floats(0, 0.5),
    mobility=st.sampled_from(list(Mobility)), languages=st.sets(st.sampled_from(["English", "French"])).map(frozenset),
    caveats=st.sets(st.sampled_from(["MINUSCA", "UNMISS"]), max_size=1).map(frozenset), self_sustained=st.booleans(),
    available_until=st.none() | st.dates(date(2026, 2, 1), date(2027, 6, 1))), min_size=0, max_size=25)
slots_st = st.lists(st.builds(
    Slot, id=st.just(""), mission=st.sampled_from(["MINUSCA", "UNMISS"]),
    unit_type=st.sampled_from(["infantry-battalion", "formed-police-unit", "level-2-hospital"]),
    need_by=st.dates(date(2026, 2, 1), date(2026, 12, 31)), min_readiness=st.sampled_from(PCRS_ORDER),
    priority=st.integers(1, 5), language=st.none() | st.sampled_from(["English", "French"]),
    mobility=st.none() | st.sampled_from(list(Mobility)), urgent=st.booleans()), min_size=0, max_size=10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=units_st, slots=slots_st, share=st.none() | st.sampled_from([0.25, 0.5]),
       women=st.none() | st.sampled_from([0.05, 0.2]))
def test_invariants(units, slots, share, women):
    units = [Unit(f"u{i}", *list(vars(u).values())[1:]) for i, u in enumerate(units)]
    slots = [Slot(f"s{j}", *list(vars(s).values())[1:]) for j, s in enumerate(slots)]
    policy = Policy(DAY, max_state_share=share, women_target=women)
    model = optimiser.build(units, slots, policy)
    solution = optimiser.solve(model, time_limit=10, workers=1)
    plan = explain.explain(model, solution)
    assert solution.status == "optimal"
    used = [a.unit_id for a in plan.assignments]
    assert len(used) == len(set(used))
    assert len({a.slot_id for a in plan.assignments}) == len(plan.assignments)
    by_id = {u.id: u for u in units} | {s.id: s for s in slots}
    assert all(_eligible(by_id[a.unit_id], by_id[a.slot_id], policy) for a in plan.assignments)
    caps = optimiser.state_caps(model)
    for mission in {s.mission for s in slots}:
        sent = [by_id[a.unit_id] for a in plan.assignments if a.mission == mission]
        if caps:
            assert all(sum(u.state == st_ for u in sent) <= caps[mission] for st_ in {u.state for u in sent})
        if women and sent:
            assert sum(women_of(u) for u in sent) >= women * sum(u.strength for u in sent) - 1e-9
    assert sum(sum(a.terms.values()) for a in plan.assignments) == solution.objective
    assert len(plan.assignments) + len(plan.unfilled) == len(slots)
    assert highs.solve(model).objective == solution.objective

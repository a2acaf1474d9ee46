"""The solver choice: CP-SAT on small models, HiGHS above the size where CP-SAT cannot prove in time, the same optimum."""

from __future__ import annotations

from datetime import date

import pytest

from pko.forcegen import optimiser, scenario, service, solvers


def _model(seed: int = 5, units: int = 300, slots: int = 40) -> optimiser.Model:
    return optimiser.build(*scenario.load(scenario.generate(scenario.DEFAULT, seed, units, slots, date(2026, 1, 1))))


def test_auto_takes_cpsat_up_to_the_size_and_highs_above(monkeypatch):
    model = _model()
    pairs = len(model.pair_unit)
    monkeypatch.setattr(solvers, "CPSAT_MAX_PAIRS", pairs)
    small = solvers.solve(model, "auto", time_limit=20)
    monkeypatch.setattr(solvers, "CPSAT_MAX_PAIRS", pairs - 1)
    large = solvers.solve(model, "auto", time_limit=20)
    assert (small.solver, large.solver) == ("cp-sat", "highs")
    assert small.status == large.status == "optimal" and small.objective == large.objective
    assert solvers.chosen(model, "cpsat") == "cpsat" and solvers.chosen(model, "highs") == "highs"
    with pytest.raises(ValueError, match="auto, cpsat, highs"):
        solvers.chosen(model, "cbc")


def test_the_largest_generated_size_is_handed_to_highs():
    model = _model(1, 10_000, 500)
    assert len(model.pair_unit) > solvers.CPSAT_MAX_PAIRS and solvers.chosen(model) == "highs"
    assert solvers.chosen(_model(1, 1000, 100)) == "cpsat"


def test_a_plan_says_which_solver_proved_it():
    document = scenario.generate(scenario.DEFAULT, 6, 200, 30, date(2026, 1, 1))
    answer = service.plan(document, 20)
    assert answer["solver"] == "cp-sat" and answer["status"] == "optimal"
    assert service.plan(document, 20, solver="highs")["objective"] == answer["objective"]


def test_a_solver_stopped_by_its_time_limit_still_answers_a_feasible_plan_in_valid_json():
    import json

    from pko.forcegen.greedy import greedy

    document = scenario.generate(scenario.DEFAULT, 2, 3000, 250, date(2026, 1, 1))
    model = optimiser.build(*scenario.load(document))
    for solver in ("highs", "cpsat"):
        answer = service.plan(document, 0.001, solver=solver)
        assert answer["status"] in ("feasible", "optimal") and answer["assignments"], solver
        assert answer["objective"] >= greedy(model).objective
        json.dumps(answer, allow_nan=False)  # what the API sends: no Infinity or NaN for a missing bound

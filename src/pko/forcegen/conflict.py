"""Which policy and mandatory constraints cannot all hold together, from CP-SAT's assumption core (pure)."""

from __future__ import annotations

from pko.forcegen.optimiser import Model, Row, add_row


def conflict(model: Model, rows: list[Row], time_limit: float) -> list[str]:
    """Policy and mandatory constraints that cannot all hold, from CP-SAT's assumption core."""
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{i}") for i in range(len(model.pair_unit))]
    named = {}
    for row in rows:
        if row.family in ("unit_once", "slot_once"):
            add_row(cp, x, row, None)
        else:
            literal = cp.new_bool_var(row.name)
            named[literal.index] = row.name
            add_row(cp, x, row, literal)
    cp.add_assumptions([cp.get_bool_var_from_proto_index(i) for i in named])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    if solver.solve(cp) != cp_model.INFEASIBLE:
        return ["the constraints conflict (no smaller set found in time)"]
    return [named[i] for i in solver.sufficient_assumptions_for_infeasibility()]

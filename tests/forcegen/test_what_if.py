"""The extra-pledge what-if, the solver choice and paging of plans, and JSON output that a real process keeps clean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from pko.forcegen import scenario, service


def _document(seed: int = 3, units: int = 200, slots: int = 30) -> dict:
    return scenario.generate(scenario.DEFAULT, seed, units, slots, date(2026, 1, 1))


def _filler(slot: dict, unit_id: str = "EXTRA") -> dict:
    """A hypothetical unit that is eligible for this slot and as fit as any can be."""
    return {"id": unit_id, "state": "NOR", "unit_type": slot["unit_type"], "readiness": "RDL", "strength": 150,
            "women_share": 0.5, "mobility": "air-mobile", "languages": ["English", "French"], "self_sustained": True}


def _empty_slot(document: dict) -> dict:
    """A slot no pledged unit may fill: its unit type is taken out of the pledges."""
    slot = document["slots"][0]
    document["units"] = [u for u in document["units"] if u["unit_type"] != slot["unit_type"]]
    return slot


def test_an_extra_pledge_fills_an_empty_slot_and_the_difference_says_so():
    document = _document()
    slot = _empty_slot(document)
    base = service.plan(document, 10)
    assert slot["id"] in {g["slot_id"] for g in base["unfilled"]}
    after = service.plan(document, 10, extra_unit=_filler(slot))
    d = after["difference"]
    assert d["extra_unit"] == {"unit_id": "EXTRA", "slot_id": slot["id"]}
    assert d["objective_before"] == base["objective"] and d["objective_change"] > 0
    assert d["filled_after"] == d["filled_before"] + 1
    assert {"slot_id": slot["id"], "before": None, "after": "EXTRA"} in d["changed"]
    assert after["objective"] == sum(a["score"] for a in after["assignments"])
    assert "EXTRA" not in {u["id"] for u in document["units"]}  # a what-if never changes the pledges


def test_an_extra_pledge_nobody_needs_changes_nothing():
    document = _document()
    useless = _filler(document["slots"][0]) | {"unit_type": "riverine-unit", "caveats": sorted({s["mission"] for s in document["slots"]})}
    after = service.plan(document, 10, extra_unit=useless)
    assert after["difference"]["objective_change"] == 0 and after["difference"]["extra_unit"]["slot_id"] is None


@pytest.mark.parametrize("extra, message", [
    ({"id": "U00001"}, "already pledged"), ({"unit_type": "tank"}, "unknown unit type"), ({"readiness": "L9"}, "bad unit field"),
    ({"strength": 0}, "strength must be positive"), ({"mobility": None}, "bad unit field"),
])
def test_bad_extra_pledges_are_refused_with_a_reason(extra, message):
    document = _document()
    with pytest.raises(service.QueryError, match=message):
        service.plan(document, 10, extra_unit=_filler(document["slots"][0]) | extra)


def test_cpsat_and_highs_agree_through_the_service():
    for seed in (1, 2, 3):
        document = _document(seed, 300, 40)
        first, second = service.plan(document, 20, solver="cpsat"), service.plan(document, 20, solver="highs")
        assert (first["solver"], second["solver"]) == ("cp-sat", "highs")
        assert first["status"] == second["status"] == "optimal" and first["objective"] == second["objective"]
    with pytest.raises(service.QueryError, match="solver"):
        service.plan(document, 10, solver="gurobi")


def _pko(*args: str, cwd) -> subprocess.CompletedProcess:
    """`pko ...` as a separate process, so that anything a solver library prints on the real stdout is seen."""
    code = "import sys; from pko.cli import main; sys.argv = ['pko', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, "PKO_DATABASE_URL": f"sqlite:///{cwd}/none.db"})


def test_json_output_of_a_real_process_parses_with_either_solver(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_document(4, 150, 20)))
    objectives = set()
    for solver in ("highs", "cpsat"):
        done = _pko("forcegen", "plan", "--scenario", str(path), "--solver", solver, "--format", "json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        plan = json.loads(done.stdout)  # nothing else on stdout: no solver banner
        assert plan["status"] == "optimal"
        objectives.add(plan["objective"])
    assert len(objectives) == 1
    assert _pko("forcegen", "plan", "--scenario", str(path), "--solver", "cbc", cwd=tmp_path).returncode == 2


def test_extra_pledge_on_the_command_line(run_cli, tmp_path):
    document = _document()
    slot = _empty_slot(document)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(document))
    extra = _filler(slot)
    del extra["id"]  # an id is given when none is
    shown = run_cli("forcegen", "plan", "--scenario", str(path), "--extra-pledge", json.dumps(extra), "--format", "json")
    assert json.loads(shown.output)["difference"]["extra_unit"] == {"unit_id": "EXTRA", "slot_id": slot["id"]}
    table = run_cli("forcegen", "plan", "--scenario", str(path), "--extra-pledge", json.dumps(extra))
    assert f"extra pledge EXTRA: fills {slot['id']}" in table.output
    for bad in ("{not json", "[1, 2]", json.dumps(extra | {"unit_type": "tank"})):
        assert run_cli("forcegen", "plan", "--scenario", str(path), "--extra-pledge", bad).exit_code == 2


PLEDGE = {"state_iso3": "BGD", "unit_type": "infantry-battalion", "strength": 850, "women_share": 0.08,
          "levels": {"L1": "2024-03-01", "L2": "2024-09-01"}, "languages": ["English"], "mobility": "mechanized"}
NEED = {"mission": "UNMISS", "unit_type": "infantry-battalion", "count": 3, "location": "Malakal", "latitude": 9.53,
        "longitude": 31.66, "need_by": "2026-09-30", "min_readiness": "L2", "priority": 4}
EXTRA = {"id": "NEW", "state_iso3": "NPL", "unit_type": "infantry-battalion", "readiness": "RDL", "strength": 800,
         "women_share": 0.1, "mobility": "mechanized", "languages": ["English"]}


def test_plan_api_extra_pledge_solver_and_paging(api):
    client, officer, _ = api
    for state in ("BGD", "IND"):
        assert client.post("/api/v1/forcegen/pledges", json=PLEDGE | {"state_iso3": state}, headers=officer).status_code == 201
    assert client.post("/api/v1/forcegen/requirements", json=NEED, headers=officer).status_code == 201
    body = {"request_date": "2026-01-01", "max_state_share": 0.5}
    base = client.post("/api/v1/forcegen/plan", json=body, headers=officer).json()
    slots = {"R1-1", "R1-2", "R1-3"}
    assert base["assignments_total"] == 2 and base["unfilled_total"] == 1 and base["unfilled"][0]["slot_id"] in slots
    extra = client.post("/api/v1/forcegen/plan", json=body | {"extra_pledge": EXTRA}, headers=officer).json()
    assert extra["difference"]["extra_unit"]["unit_id"] == "NEW" and extra["difference"]["extra_unit"]["slot_id"] in slots
    assert extra["assignments_total"] == 3 and extra["difference"]["objective_change"] > 0
    assert client.get("/api/v1/forcegen/pledges", headers=officer).json()["total"] == 2  # never stored
    highs = client.post("/api/v1/forcegen/plan", json=body | {"solver": "highs"}, headers=officer).json()
    assert highs["solver"] == "highs" and highs["objective"] == base["objective"]
    paged = client.post("/api/v1/forcegen/plan", params={"limit": 1, "offset": 1}, json=body, headers=officer).json()
    assert paged["assignments_total"] == 2 and [a["slot_id"] for a in paged["assignments"]] == [base["assignments"][1]["slot_id"]]
    assert paged["unfilled"] == [] and paged["objective"] == base["objective"] and (paged["limit"], paged["offset"]) == (1, 1)
    for wrong, params in (({"solver": "cbc"}, {}), ({"relax": "budget"}, {}), ({"extra_pledge": EXTRA | {"unit_type": "tank"}}, {}),
                          ({"extra_pledge": EXTRA | {"id": "P1"}}, {}), ({"extra_pledge": EXTRA | {"readiness": "L7"}}, {}),
                          ({}, {"limit": 0}), ({}, {"offset": -1})):
        answer = client.post("/api/v1/forcegen/plan", params=params, json=body | wrong, headers=officer)
        assert answer.status_code == 422 and answer.json()["detail"], wrong

"""`pko forcegen scenario|plan` and the /api/v1/forcegen routes: pledges, PCRS promotions, requirements, plans."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pko.forcegen import scenario

PLEDGE = {"state_iso3": "BGD", "unit_type": "infantry-battalion", "strength": 850, "women_share": 0.08,
          "levels": {"L1": "2024-03-01", "L2": "2024-09-01"}, "equipment": ["APC x 20"], "languages": ["English"],
          "mobility": "mechanized", "self_sustained": True}
NEED = {"mission": "unmiss", "unit_type": "infantry-battalion", "count": 2, "location": "Malakal", "latitude": 9.53,
        "longitude": 31.66, "need_by": "2026-09-30", "language": "English", "min_readiness": "L2", "priority": 4}


def test_scenario_is_labelled_reproducible_and_planned(run_cli, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    result = run_cli("forcegen", "scenario", "--seed", "5", "--units", "300", "--slots", "40", "--out", str(first))
    assert result.exit_code == 0 and scenario.LABEL in result.output
    run_cli("forcegen", "scenario", "--seed", "5", "--units", "300", "--slots", "40", "--out", str(second))
    assert first.read_text() == second.read_text()
    document = json.loads(first.read_text())
    assert document["label"] == scenario.LABEL and len(document["units"]) == 300 and len(document["slots"]) == 40
    shown = run_cli("forcegen", "plan", "--scenario", str(first), "--format", "json")
    plan = json.loads(shown.output)
    assert plan["status"] == "optimal" and plan["label"] == scenario.LABEL and plan["gap"] == 0
    assert len(plan["assignments"]) + len(plan["unfilled"]) == 40
    assert sum(sum(a["terms"].values()) for a in plan["assignments"]) == plan["objective"]
    table = run_cli("forcegen", "plan", "--scenario", str(first), "--time-limit", "5")
    assert "status optimal" in table.output and scenario.LABEL in table.output


def test_plan_what_if_and_bad_scenario(run_cli, tmp_path):
    path = tmp_path / "s.json"
    run_cli("forcegen", "scenario", "--seed", "2", "--units", "200", "--slots", "30", "--out", str(path))
    base = json.loads(run_cli("forcegen", "plan", "--scenario", str(path), "--format", "json").output)
    gone = base["assignments"][0]["unit_id"]
    after = json.loads(run_cli("forcegen", "plan", "--scenario", str(path), "--format", "json", "--without-unit", gone).output)
    assert after["difference"]["objective_before"] == base["objective"]
    assert after["difference"]["objective_change"] <= 0 and gone not in {a["unit_id"] for a in after["assignments"]}
    relaxed = json.loads(run_cli("forcegen", "plan", "--scenario", str(path), "--format", "json", "--relax", "state_share").output)
    assert relaxed["difference"]["objective_change"] >= 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kind": "forcegen-scenario", "request_date": "2026-01-01", "units": [{"id": "x"}], "slots": []}))
    result = run_cli("forcegen", "plan", "--scenario", str(bad))
    assert result.exit_code == 2
    result = run_cli("forcegen", "plan", "--scenario", str(path), "--without-unit", "NOPE")
    assert result.exit_code == 2


def test_pledges_promotions_requirements_and_plan(api):
    client, officer, delegate = api
    assert client.get("/api/v1/forcegen/pledges").status_code == 401
    made = client.post("/api/v1/forcegen/pledges", json=PLEDGE, headers=delegate)
    assert made.status_code == 201 and made.json()["readiness"] == "L2"
    pid = made.json()["id"]
    assert client.post("/api/v1/forcegen/pledges", json=PLEDGE | {"state_iso3": "IND"}, headers=delegate).status_code == 404
    assert client.post("/api/v1/forcegen/pledges", json=PLEDGE | {"state_iso3": "IND"}, headers=officer).status_code == 201
    skipped = client.post(f"/api/v1/forcegen/pledges/{pid}/levels", json={"level": "RDL", "reached_on": "2025-01-01"}, headers=delegate)
    assert skipped.status_code == 409 and "next PCRS level" in skipped.json()["detail"]
    early = client.post(f"/api/v1/forcegen/pledges/{pid}/levels", json={"level": "L3", "reached_on": "2024-01-01"}, headers=delegate)
    assert early.status_code == 422
    promoted = client.post(f"/api/v1/forcegen/pledges/{pid}/levels", json={"level": "L3", "reached_on": "2025-02-01"}, headers=delegate)
    assert promoted.json()["readiness"] == "L3" and list(promoted.json()["levels"]) == ["L1", "L2", "L3"]
    order = PLEDGE | {"levels": {"L2": "2024-01-01", "L3": "2024-06-01"}}
    assert client.post("/api/v1/forcegen/pledges", json=order, headers=officer).status_code == 422
    assert client.post("/api/v1/forcegen/pledges", json=PLEDGE | {"unit_type": "tank"}, headers=officer).status_code == 422
    mine = client.get("/api/v1/forcegen/pledges", headers=delegate).json()
    assert mine["total"] == 1 and mine["items"][0]["state_iso3"] == "BGD"
    assert client.get("/api/v1/forcegen/pledges", headers=officer).json()["total"] == 2
    assert client.post("/api/v1/forcegen/requirements", json=NEED, headers=delegate).status_code == 403
    assert client.post("/api/v1/forcegen/requirements", json=NEED | {"mission": "NOWHERE"}, headers=officer).status_code == 422
    need = client.post("/api/v1/forcegen/requirements", json=NEED, headers=officer)
    assert need.status_code == 201 and need.json()["mission"] == "UNMISS"
    assert client.get("/api/v1/forcegen/requirements", params={"mission": "UNMISS"}, headers=officer).json()["total"] == 1
    plan = client.post("/api/v1/forcegen/plan", json={"request_date": "2026-01-01", "max_state_share": 0.5}, headers=officer)
    body = plan.json()
    assert plan.status_code == 200 and body["status"] == "optimal" and body["label"] is None
    assert {a["unit_id"] for a in body["assignments"]} == {f"P{pid}", f"P{pid + 1}"}
    assert body["objective"] == sum(a["score"] for a in body["assignments"])
    what_if = client.post("/api/v1/forcegen/plan", json={"request_date": "2026-01-01", "max_state_share": 0.5,
                                                        "without_unit": f"P{pid}"}, headers=officer).json()
    assert what_if["difference"]["filled_before"] == 2 and what_if["difference"]["filled_after"] == 1
    assert client.post("/api/v1/forcegen/plan", json={"relax": "budget"}, headers=officer).status_code == 422
    assert client.post("/api/v1/forcegen/plan", json={}, headers=delegate).status_code == 403


@pytest.mark.parametrize("change", [
    {"policy": {"max_state_share": "abc"}}, {"policy": {"budget": 1}}, {"request_date": "soon"},
    {"slots": [{"id": "s", "mission": "UNMISS", "unit_type": "infantry-battalion", "need_by": "2026-05-01", "priority": 0}]},
    {"units": [{"id": "u"}]}, {"kind": "something-else"},
])
def test_bad_scenarios_are_refused_with_a_reason(api, change):
    client, officer, _ = api
    document = scenario.generate(scenario.DEFAULT, 1, 20, 5, date(2026, 1, 1)) | change
    answer = client.post("/api/v1/forcegen/plan", json={"scenario": document}, headers=officer)
    assert answer.status_code == 422 and answer.json()["detail"]

"""Pledges and requirements on the record from the command line, and the plan of the stored record."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def states(run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))


def test_pledge_promote_require_and_plan_the_stored_record(run_cli, states):
    made = run_cli("forcegen", "pledge", "bgd", "infantry-battalion", "--strength", "850", "--women-share", "0.08",
                   "--level", "L1=2024-03-01", "--level", "L2=2024-09-01", "--language", "English", "--mobility", "mechanized")
    assert made.exit_code == 0, made.output
    assert "pledge 1: infantry-battalion of BGD at L2" in made.output
    assert run_cli("forcegen", "promote", "1", "L3", "--on", "2025-02-01").exit_code == 0
    run_cli("forcegen", "pledge", "NPL", "infantry-battalion", "--strength", "800", "--women-share", "0.1",
            "--level", "L1=2024-01-01", "--caveat", "UNMISS")
    listed = json.loads(run_cli("forcegen", "pledges", "--format", "json").output)
    assert [(p["id"], p["state"], p["readiness"]) for p in listed] == [(1, "BGD", "L3"), (2, "NPL", "L1")]
    assert listed[0]["levels"] == "L1 2024-03-01, L2 2024-09-01, L3 2025-02-01"
    assert [p["id"] for p in json.loads(run_cli("forcegen", "pledges", "--state", "npl", "--format", "json").output)] == [2]
    need = run_cli("forcegen", "require", "unmiss", "infantry-battalion", "--count", "2", "--location", "Malakal",
                   "--at", "9.53,31.66", "--need-by", "2030-12-31", "--priority", "4")
    assert need.exit_code == 0 and "2 x infantry-battalion for UNMISS at Malakal" in need.output, need.output
    plan = json.loads(run_cli("forcegen", "plan", "--request-date", "2030-01-01", "--max-state-share", "1",
                              "--format", "json").output)
    assert plan["status"] == "optimal" and [a["unit_id"] for a in plan["assignments"]] == ["P1"]
    assert len(plan["unfilled"]) == 1  # NPL will not serve in UNMISS: one of the two slots stays empty
    timeline = json.loads(run_cli("forcegen", "timeline", "--request-date", "2030-01-01", "--max-state-share", "1",
                                  "--runs", "500", "--share", "0.5", "--format", "json").output)
    assert [(row["mission"], row["slots"], row["planned"]) for row in timeline] == [("UNMISS", 2, 1)]
    assert timeline[0]["date_90"] > "2030-01-01"


@pytest.mark.parametrize("args, reason", [
    (("pledge", "BGD", "tank", "--strength", "10", "--women-share", "0", "--level", "L1=2024-01-01"), "tank"),
    (("pledge", "BGD", "infantry-battalion", "--strength", "0", "--women-share", "0", "--level", "L1=2024-01-01"), "strength"),
    (("pledge", "BGD", "infantry-battalion", "--strength", "9", "--women-share", "1.5", "--level", "L1=2024-01-01"), "women_share"),
    (("pledge", "BGD", "infantry-battalion", "--strength", "9", "--women-share", "0", "--level", "L2=2024-01-01"), "PCRS order"),
    (("pledge", "BGD", "infantry-battalion", "--strength", "9", "--women-share", "0", "--level", "L1=someday"), "levels.L1"),
    (("promote", "7", "L2", "--on", "2025-01-01"), "no pledge 7"),
    (("require", "NOWHERE", "infantry-battalion", "--location", "X", "--need-by", "2030-01-01"), "unknown mission"),
    (("require", "UNMISS", "infantry-battalion", "--location", "X", "--need-by", "2030-01-01", "--priority", "9"), "priority"),
])
def test_wrong_entries_are_refused_with_the_reason_and_store_nothing(run_cli, states, args, reason):
    refused = run_cli("forcegen", *args)
    assert refused.exit_code == 1 and "refused:" in refused.output and reason in refused.output, refused.output
    assert json.loads(run_cli("forcegen", "pledges", "--format", "json").output) == []
    assert json.loads(run_cli("forcegen", "requirements", "--format", "json").output) == []


def test_promotion_out_of_order_is_refused(run_cli, states):
    run_cli("forcegen", "pledge", "BGD", "level-2-hospital", "--strength", "60", "--women-share", "0.3", "--level", "L1=2024-01-01")
    skipped = run_cli("forcegen", "promote", "1", "RDL", "--on", "2025-01-01")
    assert skipped.exit_code == 1 and "next PCRS level" in skipped.output
    early = run_cli("forcegen", "promote", "1", "L2", "--on", "2023-01-01")
    assert early.exit_code == 1 and "before" in early.output
    assert json.loads(run_cli("forcegen", "pledges", "--format", "json").output)[0]["readiness"] == "L1"
    assert run_cli("forcegen", "require", "UNMISS", "signals-company", "--location", "Juba", "--at", "north",
                   "--need-by", "2030-01-01").exit_code == 2

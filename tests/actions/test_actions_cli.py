"""`pko actions list|add|update`: an organization's list with overdue flagged, edits against a version."""

from __future__ import annotations

import json

import pytest

from pko.actions.lifecycle import NEXT, STATUSES, check_step, overdue, parse_link


def test_an_organization_lists_its_items_with_overdue_flagged(run_cli, tokens):
    assert run_cli("actions", "add", "Send the engineers", "--org", "AU-COMMISSION", "--due", "2020-05-01",
                   "--link", "pledge:4", "--link", "requirement:9").exit_code == 0
    assert run_cli("actions", "add", "Review the budget", "--org", "AU-COMMISSION", "--due", "2999-01-01").exit_code == 0
    assert run_cli("actions", "add", "Not ours", "--org", "UN-DPO", "--due", "2020-01-01").exit_code == 0
    rows = json.loads(run_cli("actions", "list", "--org", "AU-COMMISSION", "--format", "json").output)
    assert [(r["title"], r["overdue"], r["links"]) for r in rows] == [
        ("Send the engineers", "OVERDUE", "pledge:4, requirement:9"), ("Review the budget", "", "")]
    late = json.loads(run_cli("actions", "list", "--org", "AU-COMMISSION", "--overdue", "--format", "json").output)
    assert [r["title"] for r in late] == ["Send the engineers"]
    csv = run_cli("actions", "list", "--overdue", "--format", "csv").output
    assert csv.splitlines()[0].startswith("id,owner,title") and len(csv.strip().splitlines()) == 3


def test_updates_name_the_version_they_edit(run_cli, tokens):
    run_cli("actions", "add", "Send the engineers", "--org", "AU-COMMISSION", "--due", "2020-05-01")
    moved = run_cli("actions", "update", "1", "--version", "1", "--status", "in progress")
    assert moved.exit_code == 0 and "in progress" in moved.output and "version 2" in moved.output
    stale = run_cli("actions", "update", "1", "--version", "1", "--status", "done")
    assert stale.exit_code == 1 and "version 2, not 1" in stale.output
    done = run_cli("actions", "update", "1", "--version", "2", "--status", "done")
    assert done.exit_code == 0
    rows = json.loads(run_cli("actions", "list", "--org", "AU-COMMISSION", "--format", "json").output)
    assert (rows[0]["status"], rows[0]["overdue"]) == ("done", "")


@pytest.mark.parametrize(("args", "reason"), [
    (("add", "X", "--org", "NOWHERE", "--due", "2026-01-01"), "no organization 'NOWHERE'"),
    (("add", "X", "--org", "UN-DPO", "--due", "someday"), "due_on"),
    (("add", "X", "--org", "UN-DPO", "--due", "2026-01-01", "--link", "rumour:3"), "'rumour' is not a record type"),
    (("add", "X", "--org", "UN-DPO", "--due", "2026-01-01", "--link", "pledge"), "write TYPE:ID"),
    (("update", "99", "--version", "1", "--status", "done"), "no action item 99"),
    (("list", "--org", "NOWHERE"), "no organization 'NOWHERE'"),
])
def test_bad_commands_are_refused_with_the_reason(run_cli, tokens, args, reason):
    answer = run_cli("actions", *args)
    assert answer.exit_code == 1 and reason in answer.output


def test_the_life_of_an_item():
    assert set(NEXT) == set(STATUSES)
    check_step("action item", NEXT, "open", "in progress")
    check_step("action item", NEXT, "done", "done")
    with pytest.raises(ValueError, match="cannot become open"):
        check_step("action item", NEXT, "done", "open")
    with pytest.raises(ValueError, match="not a status"):
        check_step("action item", NEXT, "open", "finished")


def test_overdue_means_past_due_and_still_pending():
    from datetime import date

    day = date(2026, 3, 1)
    assert overdue(date(2026, 2, 28), "open", day) and overdue(date(2026, 2, 28), "in progress", day)
    assert not overdue(date(2026, 3, 1), "open", day)
    assert not overdue(date(2026, 2, 1), "done", day) and not overdue(date(2026, 2, 1), "dropped", day)
    assert parse_link("support-request:7") == ("support-request", 7)
    with pytest.raises(ValueError):
        parse_link("pledge:99999999999")

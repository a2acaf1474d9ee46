"""`pko partnership`: add and list needs and offers, match them, accept and step a partnership, in each format."""

from __future__ import annotations

import csv
import io
import json


def _setup(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv")).exit_code == 0
    for args in (("BGD", "training", "counter-ied", "30", "--from", "2026-01-01", "--until", "2026-03-31",
                  "--place", "Dhaka", "--language", "English", "--priority", "2"),
                 ("NPL", "training", "counter-ied", "20", "--from", "2026-01-01", "--until", "2026-01-31",
                  "--place", "Kathmandu", "--language", "English"),
                 ("SEN", "equipment", "signals", "4", "--unit", "units", "--from", "2026-01-01", "--until", "2026-06-30",
                  "--place", "Dakar", "--language", "French")):
        result = run_cli("partnership", "needs", "add", *args)
        assert result.exit_code == 0, result.output
    for args in (("USA", "training", "counter-ied", "20", "--from", "2026-01-01", "--until", "2026-12-31",
                  "--place", "Entebbe", "--language", "English"),
                 ("GBR", "training", "counter-ied", "30", "--from", "2026-02-01", "--until", "2026-04-30",
                  "--place", "Nairobi", "--language", "English")):
        result = run_cli("partnership", "offers", "add", *args)
        assert result.exit_code == 0, result.output


def test_needs_and_offers_are_added_and_listed_in_each_format(run_cli, data_dir):
    _setup(run_cli, data_dir)
    needs = json.loads(run_cli("partnership", "needs", "list", "--format", "json").output)
    assert [(n["state_iso3"], n["capability"], n["quantity"], n["unit"]) for n in needs] == [
        ("BGD", "counter-ied", 30, "people"), ("NPL", "counter-ied", 20, "people"), ("SEN", "signals", 4, "units")]
    rows = list(csv.DictReader(io.StringIO(run_cli("partnership", "offers", "list", "--format", "csv").output)))
    assert [(r["partner"], r["capacity"], r["languages"]) for r in rows] == [("USA", "20", "English"), ("GBR", "30", "English")]
    table = run_cli("partnership", "needs", "list", "--state", "NPL").output
    assert "Kathmandu" in table and "Dhaka" not in table
    refused = run_cli("partnership", "needs", "add", "BGD", "training", "medical", "5", "--from", "2026-05-01",
                      "--until", "2026-04-01", "--place", "Dhaka")
    assert refused.exit_code == 1 and "ends_on" in refused.output
    unknown = run_cli("partnership", "offers", "add", "ZZZ", "training", "medical", "5", "--from", "2026-01-01",
                      "--until", "2026-04-01", "--place", "X")
    assert unknown.exit_code == 1 and "organization code" in unknown.output


def test_match_accept_and_step_from_the_command_line(run_cli, data_dir):
    _setup(run_cli, data_dir)
    # By hand: NPL (Jan only) can use only the US offer (20); BGD (priority 2) takes GBR's 30.
    # Everything both offers hold is used: 50 covered, weighted 2 * 30 + 20 = 80; SEN's signals find no offer.
    rows = json.loads(run_cli("partnership", "match", "--format", "json").output)
    matched = {(r["state_iso3"], r["partner"], r["quantity"]) for r in rows if r["quantity"]}
    assert matched == {("BGD", "GBR", 30), ("NPL", "USA", 20)}
    assert [r["unmatched"] for r in rows if not r["quantity"]] == ["no offer of signals (equipment, in units)"]
    table = run_cli("partnership", "match").output
    assert "optimal (cp-sat)" in table and "covered 50 of 54" in table
    accepted = run_cli("partnership", "accept", str(rows[0]["id"]), "--on", "2026-01-10")
    assert accepted.exit_code == 0, accepted.output
    partnership = json.loads(accepted.output)
    assert partnership["status"] == "agreed"
    stale = run_cli("partnership", "step", str(partnership["id"]), "delivered", "--on", "2026-02-01", "--version", "5")
    assert stale.exit_code == 1 and "version" in stale.output
    stepped = run_cli("partnership", "step", str(partnership["id"]), "delivered", "--on", "2026-02-01", "--version", "1")
    assert json.loads(stepped.output)["status"] == "delivered"
    listed = json.loads(run_cli("partnership", "list", "--format", "json").output)
    assert [(p["status"], p["delivered_on"]) for p in listed] == [("delivered", "2026-02-01")]

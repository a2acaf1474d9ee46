"""`pko finance peacekeeping-scale` says which states got the default level, and can take every level from a year's figures."""

from __future__ import annotations

import json

import pytest

from pko.finance.parameters import PERMANENT_MEMBERS


def test_states_left_out_of_the_levels_are_listed_with_a_warning(run_cli, finance_url, tmp_path):
    levels = tmp_path / "levels.csv"
    levels.write_text("iso3,level\n" + "".join(f"{iso3},A\n" for iso3 in PERMANENT_MEMBERS) + "AFG,J\n", encoding="utf-8")
    result = run_cli("finance", "peacekeeping-scale", "--period", "2019-2021", "--levels", str(levels), "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    defaulted = sorted(row["iso3"] for row in rows if row["level_from"].startswith("default"))
    assert len(defaulted) == len(rows) - 6 and "AFG" not in defaulted and "DEU" in defaulted
    warning = " ".join(result.stderr.split())
    assert f"warning: {len(defaulted)} of {len(rows)} states are not in the levels given and were put at level B" in warning
    assert ", ".join(defaulted) in warning and "permanent members' premium" in warning and "--levels-from-year" in warning


def test_levels_from_a_years_published_total_contributions(run_cli, finance_url):
    result = run_cli("finance", "peacekeeping-scale", "--period", "2025-2027", "--levels-from-year", "2025", "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = {row["iso3"]: row for row in json.loads(result.stdout)}
    assert sum(row["peacekeeping_rate_percent"] for row in rows.values()) == pytest.approx(100, abs=1e-4)
    assert {row["level_from"] for row in rows.values()} == {"total contributions 2025"}
    assert "warning" not in result.stderr
    measured = json.loads(run_cli("finance", "total-contributions", "--year", "2025", "--format", "json", url=finance_url).stdout)
    # The premium the inferred levels give the permanent members is the one their own published figures show.
    assert 1 - rows["USA"]["discount"] == pytest.approx(measured["permanent_member_ratio"], abs=2e-3)
    assert {rows[iso3]["level"] for iso3 in PERMANENT_MEMBERS} == {"A"}
    neither = run_cli("finance", "peacekeeping-scale", "--period", "2025-2027", url=finance_url)
    assert neither.exit_code != 0 and "--levels-from-year" in neither.output
    old = run_cli("finance", "peacekeeping-scale", "--period", "2019-2021", "--levels-from-year", "2019", url=finance_url)
    assert old.exit_code != 0 and "no level can be inferred" in " ".join(old.output.split())

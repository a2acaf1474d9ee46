"""The peacekeeping scale: discounts, the premium on level A, exceptional discounts, transitions; invariants."""

from __future__ import annotations

import csv
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pko.finance.parameters import PERMANENT_MEMBERS
from pko.finance.scale import LevelError, Placement, discount_of, peacekeeping_scale

SCALE = "un_finance/un_regular_budget_scale_2019-2021.csv"


def _plain(text: str) -> str:
    """CLI output without the error box's borders and line breaks."""
    return re.sub(r"[│╭╮╰╯─\s]+", " ", text)


@pytest.fixture(scope="module")
def rb(data_dir):
    with open(data_dir / SCALE, encoding="utf-8") as handle:
        return {row["iso3"]: float(row["rate_percent"]) for row in csv.DictReader(handle)}


def test_hand_example_premium_step_by_step():
    rb = {"P1": 30.0, "P2": 10.0, "B1": 40.0, "C1": 10.0, "J1": 10.0}
    levels = {"P1": Placement("A"), "P2": Placement("A"), "C1": Placement("C"), "J1": Placement("J")}
    rows = {row.iso3: row for row in peacekeeping_scale(rb, levels)}
    # Discounts: C1 10 x 7.5% = 0.75, J1 10 x 90% = 9; premium 9.75 over P1+P2's 40 = 24.375%.
    assert rows["C1"].rate == pytest.approx(9.25) and rows["J1"].rate == pytest.approx(1.0)
    assert rows["P1"].rate == pytest.approx(30 * 1.24375) and rows["P2"].rate == pytest.approx(10 * 1.24375)
    assert rows["B1"].rate == 40.0


def test_transition_moves_in_equal_steps_and_exceptional_discount_applies():
    assert discount_of(Placement("D", previous="B", steps=3, step=1)) == pytest.approx(0.20 / 3)
    assert discount_of(Placement("D", previous="B", steps=3, step=3)) == pytest.approx(0.20)
    assert discount_of(Placement("B", previous="J", steps=2, step=1)) == pytest.approx(0.45)
    rows = {row.iso3: row for row in peacekeeping_scale({"A1": 50.0, "SAU": 50.0}, {"A1": Placement("A")}, {"SAU": 0.075})}
    assert rows["SAU"].rate == pytest.approx(46.25) and rows["A1"].rate == pytest.approx(53.75)


@pytest.mark.parametrize(("levels", "message"), [
    ({"XXX": Placement("A")}, "not in the regular-budget scale"),
    ({"USA": Placement("K")}, "is not a level"),
    ({"FRA": Placement("C")}, "no level-A state"),
    ({"USA": Placement("A"), "FRA": Placement("D", "B", 2, 3)}, "not a valid transition step"),
])
def test_bad_level_tables_are_refused(rb, levels, message):
    with pytest.raises(LevelError, match=message):
        peacekeeping_scale(rb, levels)


placements = st.builds(
    Placement, level=st.sampled_from("BCDEFGHIJ"), previous=st.none() | st.sampled_from("BCDEFGHIJ"),
    steps=st.integers(1, 4), step=st.integers(1, 4),
).filter(lambda placement: placement.step <= placement.steps)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_invariants_over_random_level_tables(rb, data):
    others = sorted(set(rb) - set(PERMANENT_MEMBERS))
    chosen = data.draw(st.dictionaries(st.sampled_from(others), placements, max_size=120))
    levels = {iso3: Placement("A") for iso3 in PERMANENT_MEMBERS} | chosen
    exceptional = data.draw(st.dictionaries(st.sampled_from(others), st.sampled_from((0.075, 0.2)), max_size=3))
    rows = peacekeeping_scale(rb, levels, exceptional)
    assert sum(row.rate for row in rows) == pytest.approx(100.0, abs=1e-9)
    ratios = {row.rate / row.rb_rate for row in rows if row.level == "A"}
    assert max(ratios) - min(ratios) < 1e-12 and min(ratios) >= 1
    for row in rows:
        if row.level == "B" and row.iso3 not in exceptional and (row.iso3 not in levels or levels[row.iso3].previous in (None, "B")
                                                                 or levels[row.iso3].step == levels[row.iso3].steps):
            assert row.rate == row.rb_rate


def test_cli_with_a_level_file(run_cli, finance_url, tmp_path):
    levels = tmp_path / "levels.csv"
    levels.write_text("iso3,level,previous_level,steps,step\nUSA,A,,,\nCHN,A,,,\nFRA,A,,,\nGBR,A,,,\nRUS,A,,,\n"
                      "AFG,J,,,\nBRA,D,B,2,1\n", encoding="utf-8")
    result = run_cli("finance", "peacekeeping-scale", "--period", "2019-2021", "--levels", str(levels), "--format", "json", url=finance_url)
    assert result.exit_code == 0, result.output
    rows = {row["iso3"]: row for row in json.loads(result.stdout)}
    assert sum(row["peacekeeping_rate_percent"] for row in rows.values()) == pytest.approx(100, abs=1e-4)
    assert rows["AFG"]["peacekeeping_rate_percent"] == pytest.approx(0.0007)
    assert rows["BRA"]["discount"] == pytest.approx(0.10)
    assert rows["SAU"]["discount"] == 0.075 and rows["DEU"]["peacekeeping_rate_percent"] == 6.09
    bad = tmp_path / "bad.csv"
    bad.write_text("country,level\nUSA,A\n", encoding="utf-8")
    result = run_cli("finance", "peacekeeping-scale", "--period", "2019-2021", "--levels", str(bad), url=finance_url)
    assert result.exit_code != 0 and "needs the columns iso3, level" in _plain(result.output)


def test_api_peacekeeping_scale(api):
    body = [{"iso3": iso3, "level": "A"} for iso3 in PERMANENT_MEMBERS] + [{"iso3": "AFG", "level": "J"}]
    answer = api.post("/api/v1/finance/peacekeeping-scale", params={"period": "2019-2021"}, json=body)
    assert answer.status_code == 200, answer.text
    assert sum(row["peacekeeping_rate_percent"] for row in answer.json()) == pytest.approx(100, abs=1e-4)
    assert api.post("/api/v1/finance/peacekeeping-scale", params={"period": "2019-2021"}, json=[{"iso3": "AFG", "level": "Q"}]).status_code == 422

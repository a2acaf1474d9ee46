"""Planning reads the newest month from whichever source holds it: on IPI's record to 2014-08 plus a Data Hub file
reaching 2026-09, coverage, scheduling, the briefing pack, force-generation seeding and the mission page use the
Data Hub's 2026-09 figures and name them."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from datahub_files import write_hub
from fastapi.testclient import TestClient

from pko import freshness
from pko.config import get_settings
from pko.consult import service as consult
from pko.contributions.coverage import service as coverage
from pko.db import session_scope
from pko.sources import ipi_gender, psdh_contributions, un_member_states, unsc_membership
from pko.sources.importer import import_file

# (month, name, isocode3 cell, m49_code cell, mission, type, female, male), with the export's swapped code columns.
HUB_ROWS = [
    ("2026-08-31", "Rwanda", "646.0", "RWA", "MINUSCA", "Troops", 100, 2000),
    ("2026-09-30", "Rwanda", "646.0", "RWA", "MINUSCA", "Troops", 110, 2050),
    ("2026-09-30", "Rwanda", "646.0", "RWA", "MINUSCA", "Staff Officer", 3, 40),
    ("2026-09-30", "Zambia", "894.0", "ZMB", "MINUSCA", "Troops", 50, 900),
    ("2026-09-30", "Egypt", "818.0", "EGY", "MINUSCA", "Formed Police Units", 5, 135),
    ("2026-09-30", "Ghana", "288.0", "GHA", "UNIFIL", "Troops", 60, 800),
]
DEPLOYED = 110 + 2050 + 3 + 40 + 50 + 900 + 5 + 135  # MINUSCA in 2026-09, counted by hand from the rows above
HUB_CONTRIBUTORS = {"RWA", "ZMB", "EGY"}


@pytest.fixture
def record(engine, data_dir, tmp_path):
    """Member states, the Council to 2027, IPI's contributions to 2014-08 and a Data Hub file reaching 2026-09."""
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    import_file(engine, unsc_membership, data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv")
    import_file(engine, unsc_membership, data_dir / "unsc_membership/unsc_membership_2025-2027_supplement.csv")
    import_file(engine, ipi_gender, data_dir / "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv")
    import_file(engine, psdh_contributions, write_hub(tmp_path / "un_contributions_psdh/DPO-UCHISTORICAL.csv", HUB_ROWS))
    return engine


def test_coverage_ends_with_the_data_hub_month(record):
    with session_scope(record) as session:
        covered, minusca = coverage.coverage(session), coverage.detail_coverage(session, mission="MINUSCA")
        strength = coverage.mission_strength(session, mission="MINUSCA", on=date(2026, 12, 15))
    assert covered.last == minusca.last == date(2026, 9, 30)
    assert not freshness.judge(minusca, date(2026, 10, 15)).stale
    assert freshness.judge(covered, date(2026, 12, 31)).note == "contributions data ends 2026-09-30 — 3 months before the date asked"
    month, by_category, source = strength
    assert (month, source, sum(total for *_, total in by_category.values())) == (date(2026, 9, 30), "psdh-contributions", DEPLOYED)


def _adopt(run_cli, *create: str) -> None:
    assert run_cli(*create).exit_code == 0
    mandate = json.loads(run_cli("mandates", "list", "--format", "json").stdout)[-1]
    assert run_cli("mandates", "step", str(mandate["id"]), "adopted", "--on", create[5], "--version", "1").exit_code == 0


def test_a_2026_11_consultation_invites_the_data_hub_contributors_of_2026_09(record, run_cli):
    _adopt(run_cli, "mandates", "create", "MINUSCA", "S/RES/2759 (2024)", "--adopted", "2024-11-14", "--expires", "2026-11-30")
    done = run_cli("consult", "schedule", "MINUSCA", "--lead-weeks", "1", "--format", "json")
    assert done.exit_code == 0, done.output  # not refused: the contributions reach two months before the meeting
    [row] = json.loads(done.stdout)
    assert (row["outcome"], row["held_on"], row["contributors_month"], row["as_of"]) == ("created", "2026-11-23", "2026-09-30", "2026-09-30")
    assert "contributors of 2026-09-30 (psdh-contributions)" in row["note"] and "2014" not in row["note"]
    with session_scope(record) as session:
        shown = consult.get_meeting(session, meeting_id=row["meeting_id"])
        invited = {p.state_iso3 for p in shown.participants if "contributor" in p.capacity}
    assert invited == HUB_CONTRIBUTORS


def test_the_pack_takes_strength_and_contributors_from_the_data_hub_month(record, run_cli):
    done = run_cli("consult", "pack", "MINUSCA", "--date", "2026-11-15", "--format", "json")
    assert done.exit_code == 0, done.output
    sections = {section["key"]: section for section in json.loads(done.stdout)["sections"]}
    figures = {figure["label"]: figure for figure in sections["strength"]["figures"]}
    assert (figures["deployed"]["value"], figures["deployed"]["as_of"]) == (DEPLOYED, "2026-09-30")
    assert "DPO-UCHISTORICAL.csv" in figures["deployed"]["source"] and "month-end 2026-09-30" in figures["deployed"]["source"]
    assert figures["military deployed"]["value"] == DEPLOYED - 140  # staff officers are military
    assert {row["iso3"] for row in sections["contributors"]["table"]} == HUB_CONTRIBUTORS
    assert "DPO-UCHISTORICAL.csv" in sections["contributors"]["table_source"]
    assert "2014" not in (sections["strength"]["warning"] or "") + (sections["contributors"]["warning"] or "")


def test_the_mission_page_shows_the_data_hub_strength_with_its_date(record, database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    try:
        html = TestClient(create_app()).get("/missions/MINUSCA").text
    finally:
        get_settings.cache_clear()
    assert f'data-figure="strength">{DEPLOYED:,}<' in html and "at 2026-09-30 · psdh-contributions" in html
    assert not re.search(r'data-stale="strength">[^<]*2014', html)

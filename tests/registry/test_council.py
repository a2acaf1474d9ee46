"""Security Council membership by year: the reader's repairs and mappings, the CLI and the API."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pko.config import get_settings
from pko.db import session_scope
from pko.registry.models import CouncilSeat
from pko.sources import un_member_states, unsc_membership
from pko.sources.importer import import_file
from pko.sources.report import SourceError

STATES = "un_member_states/un_member_states_193.csv"
FIXED = "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"
RAW = "unsc_membership/DPPA-SCMEMBERSHIP_raw.csv"
SUPPLEMENT = "unsc_membership/unsc_membership_2025-2027_supplement.csv"
BAHRAIN_2026 = ('2026,Bahrain,elected,2026-2027,"General Assembly election of 3 June 2025 (press coverage, e.g. '
                'https://www.anews.com.tr/world/2025/06/03/un-general-assembly-elects-5-non-permanent-members-to-security-council)"')


@pytest.fixture
def states(engine, data_dir):
    import_file(engine, un_member_states, data_dir / STATES)
    return engine


def _seats(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(CouncilSeat))


def test_council_of_2019_has_15_members_including_cote_divoire(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / STATES)).exit_code == 0
    imported = run_cli("import", "sc-membership", str(data_dir / FIXED))
    assert imported.exit_code == 0, imported.output
    assert "13 x blank name filled from the fixed file" in imported.output
    result = run_cli("registry", "council", "--year", "2019", "--format", "json")
    assert result.exit_code == 0, result.output
    council = json.loads(result.output)
    seats = council["members"]
    assert len(seats) == 15 and (council["complete"], council["recorded"], council["note"]) == (True, 15, None)
    ivory = [seat for seat in seats if seat["iso3"] == "CIV"]
    assert ivory and ivory[0]["name_in_source"] == "Côte d'Ivoire" and ivory[0]["name_repaired"] is True
    assert sorted(seat["iso3"] for seat in seats if seat["permanent"]) == ["CHN", "FRA", "GBR", "RUS", "USA"]


def test_every_name_1946_to_2024_resolves_or_carries_a_note(states, data_dir):
    import_file(states, unsc_membership, data_dir / FIXED)
    with session_scope(states) as session:
        seats = session.scalars(select(CouncilSeat)).all()
    assert len(seats) == 1105
    assert {seat.year for seat in seats} == set(range(1946, 2025))
    assert all(seat.iso3 or seat.mapping_note for seat in seats)
    by_year: dict[int, int] = {}
    for seat in seats:
        by_year[seat.year] = by_year.get(seat.year, 0) + 1
    assert all(count == (11 if year < 1966 else 15) for year, count in by_year.items())
    ussr = [seat for seat in seats if seat.name_in_source.startswith("USSR")]
    assert len(ussr) == 46 and all(s.iso3 == "RUS" and s.permanent and "continues" in s.mapping_note for s in ussr)
    gdr = [seat for seat in seats if seat.name_in_source.startswith("German DR")]
    assert gdr and all(s.iso3 is None and s.mapping_note for s in gdr)
    assert all(s.mapping_note and "Republic of China" in s.mapping_note for s in seats if s.iso3 == "CHN" and s.year <= 1971)


def test_raw_file_alone_skips_and_counts_its_13_blank_names(states, data_dir, tmp_path):
    raw = tmp_path / "DPPA-SCMEMBERSHIP_raw.csv"
    shutil.copy(data_dir / RAW, raw)
    run = import_file(states, unsc_membership, raw).run
    assert run.rows_read == 1105 and run.rows_stored == 1092
    assert run.skips == {"blank name not flagged by the fixed file (seat skipped)": 13}
    assert _seats(states) == 1092


def test_raw_file_fills_only_the_blanks_the_fixed_file_flags(states, data_dir, tmp_path):
    raw = tmp_path / "DPPA-SCMEMBERSHIP_raw.csv"
    shutil.copy(data_dir / RAW, raw)
    lines = (data_dir / FIXED).read_text(encoding="utf-8").splitlines()
    unflag = [i for i, line in enumerate(lines) if line.startswith("1018,2019,")]
    lines[unflag[0]] = lines[unflag[0]].replace(",True", ",False")
    (tmp_path / "DPPA-SCMEMBERSHIP_fixed.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = import_file(states, unsc_membership, raw).run
    assert sum(run.repairs[rule] for rule in run.repairs if rule.startswith("blank name filled")) == 12
    assert run.skips == {"blank name not flagged by the fixed file (seat skipped)": 1}
    assert _seats(states) == 1104


def test_council_before_member_states_is_refused(engine, data_dir):
    with pytest.raises(SourceError, match="import member-states first"):
        import_file(engine, unsc_membership, data_dir / FIXED)


def test_unknown_name_and_bad_year_name_row_and_field(states, data_dir, tmp_path):
    lines = (data_dir / FIXED).read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "council.csv"
    bad_name = list(lines)
    bad_name[2] = bad_name[2].replace("Brazil", "Atlantis")
    broken.write_text("\n".join(bad_name) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        import_file(states, unsc_membership, broken)
    assert (error.value.row, error.value.field) == (3, "security_council_member")
    assert "Atlantis" in error.value.reason
    bad_year = list(lines)
    bad_year[7] = bad_year[7].replace(",1946,", ",19x6,")
    broken.write_text("\n".join(bad_year) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        import_file(states, unsc_membership, broken)
    assert (error.value.row, error.value.field) == (8, "year")
    assert _seats(states) == 0


@pytest.fixture
def client(states, data_dir, database_url, monkeypatch):
    import_file(states, unsc_membership, data_dir / FIXED)
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def test_security_council_api(client):
    page = client.get("/api/v1/security-council", params={"year": 2019}).json()
    assert page["total"] == 15 and len(page["items"]) == 15
    assert any(source.startswith("sc-membership") for source in page["sources"])
    assert sum(item["permanent"] for item in page["items"]) == 5
    assert any(item["iso3"] == "CIV" and item["state_name"] == "Côte d'Ivoire" for item in page["items"])
    old = client.get("/api/v1/security-council", params={"year": 1950}).json()["items"]
    ussr = next(item for item in old if item["name_in_source"].startswith("USSR"))
    assert ussr["iso3"] == "RUS" and ussr["mapping_note"] and ussr["permanent"]
    assert client.get("/api/v1/security-council", params={"year": "nineteen"}).status_code == 422
    assert client.get("/api/v1/security-council", params={"year": 1900}).status_code == 422
    assert client.get("/api/v1/security-council").status_code == 422


def test_the_council_after_2024_from_the_supplement_and_2027_says_it_is_incomplete(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / STATES)).exit_code == 0
    assert run_cli("import", "sc-membership", str(data_dir / FIXED)).exit_code == 0
    missing = run_cli("registry", "council", "--year", "2026", "--format", "json")
    assert missing.exit_code == 1 and "no Security Council membership stored for 2026" in missing.output
    imported = run_cli("import", "sc-membership", str(data_dir / SUPPLEMENT))
    assert imported.exit_code == 0, imported.output
    council = json.loads(run_cli("registry", "council", "--year", "2026", "--format", "json").stdout)
    names = {seat["state"] for seat in council["members"]}
    assert len(council["members"]) == 15 and {"Latvia", "Liberia", "Denmark", "Somalia"} <= names and council["complete"]
    later = json.loads(run_cli("registry", "council", "--year", "2027", "--format", "json").stdout)
    assert (later["recorded"], later["seats"], later["complete"]) == (10, 15, False)
    assert "5 elected members of 2027 are not in the record" in later["note"]
    table = run_cli("registry", "council", "--year", "2027")
    assert "incomplete: 10 of 15 seats" in table.stderr and "10 of 15 members" in table.stdout
    # The data set is untouched: 2024 still comes from it, and the supplement is a second current run.
    assert len(json.loads(run_cli("registry", "council", "--year", "2024", "--format", "json").stdout)["members"]) == 15


def test_import_all_takes_the_supplement(loaded_url, run_cli):
    council = json.loads(run_cli("registry", "council", "--year", "2027", "--format", "json", url=loaded_url).stdout)
    assert (council["recorded"], council["complete"]) == (10, False)


@pytest.mark.parametrize(("change", "row", "field"), [
    (("2026,Latvia,elected", "2026,Latvia,appointed"), 35, "seat"),
    (("2026,Liberia,elected", "2026,Narnia,elected"), 36, "security_council_member"),
    (("2025,Algeria,elected", "2025,Algeria,permanent"), 17, "seat"),
    ((BAHRAIN_2026, "2026,Bahrain,elected,2026-2027,"), 32, "source"),
])
def test_a_bad_supplement_is_refused_with_row_and_field_and_nothing_stored(states, data_dir, tmp_path, change, row, field):
    text = (data_dir / SUPPLEMENT).read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "unsc_membership_2025-2027_supplement.csv"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        import_file(states, unsc_membership, broken)
    assert (error.value.row, error.value.field) == (row, field)
    assert _seats(states) == 0


def test_security_council_api_says_when_a_year_is_incomplete(client, states, data_dir):
    import_file(states, unsc_membership, data_dir / SUPPLEMENT)
    page = client.get("/api/v1/security-council", params={"year": 2027}).json()
    assert (page["total"], page["seats"], page["complete"]) == (10, 15, False) and "5 elected members" in page["note"]
    assert client.get("/api/v1/security-council", params={"year": 2019}).json()["complete"] is True

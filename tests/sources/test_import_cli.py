"""`pko import` of one file: report, idempotent re-run, all-or-nothing failure; import runs over the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pko.config import get_settings
from pko.db import session_scope
from pko.registry.models import MemberState
from pko.sources.models import ImportRun

STATES = "un_member_states/un_member_states_193.csv"


def _counts(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(MemberState)), session.scalar(select(func.count()).select_from(ImportRun))


def test_import_reports_repairs_and_rerun_changes_nothing(run_cli, engine, data_dir):
    first = run_cli("import", "member-states", str(data_dir / STATES))
    assert first.exit_code == 0, first.output
    assert "193 rows read, 193 stored" in first.output
    assert "Namibia's ISO2 'NA' restored" in first.output
    assert _counts(engine) == (193, 1)
    second = run_cli("import", "member-states", str(data_dir / STATES))
    assert second.exit_code == 0
    assert "unchanged" in second.output
    assert _counts(engine) == (193, 1)
    with session_scope(engine) as session:
        assert session.get(MemberState, "NAM").iso2 == "NA"


def test_renamed_column_fails_naming_file_row_field_and_changes_nothing(run_cli, engine, data_dir, tmp_path):
    run_cli("import", "member-states", str(data_dir / STATES))
    broken = tmp_path / "states.csv"
    text = (data_dir / STATES).read_text(encoding="utf-8")
    broken.write_text(text.replace("un_regional_group", "regional_grp", 1), encoding="utf-8")
    result = run_cli("import", "member-states", str(broken))
    assert result.exit_code == 1
    assert "states.csv, row 1, field 'un_regional_group': column missing" in " ".join(result.output.split())
    assert _counts(engine) == (193, 1)


def test_bad_value_names_its_row(run_cli, engine, data_dir, tmp_path):
    lines = (data_dir / STATES).read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[2], "four", 1)
    broken = tmp_path / "states.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("import", "member-states", str(broken))
    assert result.exit_code == 1
    assert "row 6, field 'm49': 'four' is not a number" in " ".join(result.output.split())
    assert _counts(engine) == (0, 0)


def test_unknown_import_command_is_refused(run_cli, data_dir):
    result = run_cli("import", "nonsense", str(data_dir / STATES))
    assert result.exit_code == 2 and "No such command 'nonsense'" in result.output


@pytest.fixture
def client(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def test_import_runs_are_served_with_their_rules(run_cli, data_dir, client):
    run_cli("import", "member-states", str(data_dir / STATES))
    page = client.get("/api/v1/import-runs").json()
    assert page["total"] == 1
    run = page["items"][0]
    assert run["source"] == "member-states" and run["rows_stored"] == 193
    assert run["repairs"] == {"Namibia's ISO2 'NA' restored (lost as a missing value)": 1}
    assert client.get(f"/api/v1/import-runs/{run['id']}").status_code == 200
    assert client.get("/api/v1/import-runs/999").status_code == 404


def test_unknown_query_parameter_and_bad_value_get_422(client):
    unknown = client.get("/api/v1/import-runs?colour=red")
    assert unknown.status_code == 422
    assert "unknown query parameter 'colour'" in unknown.text
    assert client.get("/api/v1/import-runs?limit=-1").status_code == 422

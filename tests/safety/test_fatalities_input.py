"""Bad fatalities files fail naming file, row and field and change nothing; a corrected release replaces the old one."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from pko.db import session_scope
from pko.safety import releases
from pko.safety.models import Fatality
from pko.sources.importer import import_file, reader_for
from pko.sources.models import ImportRun
from pko.sources.report import SourceError

NEW_FILE, OLD_FILE = "dppadposs-fatalities_2023-11-28.csv", "odp_noticas_2021-06.csv"


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def counts(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        return (session.scalar(select(func.count()).select_from(Fatality)),
                session.scalar(select(func.count()).select_from(ImportRun)))


@pytest.fixture
def stored(engine, data_dir):
    """A database holding the 2023 release."""
    path = data_dir / "un_fatalities" / NEW_FILE
    import_file(engine, reader_for("fatalities", path), path)
    return engine


def _edit(rows: list[list[str]], line: int, column: str, value: str) -> list[list[str]]:
    rows[line][rows[0].index(column)] = value
    return rows


@pytest.mark.parametrize("name, line, column, value, reason", [
    (NEW_FILE, 120, "incident_date", "2017-02-30", "not a date"),
    (NEW_FILE, 3000, "mission_acronym", "MINUSXYZ", "not a known mission"),
    (NEW_FILE, 17, "last_update", "28/11/2023", "not a date"),
    (NEW_FILE, 44, "casualty_personnel_type", "Astronaut", "not one of"),
    (NEW_FILE, 45, "type_of_incident", "Meteor", "not one of"),
    (NEW_FILE, 46, "gender", "X", "not one of"),
    (NEW_FILE, 47, "m49_code", "two", "not a number"),
    (NEW_FILE, 48, "casualty_id", "", "value missing"),
    (OLD_FILE, 2500, "Incident_Date", "2010-5-1x", "not a date"),
    (OLD_FILE, 9, "Mission_Acronym", "UNNOWHERE", "not a known mission"),
])
def test_bad_value_fails_naming_file_row_and_field_and_changes_nothing(stored, data_dir, tmp_path, name, line, column, value, reason):
    rows = _edit(rows_of(data_dir / "un_fatalities" / name), line, column, value)
    broken = write(tmp_path / name, rows)
    before = counts(stored)
    with pytest.raises(SourceError) as failure:
        import_file(stored, reader_for("fatalities", broken), broken)
    error = failure.value
    assert (error.path.name, error.row, error.field) == (name, line + 1, column)
    assert reason in error.reason
    assert counts(stored) == before


@pytest.mark.parametrize("name, column", [(NEW_FILE, "type_of_incident"), (OLD_FILE, "Incident_Date"), (OLD_FILE, "Casualty_ID")])
def test_renamed_column_fails_naming_it_and_changes_nothing(stored, data_dir, tmp_path, name, column):
    rows = rows_of(data_dir / "un_fatalities" / name)
    rows[0][rows[0].index(column)] = column + "_renamed"
    broken = write(tmp_path / name, rows)
    before = counts(stored)
    with pytest.raises(SourceError) as failure:
        import_file(stored, reader_for("fatalities", broken), broken)
    assert (failure.value.row, failure.value.field) == (1, column)
    assert "missing from the header" in failure.value.reason
    assert counts(stored) == before


def test_failed_import_through_the_cli_says_where_and_changes_nothing(stored, run_cli, data_dir, tmp_path):
    rows = _edit(rows_of(data_dir / "un_fatalities" / OLD_FILE), 9, "Mission_Acronym", "UNNOWHERE")
    broken = write(tmp_path / OLD_FILE, rows)
    before = counts(stored)
    result = run_cli("import", "fatalities", str(broken))
    assert result.exit_code == 1
    assert "database unchanged" in result.output
    assert "odp_noticas_2021-06.csv, row 10, field 'Mission_Acronym': 'UNNOWHERE' is not a known mission" in result.output
    assert counts(stored) == before


def test_corrected_release_replaces_the_stored_one(stored, data_dir, tmp_path):
    rows = rows_of(data_dir / "un_fatalities" / NEW_FILE)
    line, casualty = 3500, rows[3500][rows[0].index("casualty_id")]
    kind = "Unknown" if rows[line][rows[0].index("type_of_incident")] == "To Be Determined" else "To Be Determined"
    _edit(rows, line, "type_of_incident", kind)
    corrected = write(tmp_path / NEW_FILE, rows)
    fatalities, runs = counts(stored)
    outcome = import_file(stored, reader_for("fatalities", corrected), corrected)
    assert outcome.status == "stored" and outcome.run.scope == "2023-11-28"
    assert counts(stored) == (fatalities, runs + 1)
    with session_scope(stored) as session:
        record = session.scalar(select(Fatality).where(Fatality.casualty_id == casualty))
        assert record.incident_type == kind and record.release == date(2023, 11, 28)


def _release(*records: tuple) -> pd.DataFrame:
    columns = ["casualty_id", "incident_date", "mission", "personnel_type", "incident_type", "gender"]
    return pd.DataFrame(list(records), columns=columns, dtype=object)


def test_diff_engine_finds_added_removed_and_reclassified_fields():
    before = _release(
        ("A", date(2017, 1, 1), "MINUSMA", "Military", "Accident", None),
        ("B", date(2017, 2, 1), "MINUSMA", "Police", "Illness", None),
        ("C", date(2018, 3, 1), "UNMISS", "Local", "Unknown", None),
    )
    after = _release(
        ("A", date(2017, 1, 1), "MINUSMA", "Military", "Malicious Act", "M"),
        ("C", date(2018, 3, 2), "UNMISS", "Other", "Unknown", "F"),
        ("D", date(2019, 4, 1), "MINUSCA", "Military", "Accident", "M"),
    )
    changes = releases.diff(before, after)
    assert [(change.casualty_id, change.change) for change in changes] == [
        ("D", "added"), ("B", "removed"), ("A", "reclassified"), ("C", "reclassified")]
    assert changes[2].fields == {"incident_type": ("Accident", "Malicious Act")}
    # gender is absent from the older release, so it is not a reclassification
    assert changes[3].fields == {"incident_date": (date(2018, 3, 1), date(2018, 3, 2)), "personnel_type": ("Local", "Other")}
    assert releases.diff(after, after) == []

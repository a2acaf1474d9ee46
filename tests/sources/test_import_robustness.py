"""Imports over the whole data folder: idempotent, all-or-nothing on corrupted copies, and safe under SIGKILL."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import POSTGRES, _drop_postgres_database, new_database_url
from pko.config import default_data_dir
from pko.db import Base, engine_for, load_models, make_engine, session_scope
from pko.sources.catalogue import readers
from pko.sources.importer import discover, import_all, import_file
from pko.sources.models import ImportRun
from pko.sources.report import SourceError

load_models()
DATA = Path(os.environ.get("PKO_DATA_DIR") or default_data_dir())


def counts(engine) -> dict[str, int]:
    """Row count of every table."""
    with session_scope(engine) as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, data_dir):
    """A fresh database with every file imported once, and the counts after each stored file."""
    url = new_database_url(tmp_path_factory.mktemp("robust"))
    engine = engine_for(url)
    snapshots = [counts(engine)]

    def after_each(reader, path, outcome):
        if outcome is not None:
            snapshots.append(counts(engine))

    outcomes = import_all(engine, data_dir, on_file=after_each)
    yield engine, outcomes, snapshots
    if POSTGRES:
        _drop_postgres_database(url)
    else:
        engine.dispose()


def test_importing_every_file_twice_changes_no_count(imported, data_dir):
    engine, outcomes, snapshots = imported
    assert outcomes and all(outcome.status == "stored" for outcome in outcomes)
    assert sum(snapshots[-1].values()) > sum(snapshots[0].values())
    second = import_all(engine, data_dir)
    assert [outcome.status for outcome in second] == ["unchanged"] * len(outcomes)
    assert counts(engine) == snapshots[-1]


def test_forced_reimport_replaces_each_file_without_duplicating_rows(imported, data_dir):
    engine, outcomes, snapshots = imported
    before = counts(engine)
    for reader, path in discover(data_dir):
        assert import_file(engine, reader, path, force=True).status == "stored"
    after = counts(engine)
    assert after.pop("import_run") == before.pop("import_run") + len(outcomes)
    assert after == before
    with session_scope(engine) as session:
        current = session.scalar(select(func.count()).select_from(ImportRun).where(ImportRun.current.is_(True)))
    assert current == len(outcomes)


def _first_csv(reader) -> Path | None:
    for pattern in reader.FILES:
        for path in sorted(DATA.glob(pattern)):
            if path.suffix == ".csv":
                return path
    return None


CSV_READERS = [pytest.param(reader, id=reader.SOURCE) for reader in readers() if _first_csv(reader)]


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]], tail: str = "") -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
        handle.write(tail)


@pytest.mark.parametrize("reader", CSV_READERS)
def test_truncated_copy_fails_naming_row_and_field_and_changes_nothing(imported, reader, tmp_path):
    engine = imported[0]
    original = _first_csv(reader)
    rows = _rows(original)
    header, kept = rows[0], rows[1:max(2, len(rows) // 2)]
    cut = rows[len(kept) + 1][: len(header) // 2]  # the file ends in the middle of this record
    while cut and cut[-1] == "":
        cut.pop()
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(cut)
    broken = tmp_path / original.name
    _write(broken, [header, *kept], line.getvalue())
    before = counts(engine)
    with pytest.raises(SourceError) as failure:
        import_file(engine, reader, broken)
    error = failure.value
    assert error.path.name == original.name and error.reason
    assert (error.row, error.field) == (len(kept) + 2, header[len(cut)])
    assert counts(engine) == before


@pytest.mark.parametrize("reader", CSV_READERS)
def test_renamed_column_fails_naming_it_and_changes_nothing(imported, reader, tmp_path):
    engine = imported[0]
    original = _first_csv(reader)
    rows = _rows(original)
    column = next(name for name in reader.COLUMNS if name in rows[0])
    rows[0][rows[0].index(column)] = f"{column}_renamed"
    broken = tmp_path / original.name
    _write(broken, rows)
    before = counts(engine)
    with pytest.raises(SourceError) as failure:
        import_file(engine, reader, broken)
    error = failure.value
    assert (error.path.name, error.row, error.field) == (original.name, 1, column)
    assert "missing" in error.reason
    assert counts(engine) == before


def test_sigkill_in_the_middle_leaves_only_whole_files_and_rerun_completes(imported, database_url, data_dir, run_cli):
    snapshots = imported[2]
    files = len(snapshots) - 1
    if files < 2:
        pytest.skip("needs at least two importable files")
    kill_after = files // 2
    env = dict(os.environ, PKO_DATABASE_URL=database_url, PKO_DATA_DIR=str(data_dir))
    process = subprocess.Popen(
        [sys.executable, "-c", "from pko.cli import main; main()", "import", "all"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    watcher = make_engine(database_url)
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            with watcher.connect() as connection:
                if connection.scalar(select(func.count()).select_from(ImportRun)) >= kill_after:
                    break
            time.sleep(0.005)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        watcher.dispose()
    engine = engine_for(database_url)
    state = counts(engine)
    stored = state["import_run"]
    assert kill_after <= stored < files
    assert state == snapshots[stored], f"tables differ from their state after {stored} whole files"
    result = run_cli("import", "all")
    assert result.exit_code == 0, result.output
    assert counts(engine) == snapshots[-1]

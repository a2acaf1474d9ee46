"""Import files through their readers: one transaction per file, idempotent, all-or-nothing."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pko.db import session_scope
from pko.registry.service import country_names
from pko.sources.base import sha256_of
from pko.sources.catalogue import readers
from pko.sources.models import ImportRun
from pko.sources.report import ImportReport, SourceError

CHUNK = 20_000
SHRINK = 0.5  # a new import of a scope holding fewer than this share of the stored rows needs allow_shrink


@dataclass
class ImportOutcome:
    """What one import did: stored a new run, or found the file unchanged."""

    source: str
    path: Path
    status: str  # "stored" or "unchanged"
    run: ImportRun
    seconds: float


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _store(session: Session, reader: ModuleType, batch: Any, report: ImportReport, sha: str, started: datetime) -> ImportRun:
    previous = session.scalars(
        select(ImportRun).where(
            ImportRun.source == reader.SOURCE, ImportRun.scope == batch.scope, ImportRun.current.is_(True)
        )
    ).all()
    for model, _ in reversed(batch.tables):
        if previous:
            session.execute(delete(model).where(model.import_run_id.in_([run.id for run in previous])))
    for run in previous:
        run.current = False
    run = ImportRun(
        source=reader.SOURCE, scope=batch.scope, file_name=report.path.name, sha256=sha,
        started_at=started, finished_at=started, current=True,
    )
    session.add(run)
    session.flush()
    for model, rows in batch.tables:
        _insert(session, model.__table__, rows, run.id)
    report.rows_stored = batch.row_count
    run.rows_read, run.rows_stored = report.rows_read, report.rows_stored
    run.rows_skipped, run.rows_repaired = report.rows_skipped, report.rows_repaired
    run.repairs, run.skips, run.notes = dict(report.repairs), dict(report.skips), list(report.notes)
    if any("mission" in model.__table__.c for model, _ in batch.tables):
        refresh_derived(session)
    run.finished_at = _now()
    return run


def _insert(session: Session, table: Table, rows: list[dict[str, Any]], run_id: int) -> None:
    """Insert rows that share their keys, tagged with their import run, as one executemany per chunk.

    Values go through each column type's own bind processor, column by column, and then straight to
    the driver: the same values SQLAlchemy would send, without its per-row work.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    keys = [*rows[0], "import_run_id"]
    statement = table.insert().compile(dialect=dialect, column_keys=keys)
    order = statement.positiontup or keys  # positional paramstyle (SQLite) or named (psycopg)
    columns = []
    for name in order:
        values = [run_id] * len(rows) if name == "import_run_id" else [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append([process(value) for value in values] if process else values)
    parameters = list(zip(*columns)) if statement.positiontup else [dict(zip(order, row)) for row in zip(*columns)]
    for start in range(0, len(parameters), CHUNK):
        connection.exec_driver_sql(statement.string, parameters[start:start + CHUNK])


def refresh_derived(session: Session) -> None:
    """Recompute records derived from several sources (missions seen, their first and last month)."""
    from pko.missions.service import refresh_seen

    refresh_seen(session)


def import_file(engine: Engine, reader: ModuleType, path: Path, **options: Any) -> ImportOutcome:
    """Import one file with one reader; the same file twice stores nothing the second time."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, None, None, "file not found")
    clock, started = time.perf_counter(), _now()
    sha = sha256_of(path)
    with session_scope(engine) as session:
        same = session.scalars(
            select(ImportRun).where(
                ImportRun.source == reader.SOURCE, ImportRun.sha256 == sha, ImportRun.current.is_(True)
            )
        ).first()
    if same is not None and not options.get("force"):
        return ImportOutcome(reader.SOURCE, path, "unchanged", same, time.perf_counter() - clock)
    options.pop("force", None)
    allow_shrink = options.pop("allow_shrink", False)
    report = ImportReport(source=reader.SOURCE, path=path)
    with session_scope(engine) as session:
        names = country_names(session)
    batch = reader.read(path, report, names=names, **options)
    with session_scope(engine) as session:
        _refuse_loss(session, reader, path, batch, allow_shrink)
        run = _store(session, reader, batch, report, sha, started)
    return ImportOutcome(reader.SOURCE, path, "stored", run, time.perf_counter() - clock)


def _files(data_dir: Path) -> list[tuple[str, str, Path]]:
    """Every file under a data folder as (folder, name) in lower case, with its path, sorted by path."""
    root = Path(data_dir)
    found = sorted(path for path in root.rglob("*") if path.is_file() and not path.name.startswith("."))
    return [(path.parent.relative_to(root).as_posix().lower(), path.name.lower(), path) for path in found]


def _matches(pattern: str, folder: str, name: str) -> bool:
    """A reader's file pattern ('folder/name*.csv') against a file, ignoring case (publishers change it)."""
    where, _, what = pattern.lower().rpartition("/")
    return folder == where and fnmatchcase(name, what)


def _refuse_loss(session: Session, reader: ModuleType, path: Path, batch: Any, allow_shrink: bool) -> None:
    """Fail on a file that would replace good rows with none, or with far fewer (unless allowed)."""
    if batch.row_count == 0:
        raise SourceError(path, None, None, "no data rows: an empty or header-only file would replace the stored rows with none")
    stored = session.scalar(select(ImportRun.rows_stored).where(
        ImportRun.source == reader.SOURCE, ImportRun.scope == batch.scope, ImportRun.current.is_(True)))
    if stored and not allow_shrink and batch.row_count < SHRINK * stored:
        raise SourceError(path, None, None, f"{batch.row_count:,} rows where the stored import of {batch.scope} holds "
                          f"{stored:,}: truncated? (import it with --allow-shrink if the source really shrank)")


def discover(data_dir: Path) -> Iterator[tuple[ModuleType, Path]]:
    """Every (reader, file) pair found in a data folder, in import order; names match whatever their case."""
    files = _files(data_dir)
    for reader in readers():
        for pattern in reader.FILES:
            for folder, name, path in files:
                if _matches(pattern, folder, name):
                    yield reader, path


def unread(data_dir: Path) -> list[Path]:
    """Files in a folder some reader knows that no reader takes (listed, never silently passed over)."""
    patterns = [pattern for reader in readers() for pattern in reader.FILES]
    known = {pattern.lower().rpartition("/")[0] for pattern in patterns}
    return [path for folder, name, path in _files(data_dir)
            if folder in known and not any(_matches(pattern, folder, name) for pattern in patterns)]


def import_all(
    engine: Engine, data_dir: Path, on_file: Callable[[ModuleType, Path, ImportOutcome | None], None] | None = None
) -> list[ImportOutcome]:
    """Import every known file of a data folder, each in its own transaction."""
    outcomes = []
    for reader, path in discover(data_dir):
        if on_file:
            on_file(reader, path, None)
        outcome = import_file(engine, reader, path)
        outcomes.append(outcome)
        if on_file:
            on_file(reader, path, outcome)
    return outcomes


def _accepts(reader: ModuleType, header: list[str]) -> bool:
    """A reader's own header test, else: the header holds all of the reader's columns."""
    if hasattr(reader, "accepts"):
        return reader.accepts(header)
    return set(reader.COLUMNS) <= set(header)


def reader_for(command: str, path: Path) -> ModuleType:
    """The reader of an import command that accepts this file (several schemas may share a command)."""
    from pko.sources.base import read_csv

    candidates = [reader for reader in readers() if reader.COMMAND == command]
    if not candidates:
        known = sorted({reader.COMMAND for reader in readers()})
        raise SourceError(path, None, None, f"no reader for '{command}' (known: {', '.join(known)})")
    if len(candidates) == 1:
        return candidates[0]
    header = list(read_csv(path, nrows=0).columns)
    for reader in candidates:
        if _accepts(reader, header):
            return reader
    expected = "; ".join(f"{reader.SOURCE}: {', '.join(reader.COLUMNS)}" for reader in candidates)
    raise SourceError(path, 1, None, f"header matches no known schema of '{command}' ({expected})")

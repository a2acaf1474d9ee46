"""Benchmark of `pko import all` over the whole data folder into a fresh SQLite file.

Prints the sizes, rows per second, the ratio of the import to merely parsing the same files with pandas
in the same run (goal: at most 3x), and the time of an idempotent re-run (goal: under 2 s).
Usage: .venv/bin/python bench/import_all.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from pko.config import default_data_dir
from pko.db import engine_for, session_scope, upgrade
from pko.registry.service import country_names
from pko.sources.importer import discover, import_all
from pko.sources.report import ImportReport

PARSE_GOAL, RERUN_GOAL = 3.0, 2.0


def parse_with_pandas(files: list[Path]) -> float:
    """Seconds to parse every file as the readers do (CSV as strings; GeoJSON as JSON), and nothing more."""
    started = time.perf_counter()
    for path in files:
        if path.suffix == ".csv":
            pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            pd.json_normalize(json.loads(path.read_text(encoding="utf-8"))["features"])
    return time.perf_counter() - started


def read_only(engine, data_dir: Path) -> float:
    """Seconds the readers take (parse, validate, repair) without storing, names resolved from the loaded states."""
    with session_scope(engine) as session:
        names = country_names(session)
    started = time.perf_counter()
    for reader, path in discover(data_dir):
        reader.read(path, ImportReport(source=reader.SOURCE, path=path), names=names)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("PKO_DATA_DIR") or default_data_dir()))
    args = parser.parse_args()
    files = [path for _, path in discover(args.data_dir)]
    if not files:
        sys.exit(f"no known data files in {args.data_dir}")
    size = sum(path.stat().st_size for path in files)
    for path in files:  # warm the page cache so that neither side pays for the disk
        path.read_bytes()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        engine = engine_for(url)
        parse = parse_with_pandas(files)
        started = time.perf_counter()
        outcomes = import_all(engine, args.data_dir)
        load = time.perf_counter() - started
        started = time.perf_counter()
        again = import_all(engine, args.data_dir)
        rerun = time.perf_counter() - started
        reading = read_only(engine, args.data_dir)
        env = dict(os.environ, PKO_DATABASE_URL=url, PKO_DATA_DIR=str(args.data_dir))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from pko.cli import main; main()", "import", "all"], env=env, check=True, capture_output=True)
        rerun_cli = time.perf_counter() - started
        database = Path(folder, "bench.sqlite3").stat().st_size

    read = sum(outcome.run.rows_read for outcome in outcomes)
    stored = sum(outcome.run.rows_stored for outcome in outcomes)
    unchanged = sum(outcome.status == "unchanged" for outcome in again)
    ratio = load / parse
    print(f"data folder        {args.data_dir}")
    print(f"files              {len(files)} ({size / 1e6:.1f} MB); database {database / 1e6:.1f} MB")
    print(f"rows               {read:,} read, {stored:,} stored")
    print(f"pandas parse       {parse:.2f} s")
    print(f"import all         {load:.2f} s  ({read / load:,.0f} rows read/s, {stored / load:,.0f} rows stored/s)")
    print(f"  of which readers {reading:.2f} s (parse, validate, repair: {reading / parse:.2f}x the parse); storing {load - reading:.2f} s")
    print(f"import / parse     {ratio:.2f}x  (goal <= {PARSE_GOAL:.0f}x: {'met' if ratio <= PARSE_GOAL else 'MISSED'})")
    print(f"re-run in process  {rerun:.2f} s  ({unchanged}/{len(again)} files unchanged; goal < {RERUN_GOAL:.0f} s: {'met' if rerun < RERUN_GOAL else 'MISSED'})")
    print(f"re-run `pko import all` as a command: {rerun_cli:.2f} s (with interpreter start and imports)")
    print("slowest files:")
    for outcome in sorted(outcomes, key=lambda outcome: outcome.seconds, reverse=True)[:5]:
        print(f"  {outcome.seconds:6.2f} s  {outcome.run.rows_stored:>8,} rows  {outcome.path.name}")


if __name__ == "__main__":
    main()

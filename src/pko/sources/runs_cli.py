"""`pko runs`: the import runs stored, with their counts and repair rules."""

from __future__ import annotations

import typer

from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit
from pko.sources.service import list_runs

app = typer.Typer(help="Import runs: source, file hash, rows read / stored / skipped / repaired.", no_args_is_help=True)


@app.command("list")
def runs_list(
    source: str = typer.Option(None, help="Only runs of this source"),
    all_runs: bool = typer.Option(False, "--all", help="Include runs whose rows a newer run replaced"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """List import runs (current ones by default)."""
    with session_scope(get_engine()) as session:
        runs = list_runs(session, source=source, current_only=not all_runs)
    rows = [
        {key: value for key, value in run.model_dump().items() if fmt is not OutputFormat.table or key not in {"repairs", "skips", "notes", "sha256"}}
        for run in runs
    ]
    emit(rows, fmt, title="Import runs")

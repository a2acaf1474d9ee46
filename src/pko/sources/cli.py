"""`pko import`: every known file of a folder, or one file through its reader, with a report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pko.config import get_settings
from pko.db import get_engine
from pko.formats import page_width
from pko.sources.catalogue import readers
from pko.sources.importer import ImportOutcome, discover, import_file, reader_for, unread
from pko.sources.report import SourceError

app = typer.Typer(help="Import public data files (each file in one transaction; re-runs change nothing).", no_args_is_help=True)
SHRINK_HELP = "Accept a file with fewer than half the rows of the stored import of the same scope"
console = Console(soft_wrap=True, width=page_width())


def _summary(outcomes: list[ImportOutcome]) -> Table:
    table = Table(title="Import summary")
    for column in ("source", "file", "status", "read", "stored", "skipped", "repaired", "seconds"):
        table.add_column(column, justify="right" if column in {"read", "stored", "skipped", "repaired", "seconds"} else "left")
    for outcome in outcomes:
        run = outcome.run
        table.add_row(
            outcome.source, outcome.path.name, outcome.status, f"{run.rows_read:,}", f"{run.rows_stored:,}",
            f"{run.rows_skipped:,}", f"{run.rows_repaired:,}", f"{outcome.seconds:.2f}",
        )
    return table


def _report(outcome: ImportOutcome) -> None:
    run = outcome.run
    if outcome.status == "unchanged":
        console.print(f"[yellow]{outcome.path.name}: unchanged[/] (already imported as run {run.id}); nothing to do.")
        return
    console.print(
        f"[green]{outcome.path.name}[/]: run {run.id}, source {run.source} ({run.scope}): "
        f"{run.rows_read:,} rows read, {run.rows_stored:,} stored, {run.rows_skipped:,} skipped, "
        f"{run.rows_repaired:,} repaired in {outcome.seconds:.2f} s"
    )
    for label, counts in (("repaired", run.repairs), ("skipped", run.skips)):
        for rule, count in sorted(counts.items()):
            console.print(f"  {label}: {count:,} x {rule}")
    for note in run.notes:
        console.print(f"  note: {note}")


def _fail(error: SourceError) -> None:
    console.print(f"[red]import failed, database unchanged:[/] {error}")
    raise typer.Exit(1)


def import_folder(folder: Path, allow_shrink: bool = False) -> list[ImportOutcome]:
    """Import every known file of a folder with a progress bar; say how to get data when there is none."""
    found = list(discover(folder)) if Path(folder).is_dir() else []
    for path in unread(folder) if Path(folder).is_dir() else []:
        console.print(f"[yellow]not imported: no reader for this file[/] {path.relative_to(folder).as_posix()}")
    if not found:
        console.print(
            f"[yellow]No public data found in {folder}.[/] PKO starts empty. Load data with "
            "`pko data fetch --to DIR` then `pko import all --data-dir DIR`, or set PKO_DATA_DIR."
        )
        return []
    engine, outcomes = get_engine(), []
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} files"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("importing", total=len(found))
        for reader, path in found:
            progress.update(task, description=f"importing {path.name}")
            try:
                outcomes.append(import_file(engine, reader, path, allow_shrink=allow_shrink))
            except SourceError as error:
                progress.stop()
                console.print(_summary(outcomes))
                _fail(error)
            progress.advance(task)
    console.print(_summary(outcomes))
    changed = sum(outcome.status == "stored" for outcome in outcomes)
    console.print(f"{changed} file(s) stored, {len(outcomes) - changed} unchanged.")
    return outcomes


@app.command("all")
def import_all_command(
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of public data (default: PKO_DATA_DIR)"),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help=SHRINK_HELP),
) -> None:
    """Import every known file found in the data folder, with a summary table."""
    folder = data_dir or get_settings().data_dir
    if not Path(folder).is_dir():
        console.print(f"[red]data folder not found:[/] {folder}")
        raise typer.Exit(1)
    import_folder(folder, allow_shrink)


def _single(command: str, title: str):
    def run(
        file: Path = typer.Argument(..., help="The file to import"),
        release: str = typer.Option(None, "--release", help="Release date YYYY-MM-DD for files that carry none"),
        force: bool = typer.Option(False, "--force", help="Re-import even when the file is unchanged"),
        allow_shrink: bool = typer.Option(False, "--allow-shrink", help=SHRINK_HELP),
    ) -> None:
        options = {"force": force, "allow_shrink": allow_shrink}
        if release is not None:
            try:
                options["release"] = date.fromisoformat(release)
            except ValueError:
                console.print(f"[red]--release:[/] '{release}' is not a date YYYY-MM-DD")
                raise typer.Exit(2)
        try:
            outcome = import_file(get_engine(), reader_for(command, file), file, **options)
        except SourceError as error:
            _fail(error)
        _report(outcome)

    run.__doc__ = f"Import one file, whichever of these its header shows: {title}." if ";" in title else f"Import one file: {title}."
    return run


_titles: dict[str, list[str]] = {}
for _reader in readers():
    _titles.setdefault(_reader.COMMAND, []).append(_reader.TITLE)
for _command, _names in _titles.items():
    app.command(_command)(_single(_command, "; ".join(_names)))

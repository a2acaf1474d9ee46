"""`pko data`: the public data sets PKO reads, and their download from the publishers."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from pko.config import get_settings
from pko.formats import OutputFormat, emit
from pko.sources.fetch import CHECKSUMS, fetch, select

app = typer.Typer(help="The public data sets: list them, fetch them from their publishers.", no_args_is_help=True)
console = Console(soft_wrap=True)


@app.command("list")
def data_list(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """List the data sets PKO reads: path, publisher, licence, where newer releases appear, direct URL."""
    rows = [
        {"path": entry.path, "publisher": entry.publisher, "licence": entry.licence, "releases": entry.page, "url": entry.url}
        for entry in select()
    ]
    emit(rows, fmt, title="Public data sets")


@app.command("fetch")
def data_fetch(
    to: Path = typer.Option(None, "--to", help="Folder to download into (default: PKO_DATA_DIR)"),
    base_url: str = typer.Option(None, "--base-url", help="Fetch every file from BASE/<path> (default: PKO_FETCH_BASE_URL)"),
    only: list[str] = typer.Option([], "--only", help="Only files whose path contains this text (repeatable)"),
) -> None:
    """Download the public data sets, recording their SHA-256 in SHA256SUMS; then run `pko import all`."""
    settings = get_settings()
    folder = to or settings.data_dir
    base_url = base_url or settings.fetch_base_url
    entries = select(only)
    if not entries:
        console.print(f"[red]no data set matches {', '.join(only)}[/] (see `pko data list`)")
        raise typer.Exit(2)
    if Path(folder).exists() and not Path(folder).is_dir():
        console.print(f"[red]--to {folder}: not a folder[/] (give a folder to download into)")
        raise typer.Exit(2)
    console.print(f"fetching {len(entries)} file(s) into {folder} from {base_url or 'their publishers'}")
    try:
        outcome = fetch(folder, entries, base_url=base_url, console=console)
    except OSError as error:
        console.print(f"[red]cannot write into {folder}:[/] {error.strerror or error}")
        raise typer.Exit(1)
    for path, digest in outcome.stored.items():
        console.print(f"[green]stored[/] {path}  sha256 {digest[:16]}…")
    for entry in outcome.not_downloadable:
        console.print(f"[yellow]not downloadable as one file[/] {entry.path}: assembled from {entry.publisher}; get it from {entry.page}")
    for path, reason in outcome.failed.items():
        console.print(f"[red]failed[/] {path}: {reason}")
    console.print(
        f"{len(outcome.stored)} stored, {len(outcome.not_downloadable)} without a direct download, "
        f"{len(outcome.failed)} failed; checksums in {Path(folder) / CHECKSUMS}"
    )
    if outcome.failed:
        raise typer.Exit(1)
    if outcome.stored:
        console.print(f"next: pko import all --data-dir {folder}")

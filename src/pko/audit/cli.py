"""`pko audit`: verify the chain, list entries."""

from __future__ import annotations

import typer

from pko.audit import service
from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit

app = typer.Typer(help="The append-only, hash-chained log of every change.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Exit 0 when the chain is whole; else name the first broken entry and exit 1."""
    with session_scope(get_engine()) as session:
        count, broken = service.verify(session)
    if broken is not None:
        typer.echo(f"audit log broken at entry {broken.entry_id}: {broken.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log whole: {count} entries")


@app.command("list")
def list_entries(
    actor: str = typer.Option(None, help="Only changes by this actor"),
    record_type: str = typer.Option(None, "--record-type", help="Only changes to this kind of record"),
    limit: int = typer.Option(50, min=1, max=10_000),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """The newest entries, filtered."""
    with session_scope(get_engine()) as session:
        rows = [
            {"id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
             "record": f"{entry.record_type} {entry.record_id}", "hash": entry.hash[:12]}
            for entry in service.entries(session, actor=actor, record_type=record_type, limit=limit)
        ]
    emit(rows, fmt, title="Audit log")

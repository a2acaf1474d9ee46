"""`pko audit`: verify the chain (against a head held elsewhere), export its head, re-key it, list entries."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from pko.audit import service
from pko.db import get_engine, session_scope
from pko.errors import QueryError
from pko.formats import OutputFormat, emit

app = typer.Typer(help="The append-only, hash-chained log of every change.", no_args_is_help=True)


def _held(value: str) -> tuple[int, str]:
    """A head written by `pko audit head` (ID:HASH), given as the value or a file holding it."""
    text = Path(value).read_text(encoding="utf-8").strip() if Path(value).is_file() else value.strip()
    found = re.fullmatch(r"(\d{1,10}):([0-9a-f]{64})", text)
    if found is None:
        raise typer.BadParameter(f"'{text[:80]}' is not a head of the form ID:HASH (as `pko audit head` writes)", param_hint="--head")
    return int(found.group(1)), found.group(2)


@app.command("verify")
def verify(
    head: str = typer.Option(None, "--head", help="A head kept elsewhere (ID:HASH, or a file holding it) the chain must still reach"),
) -> None:
    """Exit 0 when the chain is whole (and reaches --head); else name the first broken entry and exit 1."""
    held = _held(head) if head else None
    with session_scope(get_engine()) as session:
        count, broken = service.verify(session, held=held)
    if broken is not None:
        typer.echo(f"audit log broken at entry {broken.entry_id}: {broken.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log whole: {count} entries")


@app.command("head")
def head() -> None:
    """Print the chain's head (ID:HASH of the newest entry): keep a copy elsewhere to prove no later rewrite."""
    with session_scope(get_engine()) as session:
        entry_id, entry_hash = service.current_head(session)
    typer.echo(f"{entry_id}:{entry_hash}")


@app.command("rekey")
def rekey(
    from_unkeyed: bool = typer.Option(False, "--from-unkeyed", help="The chain was written before the key (plain SHA-256)"),
    old_key_file: Path = typer.Option(None, "--old-key-file", help="A file holding the key the chain was written with"),
) -> None:
    """Re-hash the whole chain under the current key (PKO_AUDIT_KEY) once it verifies under the old one."""
    if from_unkeyed == (old_key_file is not None):
        typer.echo("give exactly one of --from-unkeyed and --old-key-file", err=True)
        raise typer.Exit(2)
    old = None if from_unkeyed else old_key_file.read_text(encoding="utf-8").strip().encode("utf-8")
    try:
        with session_scope(get_engine()) as session:
            count = service.rekey(session, old_key=old)
    except QueryError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log re-keyed: {count} entries; keep the new head elsewhere (`pko audit head`)")


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

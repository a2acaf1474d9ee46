"""Rows shown as a Rich table, a JSON list of objects or CSV: the three output formats of the CLI."""

from __future__ import annotations

import csv
import enum
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table


# Whole numbers that are labels, not quantities: shown without thousands separators.
UNGROUPED = frozenset({"year", "m49", "import_run", "source_row"})


class OutputFormat(str, enum.Enum):
    """How a command prints its rows."""

    table = "table"
    json = "json"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def render(rows: Sequence[dict[str, Any]], fmt: OutputFormat, title: str | None = None, caption: str | None = None) -> str:
    """The rows in one format; JSON and CSV carry only the rows, so scripts can read them; a table has its
    title above and its caption lines below."""
    rows = [{key: _plain(value) for key, value in row.items()} for row in rows]
    if fmt is OutputFormat.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    columns = list(rows[0]) if rows else []
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    table = Table()
    for column in columns:
        numeric = all(isinstance(row[column], (int, float)) for row in rows if row[column] is not None)
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*("" if row[c] is None else f"{row[c]:,}" if isinstance(row[c], int) and not isinstance(row[c], bool) and c not in UNGROUPED else str(row[c]) for c in columns))
    console = Console(width=page_width(), record=True, file=io.StringIO())
    console.print(table)
    # Title and caption go on lines of their own, so that a narrow table does not wrap them.
    return "".join(f"{text}\n" for text in (title,) if text) + console.export_text() + "".join(
        f"{line}\n" for line in (caption or "").splitlines() if line)


def page_width() -> int:
    """The terminal's width, or a wide page when output goes to a file or pipe."""
    console = Console()
    return console.width if console.is_terminal else 200


def emit(rows: Sequence[dict[str, Any]], fmt: OutputFormat, title: str | None = None, caption: str | None = None) -> None:
    """Print rows to standard output in the chosen format."""
    text = render(rows, fmt, title, caption)
    if fmt is OutputFormat.table:
        Console(width=page_width()).print(text, end="", highlight=False, markup=False, soft_wrap=True)
    else:
        print(text)


def refuse(error: Exception) -> NoReturn:
    """Say on stderr why a command was refused (each invalid field with its reason) and exit 1."""
    if isinstance(error, ValidationError):
        message = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in error.errors())
    else:
        message = str(error)
    typer.echo(f"refused: {message}", err=True)
    raise typer.Exit(1)


def working(message: str):
    """A spinner on stderr while long work runs (shown on a terminal only, so piped output stays clean)."""
    return Console(stderr=True).status(message)

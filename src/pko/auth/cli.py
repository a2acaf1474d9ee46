"""`pko auth matrix`: what each role may do."""

from __future__ import annotations

import typer

from pko.auth.roles import RESOURCES, matrix
from pko.formats import OutputFormat, emit

app = typer.Typer(help="Roles and permissions.", no_args_is_help=True)


@app.command("matrix")
def show_matrix(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """The role x permission matrix: the scope each role has on each resource:action."""
    emit(matrix(), fmt, title="Role x permission (scope; '-' = none)",
         caption="; ".join(f"{name}: {text}" for name, text in RESOURCES.items()))

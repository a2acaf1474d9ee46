"""`pko tokens`: API bearer tokens, scoped and expiring; the secret is shown once."""

from __future__ import annotations

import typer

from pko.auth import service
from pko.auth.users_cli import fail
from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit

app = typer.Typer(help="API bearer tokens: create (shown once), list, revoke.", no_args_is_help=True)


@app.command("create")
def create_token(
    username: str,
    name: str = typer.Option("cli", "--name", help="What the token is for"),
    scope: list[str] = typer.Option(None, "--scope", help="resource:action (repeat); default: all the user's roles grant"),
    days: int = typer.Option(30, "--days", help="Days until it expires (1-366)"),
) -> None:
    """Create a bearer token; its secret is printed once and never stored."""
    try:
        with session_scope(get_engine()) as session:
            secret, token = service.create_token(session, username=username, name=name, scopes=scope, days=days, actor=service.SHELL_ACTOR)
    except service.AccountError as error:
        fail(error)
    typer.echo(f"token {token.id} for {username}, expires {token.expires_at:%Y-%m-%d}, scopes {', '.join(token.scopes)}")
    typer.echo(secret)


@app.command("list")
def list_tokens(username: str = typer.Option(None, "--user"),
                fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """List tokens (never their secrets)."""
    try:
        with session_scope(get_engine()) as session:
            rows = [token.model_dump() for token in service.list_tokens(session, username=username)]
    except service.AccountError as error:
        fail(error)
    emit(rows, fmt, title="API tokens")


@app.command("revoke")
def revoke(token_id: int) -> None:
    """Revoke a token at once."""
    try:
        with session_scope(get_engine()) as session:
            service.revoke_token(session, token_id=token_id, actor=service.SHELL_ACTOR)
    except service.AccountError as error:
        fail(error)
    typer.echo(f"revoked token {token_id}")

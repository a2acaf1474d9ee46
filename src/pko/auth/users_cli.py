"""`pko users`: accounts are made on the command line (the first administrator too), never by default."""

from __future__ import annotations

import typer

from pko.auth import service
from pko.db import get_engine, session_scope
from pydantic import ValidationError

from pko.auth.schemas import UserFields
from pko.errors import Conflict
from pko.formats import OutputFormat, emit, refuse

app = typer.Typer(help="Accounts: create, list, update, disable.", no_args_is_help=True)


def fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1)


@app.command("create")
def create(
    username: str,
    role: list[str] = typer.Option(..., "--role", help="A role (repeat for several)"),
    organization: str = typer.Option(None, "--organization", help="Organization code, e.g. UN-DPO"),
    state: str = typer.Option(None, "--state", help="ISO3 of the member state whose delegation the user acts for"),
    display_name: str = typer.Option(None, "--name"),
    email: str = typer.Option(None, "--email", help="E-mail address, where action-item notices are mailed"),
    password: str = typer.Option(..., prompt=True, confirmation_prompt=True, hide_input=True,
                                 help="At least 12 characters (asked when not given)"),
) -> None:
    """Create an account (the first secretariat-admin too)."""
    if (organization is None) == (state is None):
        fail(ValueError("give exactly one of --organization or --state"))
    try:
        with session_scope(get_engine()) as session:
            code = organization or service.delegation(session, state).code
            user = service.create_user(session, username=username, password=password, organization_code=code,
                                       roles=role, display_name=display_name, email=email,
                                       actor=service.SHELL_ACTOR)
    except (ValueError, Conflict) as error:
        fail(error)
    typer.echo(f"created user {user.username} ({', '.join(user.roles)}) for {user.organization_code}")


@app.command("list")
def list_accounts(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """List accounts."""
    with session_scope(get_engine()) as session:
        rows = [user.model_dump() for user in service.list_users(session)]
    emit(rows, fmt, title="Users")


@app.command("disable")
def disable(username: str) -> None:
    """Disable an account and revoke its tokens."""
    try:
        with session_scope(get_engine()) as session:
            service.disable_user(session, username=username, actor=service.SHELL_ACTOR)
    except service.AccountError as error:
        fail(error)
    typer.echo(f"disabled {username}; its tokens are revoked")


@app.command("update")
def update(
    username: str,
    display_name: str = typer.Option(None, "--name"),
    email: str = typer.Option(None, "--email", help="New e-mail address; an empty value removes it"),
    role: list[str] = typer.Option(None, "--role", help="The account's roles from now on (repeat for several)"),
    enable: bool = typer.Option(False, "--enable", help="Enable a disabled account again"),
) -> None:
    """Change an account's name, e-mail address or roles, or enable it again (audited as every change)."""
    given = {"display_name": display_name, "email": email, "roles": role or None, "disabled": False if enable else None}
    changes = {name: value for name, value in given.items() if value is not None}
    if not changes:
        raise typer.BadParameter("give --name, --email, --role or --enable", param_hint="options")
    if changes.get("email") == "":
        changes["email"] = None
    try:
        fields = UserFields(**changes)
        with session_scope(get_engine()) as session:
            current = service.list_users(session, username=username)
            user = service.update_user(session, username=username, expected_version=current[0].version if current else 0,
                                       fields=fields, actor=service.SHELL_ACTOR)
    except (ValidationError, service.AccountError, Conflict) as error:
        refuse(error)
    typer.echo(f"updated {user.username}: {', '.join(user.roles)}; e-mail {user.email or 'none'}"
               + ("; disabled" if user.disabled else ""))


@app.command("password")
def change_password(
    username: str,
    password: str = typer.Option(..., prompt="New password", confirmation_prompt=True, hide_input=True,
                                 help="The new password: at least 12 characters, not a common one (asked when not given)"),
) -> None:
    """Set an account's password; every signed-in session of the account ends."""
    try:
        with session_scope(get_engine()) as session:
            service.change_password(session, username=username, new_password=password, actor=service.SHELL_ACTOR)
    except service.AccountError as error:
        fail(error)
    typer.echo(f"changed the password of {username}; its sessions are ended")

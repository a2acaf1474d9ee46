"""The `pko` command: mounts each domain's sub-commands, and `pko up`, the main job."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click
import typer
from typer.core import TyperGroup

from pko.config import get_settings

# (module, name) of each domain's Typer app.
DOMAINS = (
    ("pko.sources.cli", "import"),
    ("pko.sources.data_cli", "data"),
    ("pko.sources.runs_cli", "runs"),
    ("pko.registry.cli", "registry"),
    ("pko.missions.cli", "missions"),
    ("pko.missions.mandates.cli", "mandates"),
    ("pko.contributions.cli", "contributions"),
    ("pko.safety.cli", "fatalities"),
    ("pko.safety.analytics_cli", "safety"),
    ("pko.incidents.cli", "incidents"),
    ("pko.locations.cli", "locations"),
    ("pko.finance.cli", "finance"),
    ("pko.auth.cli", "auth"),
    ("pko.auth.users_cli", "users"),
    ("pko.auth.tokens_cli", "tokens"),
    ("pko.audit.cli", "audit"),
    ("pko.forcegen.cli", "forcegen"),
    ("pko.footprint.cli", "footprint"),
    ("pko.roads.cli", "routes"),
    ("pko.partnership.cli", "partnership"),
    ("pko.actions.cli", "actions"),
    ("pko.consult.cli", "consult"),
)
MODULES = {name: module for module, name in DOMAINS}


class Domains(TyperGroup):
    """The `pko` group: a domain's commands (and what they import) are loaded only when that domain is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *MODULES]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in MODULES:
            return super().get_command(ctx, name)
        command = typer.main.get_group(import_module(MODULES[name]).app)
        command.name = name
        return command


app = typer.Typer(help="PKO: an open planning and coordination platform for peacekeeping partnerships.", no_args_is_help=True,
                  cls=Domains)


@app.callback()
def _settings_from_environment() -> None:
    """Read settings afresh for each invocation."""
    get_settings.cache_clear()


db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest revision."""
    from pko.db import upgrade

    settings = get_settings()
    revision = upgrade(settings.database_url)
    typer.echo(f"database at revision {revision}: {settings.database_url}")


def _refuse_exposed(host: str) -> None:
    try:
        get_settings().refuse_exposed(host)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default: PKO_HOST)"),
    port: int = typer.Option(None, help="Port (default: PKO_PORT)"),
) -> None:
    """Serve the UI and the API (beyond 127.0.0.1 only with a PKO_SECRET_KEY of its own)."""
    import uvicorn

    settings = get_settings()
    _refuse_exposed(host or settings.host)
    uvicorn.run("pko.app:create_app", factory=True, host=host or settings.host, port=port or settings.port)


@app.command()
def up(
    data_dir: Path = typer.Option(None, "--data-dir", help="Folder of public data (default: PKO_DATA_DIR)"),
    host: str = typer.Option(None, help="Address to listen on (default: PKO_HOST)"),
    port: int = typer.Option(None, help="Port (default: PKO_PORT)"),
) -> None:
    """Upgrade the database, import everything found in the data folder, and serve the UI and API."""
    from pko.sources.cli import import_folder

    _refuse_exposed(host or get_settings().host)
    db_upgrade()
    folder = data_dir or get_settings().data_dir
    import_folder(folder)
    serve(host, port)


def main() -> None:
    """Entry point of the `pko` script; a database that is missing or not set up is said in one line, not a traceback."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        app()
    except (OperationalError, ProgrammingError) as error:
        where = make_url(get_settings().database_url).render_as_string(hide_password=True)
        typer.echo(f"error: the database at {where} refused: {error.orig}\n"
                   "`pko db upgrade` creates or migrates it; `pko up` also imports the data and serves PKO.", err=True)
        raise SystemExit(1) from None

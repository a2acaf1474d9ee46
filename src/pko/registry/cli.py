"""`pko registry`: member states, the Security Council by year, organizations."""

from __future__ import annotations

import typer

from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit
from pko.registry import service

app = typer.Typer(help="Member states, organizations and the Security Council by year.", no_args_is_help=True)

FORMAT = typer.Option(OutputFormat.table, "--format", help="table, json or csv")


@app.command("states")
def states(
    regional_group: str = typer.Option(None, "--regional-group", help="UN regional group, e.g. WEOG"),
    m49_region: str = typer.Option(None, "--m49-region", help="M49 region, e.g. Africa"),
    q: str = typer.Option(None, "--q", help="Part of the name, or the ISO3 code"),
    fmt: OutputFormat = FORMAT,
) -> None:
    """List the UN member states."""
    if regional_group and regional_group not in service.REGIONAL_GROUPS:
        raise typer.BadParameter(f"'{regional_group}' is not one of {', '.join(service.REGIONAL_GROUPS)}", param_hint="--regional-group")
    with session_scope(get_engine()) as session:
        rows = service.list_states(session, regional_group=regional_group, m49_region=m49_region, q=q)
    fields = ("iso3", "iso2", "m49", "name", "m49_region", "regional_group")
    emit([{field: getattr(row, field) for field in fields} for row in rows], fmt,
         title="UN member states", caption=f"{len(rows)} member states")


@app.command("council")
def council(year: int = typer.Option(..., "--year", min=1946, help="Year of membership"), fmt: OutputFormat = FORMAT) -> None:
    """The members of the Security Council in one year (P5 first)."""
    with session_scope(get_engine()) as session:
        seats = service.council(session, year=year)
    if not seats:
        typer.echo(f"no Security Council membership stored for {year} (import sc-membership first)", err=True)
        raise typer.Exit(1)
    rows = [
        {"name_in_source": s.name_in_source, "iso3": s.iso3, "state": s.state_name, "permanent": s.permanent,
         "name_repaired": s.name_repaired, "mapping_note": s.mapping_note}
        for s in seats
    ]
    emit(rows, fmt, title=f"Security Council {year}", caption=f"{len(rows)} members")


@app.command("organizations")
def organizations(fmt: OutputFormat = FORMAT) -> None:
    """The organizations that act on peacekeeping."""
    with session_scope(get_engine()) as session:
        rows = service.list_organizations(session)
    emit([row.model_dump() for row in rows], fmt, title="Organizations")

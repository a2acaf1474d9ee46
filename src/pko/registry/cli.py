"""`pko registry`: member states, the Security Council by year, organizations."""

from __future__ import annotations

import json

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse
from pko.registry import service
from pko.registry.schemas import OrganizationCreate, OrganizationFields

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
    """The members of the Security Council in one year (P5 first), and whether every seat of the year is in the record."""
    with session_scope(get_engine()) as session:
        found = service.council_year(session, year=year)
    if not found.members:
        typer.echo(f"no Security Council membership stored for {year} (import sc-membership first)", err=True)
        raise typer.Exit(1)
    rows = [
        {"name_in_source": s.name_in_source, "iso3": s.iso3, "state": s.state_name, "permanent": s.permanent,
         "name_repaired": s.name_repaired, "mapping_note": s.mapping_note}
        for s in found.members
    ]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(found.model_dump(exclude={"members"}) | {"members": rows}, indent=2))
        return
    if found.note:
        typer.echo(f"warning: {found.note}", err=True)
    emit(rows, fmt, title=f"Security Council {year}", caption=f"{len(rows)} of {found.seats} members")


@app.command("organizations")
def organizations(fmt: OutputFormat = FORMAT) -> None:
    """The organizations that act on peacekeeping."""
    with session_scope(get_engine()) as session:
        rows = service.list_organizations(session)
    emit([row.model_dump() for row in rows], fmt, title="Organizations")


@app.command("add-organization")
def add_organization(
    code: str, name: str = typer.Option(..., "--name"), kind: str = typer.Option(..., "--kind"),
    parent: str = typer.Option(None, "--parent", help="Code of the parent organization"),
    state: str = typer.Option(None, "--state", help="ISO3 of the member state it belongs to"),
) -> None:
    """Record a new organization (audited)."""
    try:
        data = OrganizationCreate(code=code, name=name, kind=kind, parent_code=parent, member_state_iso3=state)
        with session_scope(get_engine()) as session:
            organization = service.create_organization(session, data=data, actor=SHELL_ACTOR)
    except (ValidationError, QueryError, Conflict) as error:
        refuse(error)
    typer.echo(f"organization {organization.code} recorded, version {organization.version}")


@app.command("edit-organization")
def edit_organization(
    code: str, version: int = typer.Option(..., "--version", help="The version you last saw"),
    name: str = typer.Option(None, "--name"), kind: str = typer.Option(None, "--kind"),
    parent: str = typer.Option(None, "--parent"),
) -> None:
    """Edit an organization against the version you saw (audited)."""
    given = {key: value for key, value in {"name": name, "kind": kind, "parent_code": parent}.items() if value is not None}
    try:
        fields = OrganizationFields(**given)
        with session_scope(get_engine()) as session:
            organization = service.update_organization(session, code=code, expected_version=version, fields=fields,
                                                       actor=SHELL_ACTOR)
    except (ValidationError, QueryError, Conflict, NotFound, StaleVersion) as error:
        refuse(error)
    typer.echo(f"organization {organization.code} now at version {organization.version}")

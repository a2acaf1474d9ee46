"""`pko missions`: the missions seen in the data, one mission in full, recording an AU-led operation."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit, refuse
from pko.missions import service
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.missions.catalogue import KINDS
from pko.missions.schemas import MissionFields, MissionRecord

app = typer.Typer(help="Missions: UN peacekeeping operations, political missions, AU-led and hybrid operations.", no_args_is_help=True)

FORMAT = typer.Option(OutputFormat.table, "--format", help="table, json or csv")
BODY = typer.Option(None, "--mandating-body", help="Who mandated it, e.g. 'AU Peace and Security Council'")
AUTHORIZATION = typer.Option(None, "--council-authorization", help="Security Council resolution, e.g. 'S/RES/2628 (2022)'")


@app.command("list")
def list_command(
    kind: str = typer.Option(None, "--kind", help=f"One of: {', '.join(KINDS)}"),
    country: str = typer.Option(None, "--country", help="Country of mission: ISO3 or name"),
    active_in: int = typer.Option(None, "--active-in", min=1945, max=2100, help="Seen in the data in this year"),
    q: str = typer.Option(None, "--q", help="Part of the acronym or name"),
    fmt: OutputFormat = FORMAT,
) -> None:
    """List missions with their kind, country and first and last month seen."""
    if kind and kind not in KINDS:
        raise typer.BadParameter(f"'{kind}' is not one of {', '.join(KINDS)}", param_hint="--kind")
    with session_scope(get_engine()) as session:
        missions = service.list_missions(session, kind=kind, country=country, active_in=active_in, q=q)
    fields = ("acronym", "name", "kind", "country_iso3", "hq", "first_month", "last_month")
    emit([{field: getattr(m, field) for field in fields} for m in missions], fmt,
         title="Missions", caption=f"{len(missions)} missions")


@app.command("show")
def show(acronym: str = typer.Argument(..., help="Mission acronym"), fmt: OutputFormat = FORMAT) -> None:
    """One mission in full."""
    with session_scope(get_engine()) as session:
        mission = service.get_mission(session, acronym=acronym)
    if mission is None:
        typer.echo(f"no mission '{acronym}' (import data first, or see `pko missions list`)", err=True)
        raise typer.Exit(1)
    row = mission.model_dump()
    row["sources"] = ", ".join(row["sources"])
    if fmt is OutputFormat.table:
        emit([{"field": key, "value": value} for key, value in row.items()], fmt, title=mission.acronym)
    else:
        emit([row], fmt)


@app.command("add")
def add(
    acronym: str = typer.Argument(..., help="Acronym, e.g. AMISOM (a catalogue operation) or a new one"),
    name: str = typer.Option(None, "--name", help="Official name (needed when the catalogue does not know it)"),
    kind: str = typer.Option(None, "--kind", help=f"One of: {', '.join(KINDS)} (needed likewise)"),
    country: str = typer.Option(None, "--country", help="ISO3 of the country of mission"),
    hq: str = typer.Option(None, "--hq", help="Headquarters"),
    mandating_body: str = BODY,
    council_authorization: str = AUTHORIZATION,
) -> None:
    """Record a mission the data does not show (e.g. an AU-led operation); audited."""
    try:
        data = MissionRecord(acronym=acronym, name=name, kind=kind, country_iso3=country, hq=hq,
                             mandating_body=mandating_body, council_authorization=council_authorization)
        with session_scope(get_engine()) as session:
            mission = service.record_mission(session, data=data, actor=SHELL_ACTOR)
    except (ValidationError, QueryError, Conflict) as error:
        refuse(error)
    typer.echo(f"{mission.acronym}: {mission.name} ({mission.kind}) recorded, version {mission.version}")


@app.command("edit")
def edit(
    acronym: str = typer.Argument(..., help="Acronym of a mission recorded by hand"),
    version: int = typer.Option(..., "--version", help="The version you last saw (`pko missions show`)"),
    name: str = typer.Option(None, "--name"),
    kind: str = typer.Option(None, "--kind", help=f"One of: {', '.join(KINDS)}"),
    country: str = typer.Option(None, "--country", help="ISO3 of the country of mission"),
    hq: str = typer.Option(None, "--hq", help="Headquarters"),
    hq_lat: float = typer.Option(None, "--hq-lat"),
    hq_lon: float = typer.Option(None, "--hq-lon"),
    note: str = typer.Option(None, "--note"),
    mandating_body: str = BODY,
    council_authorization: str = AUTHORIZATION,
) -> None:
    """Edit a mission recorded by hand against the version you saw (audited); a stale version is refused."""
    given = {"name": name, "kind": kind, "country_iso3": country, "hq": hq, "hq_lat": hq_lat, "hq_lon": hq_lon,
             "note": note, "mandating_body": mandating_body, "council_authorization": council_authorization}
    given = {field: value for field, value in given.items() if value is not None}
    if not given:
        refuse(ValueError("nothing to change: give at least one of the options (see --help)"))
    try:
        fields = MissionFields(**given)
        with session_scope(get_engine()) as session:
            mission = service.update_mission(session, acronym=acronym, expected_version=version, fields=fields,
                                             actor=SHELL_ACTOR)
    except (ValidationError, QueryError, Conflict, NotFound, StaleVersion) as error:
        refuse(error)
    typer.echo(f"{mission.acronym} now at version {mission.version}")

"""`pko incidents`: record, list, import and analyse the incident log from the command line."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.formats import OutputFormat, emit, refuse
from pko.incidents import imports, service
from pko.incidents.schemas import IncidentCreate, IncidentFields
from pko.safety import hotspots as engine
from pko.sources.report import SourceError

app = typer.Typer(help="The incident log: record, list, import (ACLED, UCDP GED, CSV), hotspots, counts.",
                  no_args_is_help=True)
REFUSED = (ValidationError, Conflict, NotFound, QueryError, StaleVersion, SourceError)


class Format(str, Enum):
    """Formats an incident file may come in."""

    acled = "acled"
    ucdp = "ucdp"
    csv = "csv"


class MapFormat(str, Enum):
    """Output formats of hotspots."""

    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


def _filters(mission, incident_type, date_from, date_to) -> service.Filters:
    try:
        return service.Filters(mission=mission, incident_type=incident_type,
                               date_from=date.fromisoformat(date_from) if date_from else None,
                               date_to=date.fromisoformat(date_to) if date_to else None)
    except ValueError as error:
        raise typer.BadParameter(f"{error} (dates are YYYY-MM-DD)")


def _row(incident) -> dict:
    return {"id": incident.id, "date": incident.incident_date, "type": incident.incident_type,
            "mission": incident.mission, "location": incident.location, "admin1": incident.admin1,
            "latitude": incident.latitude, "longitude": incident.longitude, "killed": incident.killed,
            "injured": incident.injured, "source": incident.source, "event_id": incident.source_event_id,
            "version": incident.version}


@app.command("list")
def list_incidents(
    mission: Optional[str] = typer.Option(None, help="Mission acronym"),
    incident_type: Optional[str] = typer.Option(None, "--type", help="explosive-device, ambush, ..."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First day, YYYY-MM-DD"),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last day, YYYY-MM-DD"),
    limit: int = typer.Option(100, min=1, help="At most this many, newest first"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Incidents, newest first."""
    where = _filters(mission, incident_type, date_from, date_to)
    try:
        with session_scope(get_engine()) as session:
            total = service.count_incidents(session, where=where)
            rows = [_row(i) for i in service.list_incidents(session, where=where, limit=limit)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title=f"Incidents ({len(rows):,} of {total:,})")


@app.command("show")
def show(incident_id: int) -> None:
    """One incident, all its fields, as JSON."""
    with session_scope(get_engine()) as session:
        incident = service.get_incident(session, incident_id=incident_id)
    if incident is None:
        refuse(NotFound(f"no incident {incident_id}"))
    typer.echo(incident.model_dump_json(indent=2))


@app.command("add")
def add(
    incident_type: str = typer.Argument(..., metavar="TYPE", help="explosive-device, ambush, indirect-fire, ..."),
    incident_date: str = typer.Argument(..., metavar="DATE", help="YYYY-MM-DD"),
    source: str = typer.Option(..., "--source", help="Who reported it, e.g. 'MINUSMA JOC daily report'"),
    at: Optional[str] = typer.Option(None, "--at", help="LAT,LON"),
    time_of_day: Optional[str] = typer.Option(None, "--time", help="HH:MM"),
    location: Optional[str] = typer.Option(None, "--location", help="Place name (a Mali place is located by name)"),
    admin1: Optional[str] = typer.Option(None, "--admin1"),
    mission: Optional[str] = typer.Option(None, "--mission"),
    unit: list[str] = typer.Option(None, "--unit", help="A unit involved (repeat)"),
    killed: Optional[int] = typer.Option(None, "--killed"),
    injured: Optional[int] = typer.Option(None, "--injured"),
    event_id: Optional[str] = typer.Option(None, "--event-id", help="The source's id of the event"),
    confidence: str = typer.Option("reported", "--confidence", help="confirmed, reported or unverified"),
    fatality: list[str] = typer.Option(None, "--fatality", help="Casualty id of a UN fatality record (repeat)"),
    description: Optional[str] = typer.Option(None, "--description"),
) -> None:
    """Record an incident."""
    try:
        lat, lon = _point(at) if at else (None, None)
        data = IncidentCreate(incident_type=incident_type, incident_date=incident_date, source=source, latitude=lat,
                              longitude=lon, incident_time=time_of_day, location=location, admin1=admin1,
                              mission=mission, units=unit or [], killed=killed, injured=injured,
                              source_event_id=event_id, confidence=confidence, fatality_casualty_ids=fatality or [],
                              description=description)
        with session_scope(get_engine()) as session:
            incident = service.create_incident(session, data=data, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"incident {incident.id} ({incident.incident_type}, {incident.incident_date}) recorded, version {incident.version}")


@app.command("update")
def update(
    incident_id: int,
    version: int = typer.Option(..., "--version", help="The version you last saw (pko incidents show)"),
    field: list[str] = typer.Option(..., "--set", help="FIELD=VALUE, e.g. killed=3 (repeat; lists take JSON)"),
) -> None:
    """Change fields of an incident against the version you saw."""
    try:
        values = {}
        for item in field:
            name, _, value = item.partition("=")
            values[name.strip()] = json.loads(value) if value[:1] in "[{" else (None if value == "" else value)
        fields = IncidentFields(**values)
        with session_scope(get_engine()) as session:
            incident = service.update_incident(session, incident_id=incident_id, expected_version=version, fields=fields,
                                               actor=SHELL_ACTOR)
    except (*REFUSED, json.JSONDecodeError) as error:
        refuse(error)
    typer.echo(json.dumps({"id": incident.id, "version": incident.version}))


def _point(value: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not LAT,LON", param_hint="--at")
    return lat, lon


@app.command("import")
def import_file(
    fmt: Format = typer.Argument(..., metavar="FORMAT", help="acled, ucdp or csv"),
    path: Path = typer.Argument(..., metavar="FILE"),
) -> None:
    """Import an ACLED export, a UCDP GED file or a PKO incident CSV (all or nothing; re-runs add nothing)."""
    try:
        outcome = imports.import_file(get_engine(), fmt.value, path, actor=SHELL_ACTOR)
    except REFUSED as error:
        refuse(error)
    typer.echo(f"{outcome.file}: {outcome.rows_read:,} rows read, {outcome.added:,} added, {outcome.updated:,} updated, "
               f"{outcome.unchanged:,} unchanged")
    for kind, rules in (("skipped", outcome.skips), ("repaired", outcome.repairs)):
        for rule, count in rules.items():
            typer.echo(f"  {count:,} {kind}: {rule}")
    for note in outcome.notes:
        typer.echo(f"  note: {note}")


@app.command("counts")
def counts(
    mission: Optional[str] = typer.Option(None, help="Mission acronym"),
    incident_type: Optional[str] = typer.Option(None, "--type"),
    date_from: Optional[str] = typer.Option(None, "--from"), date_to: Optional[str] = typer.Option(None, "--to"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Incidents, killed and injured by mission x year x type."""
    where = _filters(mission, incident_type, date_from, date_to)
    try:
        with session_scope(get_engine()) as session:
            rows = [row.model_dump() for row in service.counts(session, where=where)]
    except REFUSED as error:
        refuse(error)
    emit(rows, fmt, title="Incidents by mission, year and type")


@app.command("hotspots")
def hotspots(
    mission: Optional[str] = typer.Option(None, help="Mission acronym"),
    incident_type: Optional[str] = typer.Option(None, "--type"),
    date_from: Optional[str] = typer.Option(None, "--from"), date_to: Optional[str] = typer.Option(None, "--to"),
    resolution: int = typer.Option(6, "--resolution", min=0, max=10, help="H3 resolution"),
    rings: int = typer.Option(engine.RINGS, "--rings", min=1, max=5, help="Neighbourhood: H3 rings around each cell"),
    alpha: float = typer.Option(engine.ALPHA, "--alpha", min=1e-6, max=0.5, help="False discovery rate"),
    fmt: MapFormat = typer.Option(MapFormat.table, "--format"),
) -> None:
    """Hot and cold spots of the stored incidents (Getis-Ord Gi* on H3 cells, Benjamini-Hochberg), trends per cell."""
    where = _filters(mission, incident_type, date_from, date_to)
    try:
        with session_scope(get_engine()) as session:
            stored = service.hotspots(session, where=where, resolution=resolution, rings=rings, alpha=alpha)
    except REFUSED as error:
        refuse(error)
    if fmt is MapFormat.geojson:
        typer.echo(json.dumps(service.hotspots_geojson(stored)))
        return
    chosen = OutputFormat(fmt.value)
    cells = stored.found.cells.drop(columns=["by_year"], errors="ignore")
    if chosen is OutputFormat.table:
        cells = cells[cells["spot"] != "none"]
    rows = [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in cells.to_dict("records")]
    caption = "\n".join([f"{stored.without_coordinates:,} matching incident(s) without coordinates left out",
                         stored.found.method])
    emit(rows, chosen, title=f"Hotspots of {stored.found.incidents:,} incidents on {len(stored.found.cells):,} cells",
         caption=caption)

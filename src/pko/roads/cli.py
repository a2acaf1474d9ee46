"""`pko routes`: stored road networks, convoy routes weighed by the incident log, incidents per road segment."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from pydantic import ValidationError

from pko.auth.service import SHELL_ACTOR
from pko.db import get_engine, session_scope
from pko.errors import NotFound, QueryError
from pko.formats import OutputFormat, emit
from pko.roads import density as road_density
from pko.roads import planning, service
from pko.roads.schemas import PairIn
from pko.safety import analytics
from pko.safety.routes import Kernel
from pko.sources.base import read_csv, require_columns, row_number
from pko.sources.report import SourceError

app = typer.Typer(help="Stored road networks and convoy routes weighed by the incident log.", no_args_is_help=True)
REFUSED = (SourceError, QueryError, NotFound, ValidationError, ValueError)


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


@app.command("import")
def import_network(
    path: Path = typer.Argument(..., metavar="FILE", help="GeoJSON of LineStrings, or an OSM extract (.osm, .osm.pbf)"),
    name: str = typer.Option(None, "--name", help="Network name (default: the file name); a stored name is replaced"),
) -> None:
    """Store a road network, all or nothing; the same file again changes nothing."""
    try:
        with session_scope(get_engine()) as session:
            result = service.import_file(session, path=path, name=name, actor=SHELL_ACTOR)
    except REFUSED as error:
        _fail(error)
    network = result.network
    typer.echo(f"{network.name}: {result.outcome} ({network.segments:,} roads, {network.length_km:,.1f} km, "
               f"version {network.version})")


@app.command("list")
def list_networks(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format")) -> None:
    """Stored road networks."""
    with session_scope(get_engine()) as session:
        rows = [network.model_dump(mode="json", exclude={"checksum"}) for network in service.list_networks(session)]
    emit(rows, fmt, title="Road networks")


def _pairs_file(session, path: Path) -> list[PairIn]:
    frame = read_csv(path)
    require_columns(path, frame, ("from", "to"))
    pairs = []
    for index, row in frame.iterrows():
        ends = []
        for column in ("from", "to"):
            try:
                ends.append(planning.resolve_place(session, str(row[column] or "")))
            except (QueryError, ValidationError) as error:
                raise SourceError(path, row_number(index), column, str(error).splitlines()[0]) from None
        pairs.append(PairIn(origin=ends[0], destination=ends[1]))
    return pairs


def _file_incidents(path: Path) -> planning.Incidents:
    frame, _report = analytics.read_incidents(path)
    dates = [d.date() if hasattr(d, "date") and d == d else None for d in frame["date"]] if "date" in frame \
        else [None] * len(frame)
    return planning.Incidents([None] * len(frame), [None] * len(frame), dates, frame["latitude"].to_numpy(float),
                              frame["longitude"].to_numpy(float), path.name)


@app.command("plan")
def plan(
    network: str = typer.Option(..., "--network", help="Name of a stored network (pko routes list)"),
    origin: list[str] = typer.Option(None, "--from", help="LAT,LON or a place name (repeat with --to for several pairs)"),
    target: list[str] = typer.Option(None, "--to", help="LAT,LON or a place name"),
    pairs_file: Path = typer.Option(None, "--pairs", exists=True, dir_okay=False, help="CSV with columns from,to"),
    k: int = typer.Option(1, "--k", min=1, max=10, help="Least-risk routes: the best and k - 1 alternatives"),
    since: str = typer.Option(None, "--since", help="Only incidents on or after this date (YYYY-MM-DD)"),
    as_of: str = typer.Option(None, "--as-of", help="Day incident ages are counted to (default: today)"),
    incident_type: str = typer.Option(None, "--incident-type", help="Only this incident type"),
    incidents: Path = typer.Option(None, "--incidents", exists=True, dir_okay=False,
                                   help="Weigh a CSV of incidents (latitude, longitude[, date]) instead of the log"),
    bandwidth: float = typer.Option(Kernel.bandwidth_m, "--bandwidth-m", min=1, help="Distance kernel bandwidth (m)"),
    half_life: float = typer.Option(Kernel.half_life_days, "--half-life-days", min=1, help="Recency half-life (days)"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or geojson"),
) -> None:
    """Shortest, least-risk and alternative routes with length and expected incidents, for each pair."""
    if fmt not in {"table", "json", "csv", "geojson"}:
        _fail(ValueError(f"'{fmt}' is not a format (table, json, csv, geojson)"))
    if len(origin or []) != len(target or []):
        _fail(ValueError("give as many --to as --from"))
    if not origin and pairs_file is None:
        _fail(ValueError("give --from and --to, or --pairs FILE"))
    try:
        days = [date.fromisoformat(v) if v else None for v in (since, as_of)]
        with session_scope(get_engine()) as session:
            pairs = [PairIn(origin=planning.resolve_place(session, a), destination=planning.resolve_place(session, b))
                     for a, b in zip(origin or [], target or [])]
            if pairs_file is not None:
                pairs += _pairs_file(session, pairs_file)
            weighed = _file_incidents(incidents) if incidents is not None else None
            found = planning.plan_routes(session, name=network, pairs=pairs, k=k, since=days[0], as_of=days[1],
                                         incident_type=incident_type, incidents=weighed,
                                         kernel=Kernel(bandwidth_m=bandwidth, half_life_days=half_life))
    except REFUSED as error:
        _fail(error)
    if fmt == "geojson":
        typer.echo(json.dumps(planning.plan_geojson(found)))
        return
    rows = [{"pair": p.pair, "from": p.origin.name or f"{p.origin.lat},{p.origin.lon}",
             "to": p.destination.name or f"{p.destination.lat},{p.destination.lon}", "route": r.kind, "rank": r.rank,
             "length_km": round(r.length_m / 1000, 3), "expected_incidents": round(r.expected_incidents, 4),
             "incidents_near": r.incidents_near}
            for p in found.plans for r in p.routes]
    if fmt == "json":
        typer.echo(json.dumps({"network": found.network.name, "kernel": found.kernel.model_dump(),
                               "as_of": found.as_of.isoformat(), "since": found.since and found.since.isoformat(),
                               "incidents_source": found.incidents_source, "incidents_weighed": found.incidents_weighed,
                               "routes": rows, "notes": [p.note for p in found.plans if p.note] + found.notes}, indent=2))
        return
    caption = [f"pair {p.pair}: {p.note}" for p in found.plans if p.note]
    caption += [f"edge risk: {found.kernel.description}; incidents up to {found.as_of.isoformat()}"
                + (f" from {found.since.isoformat()}" if found.since else ""),
                f"{found.incidents_weighed:,} incidents weighed from the {found.incidents_source}", *found.notes]
    emit(rows, OutputFormat(fmt), f"Convoy routes on {found.network.name}", "\n".join(caption))


@app.command("density")
def density(
    network: str = typer.Option(..., "--network", help="Name of a stored network (pko routes list)"),
    incident_type: str = typer.Option(road_density.DEFAULT_TYPE, "--type",
                                      help="Incident type counted, or 'all' (default: explosive-device)"),
    within: float = typer.Option(road_density.DEFAULT_WITHIN_M, "--within", min=1, max=100_000,
                                 help="Farthest an incident may lie from its road segment (metres)"),
    since: str = typer.Option(None, "--since", help="Only incidents on or after this date (YYYY-MM-DD)"),
    until: str = typer.Option(None, "--until", help="Only incidents on or before this date (YYYY-MM-DD)"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or geojson (geojson: every segment)"),
) -> None:
    """Incidents of the log per road segment of a stored network and per km; segments with incidents, densest first."""
    if fmt not in {"table", "json", "csv", "geojson"}:
        _fail(ValueError(f"'{fmt}' is not a format (table, json, csv, geojson)"))
    try:
        days = [date.fromisoformat(v) if v else None for v in (since, until)]
        with session_scope(get_engine()) as session:
            found = road_density.road_density(session, name=network, incident_type=incident_type, within_m=within,
                                              since=days[0], until=days[1])
    except REFUSED as error:
        _fail(error)
    if fmt == "geojson":
        typer.echo(json.dumps(found))
        return
    rows = [{"segment": f["properties"]["segment"],
             "from": f"{f['geometry']['coordinates'][0][1]},{f['geometry']['coordinates'][0][0]}",
             "to": f"{f['geometry']['coordinates'][1][1]},{f['geometry']['coordinates'][1][0]}",
             "incidents": f["properties"]["incidents"], "length_km": f["properties"]["length_km"],
             "per_km": f["properties"]["per_km"]} for f in found["features"] if f["properties"]["incidents"]]
    rows.sort(key=lambda row: (-row["per_km"], row["segment"]))
    if fmt == "json":
        typer.echo(json.dumps({**found["properties"], "rows": rows}, indent=2))
        return
    emit(rows, OutputFormat(fmt), f"{found['properties']['incident_type']} incidents per road segment of {network}",
         "\n".join(road_density.summary(found)))

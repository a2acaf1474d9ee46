"""`pko locations`: deployment locations by mission and year, Mali's admin areas, places, quick-impact projects."""

from __future__ import annotations

import enum
import json

import typer
from fastapi import HTTPException

from pko.db import get_engine, session_scope
from pko.formats import OutputFormat, emit
from pko.locations import service
from pko.locations.api import parse_bbox
from pko.missions.catalogue import canonical

app = typer.Typer(help="Where peacekeepers were (Geo-PKO, RADPKO), Mali's admin areas and places, MINUSMA QIPs.",
                  no_args_is_help=True)


class LocationFormat(str, enum.Enum):
    """Output of `pko locations list`: the three list formats, or GeoJSON for maps."""

    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class Source(str, enum.Enum):
    geopko_v2 = "geopko-v2"
    geopko_v1 = "geopko-v1"
    radpko = "radpko"


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command("list")
def list_locations(
    mission: str = typer.Option(None, help="Mission acronym, e.g. MINUSMA"),
    year: int = typer.Option(None, help="Year"),
    source: Source = typer.Option(Source.geopko_v2, help="geopko-v2 (1994-2024), geopko-v1 (Africa 1994-2018), radpko"),
    bbox: str = typer.Option(None, help="min_lon,min_lat,max_lon,max_lat"),
    fmt: LocationFormat = typer.Option(LocationFormat.table, "--format"),
) -> None:
    """Deployment locations, one per (mission, year, location), with troops and contributors."""
    acronym = None
    if mission:
        acronym = canonical(mission)
        if acronym is None:
            _fail(f"unknown mission '{mission}'")
    try:
        box = parse_bbox(bbox)
    except HTTPException as error:
        _fail(error.detail)
    with session_scope(get_engine()) as session:
        features = service.deployment_locations(session, source=source.value, mission=acronym, year=year, bbox=box)
    if fmt is LocationFormat.geojson:
        collection = {"type": "FeatureCollection", "features": [feature.model_dump(mode="json") for feature in features]}
        print(json.dumps(collection, ensure_ascii=False))
        return
    rows = []
    for feature in features:
        props = feature.properties
        contributors = [f"{c.name} ({c.troops:,.0f})" if c.troops is not None else c.name for c in props.contributors]
        rows.append({
            "mission": props.mission, "year": str(props.year) if fmt is LocationFormat.table else props.year, "location": props.location,
            "latitude": feature.geometry.coordinates[1], "longitude": feature.geometry.coordinates[0],
            "troops": props.troops if fmt is not LocationFormat.table or props.troops is None else round(props.troops),
            "contributors": "; ".join(contributors) if fmt is not LocationFormat.json else
            [c.model_dump() for c in props.contributors],
        })
    emit(rows, OutputFormat(fmt.value), title=f"Deployment locations ({source.value})",
         caption=features[0].properties.troops_basis if features else None)


@app.command("admin-areas")
def list_admin_areas(
    level: int = typer.Option(1, min=0, max=2, help="0 country, 1 regions, 2 cercles"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Mali's administrative areas of one level (P-code, name, parent)."""
    with session_scope(get_engine()) as session:
        collection = service.admin_areas(session, level=level)
    rows = [feature.properties.model_dump() for feature in collection.features]
    emit(rows, fmt, title=f"Mali admin level {level}")


@app.command("places")
def list_places(
    query: str = typer.Argument(..., help="Part of the place's name"),
    dataset: str = typer.Option(None, help="ocha-cod or osm"),
    limit: int = typer.Option(20, min=1, help="Rows to show"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Populated places whose name contains QUERY."""
    if dataset not in (None, "ocha-cod", "osm"):
        _fail(f"--dataset '{dataset}' is not ocha-cod or osm")
    with session_scope(get_engine()) as session:
        total, places = service.places(session, q=query, dataset=dataset, limit=limit)
    emit([place.model_dump() for place in places], fmt, title=f"Places matching '{query}'", caption=f"{total:,} found")


@app.command("qips")
def list_qips(
    year: int = typer.Option(None, help="Year the project started"),
    category: str = typer.Option(None, help="Category, e.g. 'Rule of Law'"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """MINUSMA quick-impact projects."""
    with session_scope(get_engine()) as session:
        total, projects = service.quick_impact_projects(session, year=year, category=category, limit=None)
    emit([project.model_dump() for project in projects], fmt, title="MINUSMA quick-impact projects", caption=f"{total:,} projects")

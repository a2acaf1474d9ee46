"""Routes for locations: deployment sites (GeoJSON), Mali's admin areas (GeoJSON), places, quick-impact projects."""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.http import Page, Paging, get_session, paging
from pko.locations import service
from pko.locations.schemas import AdminAreaCollection, LocationCollection, PlaceOut, QipOut
from pko.missions.catalogue import canonical

router = APIRouter(prefix="/api/v1/locations", tags=["locations"], dependencies=[Depends(require("record", "read"))])


class DeploymentSource(str, Enum):
    geopko_v2 = "geopko-v2"
    geopko_v1 = "geopko-v1"
    radpko = "radpko"


class PlaceDataset(str, Enum):
    ocha_cod = "ocha-cod"
    osm = "osm"


def parse_bbox(bbox: str | None) -> service.BBox | None:
    """'min_lon,min_lat,max_lon,max_lat' in degrees, or a 422 naming what is wrong."""
    if bbox is None:
        return None
    try:
        values = tuple(float(part) for part in bbox.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise HTTPException(422, f"bbox '{bbox}' is not four numbers min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, f"bbox '{bbox}' is not within longitude -180..180 and latitude -90..90 with min <= max")
    return values


def bbox_query(bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat (WGS 84 degrees)")) -> service.BBox | None:
    """The bbox parameter of a route."""
    return parse_bbox(bbox)


def known_mission(mission: str | None) -> str | None:
    """The canonical acronym, or a 422 for a mission PKO does not know."""
    if mission is None:
        return None
    acronym = canonical(mission)
    if acronym is None:
        raise HTTPException(422, f"unknown mission '{mission}'")
    return acronym


@router.get("", response_model=LocationCollection)
def list_locations(
    mission: str | None = Query(None, description="Mission acronym, e.g. MINUSMA"),
    year: int | None = Query(None, ge=1940, le=2100, description="Year"),
    source: DeploymentSource = Query(DeploymentSource.geopko_v2, description="geopko-v2 (1994-2024, default), geopko-v1 (Africa 1994-2018), radpko (bases 1999-2019)"),
    bbox: service.BBox | None = Depends(bbox_query),
    limit: int = Query(5_000, ge=1, le=20_000, description="Features per page (a year of every mission fits the default)"),
    offset: int = Query(0, ge=0, description="Features to skip"),
    session: Session = Depends(get_session),
) -> LocationCollection:
    """Deployment locations as a GeoJSON FeatureCollection: one feature per (mission, year, location)."""
    features = service.deployment_locations(session, source=source.value, mission=known_mission(mission), year=year, bbox=bbox)
    return LocationCollection(
        total=len(features), limit=limit, offset=offset, features=features[offset:offset + limit],
        sources=service.answered_by(session, service.DEPLOYMENT_SOURCES[source.value]),
    )


@router.get("/admin-areas", response_model=AdminAreaCollection)
def list_admin_areas(
    level: int = Query(1, ge=0, le=2, description="0 country, 1 regions, 2 cercles"),
    parent: str | None = Query(None, description="Only areas within this P-code, e.g. ML07"),
    tolerance: float = Query(0.01, ge=0, le=1, description="Simplify outlines by this many degrees (0 = as published)"),
    session: Session = Depends(get_session),
) -> AdminAreaCollection:
    """Mali's administrative areas of one level as GeoJSON (OCHA COD-AB 2019)."""
    return service.admin_areas(session, level=level, parent=parent, tolerance=tolerance)


@router.get("/places", response_model=Page[PlaceOut])
def list_places(
    q: str | None = Query(None, min_length=1, max_length=100, description="Part of the place's name (case-insensitive)"),
    dataset: PlaceDataset | None = Query(None, description="ocha-cod (Mali settlements 2015) or osm (OpenStreetMap 2019-09)"),
    country: str | None = Query(None, description="Mali, Niger or Burkina Faso"),
    bbox: service.BBox | None = Depends(bbox_query),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[PlaceOut]:
    """Populated places, largest known population first."""
    total, items = service.places(session, q=q, dataset=dataset.value if dataset else None, country=country, bbox=bbox,
                                  limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, items=items,
                sources=service.answered_by(session, ["mali-places"]))


@router.get("/qips", response_model=Page[QipOut])
def list_quick_impact_projects(
    year: int | None = Query(None, ge=2000, le=2100, description="Year the project started"),
    category: str | None = Query(None, description="e.g. 'Rule of Law'"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[QipOut]:
    """MINUSMA quick-impact projects with coordinates and amounts disbursed (USD)."""
    total, items = service.quick_impact_projects(session, year=year, category=category, limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, items=items,
                sources=service.answered_by(session, ["minusma-qips"]))

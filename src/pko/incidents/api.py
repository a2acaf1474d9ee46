"""Routes of the incident log: read by those whose roles allow, written against a version (If-Match), hotspots as GeoJSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.http import Page, Paging, etag, expected_version, get_session, paging
from pko.incidents import service
from pko.incidents.schemas import IncidentCount, IncidentCreate, IncidentFields, IncidentOut
from pko.safety import hotspots as engine

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"])
IncidentId = Path(..., ge=1, le=2**31 - 1)
READ = [Depends(require("incidents", "read"))]


def filters(
    mission: str | None = Query(None, min_length=2, max_length=20, description="Mission acronym"),
    incident_type: str | None = Query(None, alias="type", max_length=30, description="explosive-device, ambush, ..."),
    date_from: date | None = Query(None, alias="from", description="First day, YYYY-MM-DD"),
    date_to: date | None = Query(None, alias="to", description="Last day, YYYY-MM-DD"),
    country: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3 code of the country"),
    source: str | None = Query(None, min_length=1, max_length=80, description="e.g. ACLED, UCDP GED"),
) -> service.Filters:
    """The filters every incident read shares."""
    return service.Filters(mission=mission, incident_type=incident_type, date_from=date_from, date_to=date_to,
                           country_iso3=country, source=source)


@router.get("", response_model=Page[IncidentOut], dependencies=READ)
def list_incidents(where: service.Filters = Depends(filters), page: Paging = Depends(paging),
                   session: Session = Depends(get_session)) -> Page[IncidentOut]:
    """Incidents, newest first."""
    total = service.count_incidents(session, where=where)
    items = service.list_incidents(session, where=where, limit=page.limit, offset=page.offset)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=["incident"], items=items)


@router.get("/counts", response_model=Page[IncidentCount], dependencies=READ)
def counts(where: service.Filters = Depends(filters), page: Paging = Depends(paging),
           session: Session = Depends(get_session)) -> Page[IncidentCount]:
    """Incidents, killed and injured by mission x year x type."""
    rows = service.counts(session, where=where)
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["incident"],
                items=rows[page.offset:page.offset + page.limit])


@router.get("/map", dependencies=READ)
def incident_points(where: service.Filters = Depends(filters), limit: int = Query(5000, ge=1, le=50_000),
                    session: Session = Depends(get_session)) -> dict[str, Any]:
    """The newest incidents with coordinates as GeoJSON points."""
    return service.incidents_geojson(service.list_incidents(session, where=where, limit=limit))


@router.get("/hotspots", dependencies=READ)
def hotspots(
    where: service.Filters = Depends(filters),
    resolution: int = Query(6, ge=0, le=10, description="H3 resolution"),
    rings: int = Query(engine.RINGS, ge=1, le=5, description="Neighbourhood: H3 rings around each cell"),
    alpha: float = Query(engine.ALPHA, gt=0, le=0.5, description="False discovery rate"),
    session: Session = Depends(get_session),
) -> dict[str, Any]:
    """Getis-Ord Gi* hot and cold spots of the stored incidents on H3 cells, as GeoJSON hexagons."""
    found = service.hotspots(session, where=where, resolution=resolution, rings=rings, alpha=alpha)
    return service.hotspots_geojson(found)


@router.get("/{incident_id}", response_model=IncidentOut, dependencies=READ)
def get_incident(response: Response, incident_id: int = IncidentId, session: Session = Depends(get_session)) -> IncidentOut:
    """One incident; its ETag is its version."""
    incident = service.get_incident(session, incident_id=incident_id)
    if incident is None:
        raise HTTPException(404, f"no incident {incident_id}")
    response.headers["ETag"] = etag(incident.version)
    return incident


@router.post("", response_model=IncidentOut, status_code=201)
def create_incident(data: IncidentCreate, response: Response, access: Access = Depends(require("incidents", "write")),
                    session: Session = Depends(get_session)) -> IncidentOut:
    """Record an incident."""
    incident = service.create_incident(session, data=data, actor=access.principal.username)
    response.headers["ETag"] = etag(incident.version)
    response.headers["Location"] = f"{router.prefix}/{incident.id}"
    return incident


@router.patch("/{incident_id}", response_model=IncidentOut)
def update_incident(
    fields: IncidentFields, response: Response, access: Access = Depends(require("incidents", "write")),
    incident_id: int = IncidentId, version: int = Depends(expected_version), session: Session = Depends(get_session),
) -> IncidentOut:
    """Edit an incident at the version named by If-Match (412 when someone changed it since)."""
    incident = service.update_incident(session, incident_id=incident_id, expected_version=version, fields=fields,
                                       actor=access.principal.username)
    response.headers["ETag"] = etag(incident.version)
    return incident

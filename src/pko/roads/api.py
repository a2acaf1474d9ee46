"""Routes of stored road networks: list and read them (incidents:read), import one (incidents:write), plan routes."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.http import Page, Paging, etag, get_session, paging, upload_limit
from pko.roads import density, planning, service
from pko.roads.schemas import ImportOut, NetworkIn, NetworkOut, PlanIn, PlanOut
from pko.safety.routes import Kernel

router = APIRouter(prefix="/api/v1/roads", tags=["roads"])
NetworkId = Path(..., ge=1, le=2**31 - 1)


@router.get("/networks", response_model=Page[NetworkOut], dependencies=[Depends(require("incidents", "read"))])
def list_networks(page: Paging = Depends(paging), session: Session = Depends(get_session)) -> Page[NetworkOut]:
    """Stored road networks by name."""
    rows = service.list_networks(session)
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=["road_network"],
                items=rows[page.offset:page.offset + page.limit])


@router.get("/networks/{network_id}", response_model=NetworkOut, dependencies=[Depends(require("incidents", "read"))])
def get_network(response: Response, network_id: int = NetworkId, session: Session = Depends(get_session)) -> NetworkOut:
    """One stored network; its ETag is its version (it bumps each time the name is imported anew)."""
    network = NetworkOut.model_validate(service.network_row(session, network_id=network_id))
    response.headers["ETag"] = etag(network.version)
    return network


@router.get("/networks/{network_id}/roads", dependencies=[Depends(require("incidents", "read"))])
def network_roads(network_id: int = NetworkId, session: Session = Depends(get_session)) -> dict:
    """The network's roads as a GeoJSON FeatureCollection."""
    return service.segments_geojson(session, service.network_row(session, network_id=network_id))


@router.get("/networks/{network_id}/density", dependencies=[Depends(require("incidents", "read"))])
def network_density(
    network_id: int = NetworkId,
    incident_type: str = Query(density.DEFAULT_TYPE, max_length=30, description="Incident type counted, or 'all'"),
    within_m: float = Query(density.DEFAULT_WITHIN_M, ge=1, le=100_000,
                            description="Farthest an incident may lie from its road segment (metres)"),
    since: date | None = Query(None, description="Only incidents on or after this date"),
    until: date | None = Query(None, description="Only incidents on or before this date"),
    session: Session = Depends(get_session),
) -> dict:
    """Every road segment as a GeoJSON LineString with its incidents and incidents per km (explosive devices by
    default); the parameters and the incidents away from roads in the collection's properties."""
    return density.road_density(session, network_id=network_id, incident_type=incident_type, within_m=within_m,
                                since=since, until=until)


@router.post("/networks", response_model=ImportOut, max_body_size=upload_limit())
def import_network(data: NetworkIn, response: Response, access: Access = Depends(require("incidents", "write")),
                   session: Session = Depends(get_session)) -> ImportOut:
    """Store a GeoJSON network under a name: the same contents change nothing, new contents replace that name."""
    result = service.import_body(session, data=data, actor=access.principal.username)
    response.status_code = 201 if result.outcome == "created" else 200
    response.headers["ETag"] = etag(result.network.version)
    response.headers["Location"] = f"{router.prefix}/networks/{result.network.id}"
    return result


@router.post("/networks/{network_id}/plan", response_model=PlanOut, dependencies=[Depends(require("incidents", "read"))])
def plan(data: PlanIn, network_id: int = NetworkId, session: Session = Depends(get_session)) -> PlanOut:
    """Shortest, least-risk and k - 1 alternative routes for each pair, edge risk from the incident log."""
    return planning.plan_routes(session, network_id=network_id, pairs=data.pairs, k=data.k, since=data.since,
                                as_of=data.as_of, incident_type=data.incident_type,
                                kernel=Kernel(bandwidth_m=data.bandwidth_m, half_life_days=data.half_life_days))

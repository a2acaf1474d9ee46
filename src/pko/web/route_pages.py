"""The route planner: pick a stored road network and two places, see the shortest, least-risk and alternative routes."""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.errors import NotFound, QueryError
from pko.http import get_session
from pko.roads import density, planning, service
from pko.roads.schemas import PairIn
from pko.safety.routes import Kernel
from pko.web.pages import render, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse,
                   dependencies=[Depends(require("incidents", "read"))])
PLACES_LISTED = 400


@router.get("/routes", name="routes")
def routes_page(request: Request, session: Session = Depends(get_session)):
    """The planner's form and map, with Mali's largest places offered by name."""
    return render(request, session, "routes.html", title="Route planner", section="safety",
                  networks=service.list_networks(session), places=planning.place_names(session, "Mali", PLACES_LISTED),
                  kernel=Kernel())


@router.get("/routes/roads", response_class=JSONResponse)
def network_roads(network: int = Query(..., ge=1, le=2**31 - 1), session: Session = Depends(get_session)):
    """A stored network's roads as GeoJSON for the map."""
    try:
        return service.segments_geojson(session, service.network_row(session, network_id=network))
    except NotFound as error:
        return JSONResponse({"detail": str(error)}, status_code=404)


@router.get("/routes/density", response_class=JSONResponse)
def network_density(network: int = Query(..., ge=1, le=2**31 - 1), session: Session = Depends(get_session)):
    """Explosive devices per segment of a stored network as GeoJSON for the map's density layer."""
    try:
        return density.road_density(session, network_id=network)
    except NotFound as error:
        return JSONResponse({"detail": str(error)}, status_code=404)


@router.get("/routes/plan")
def plan_page(
    request: Request, network: int = Query(..., ge=1, le=2**31 - 1),
    origin: str = Query(..., min_length=1, max_length=200), destination: str = Query(..., min_length=1, max_length=200),
    k: int = Query(3, ge=1, le=10), since: str = Query("", max_length=10),
    bandwidth_m: float = Query(Kernel.bandwidth_m, ge=1, le=100_000),
    half_life_days: float = Query(Kernel.half_life_days, ge=1, le=36_500),
    session: Session = Depends(get_session),
):
    """The routes between the two places (an htmx fragment: the table and the GeoJSON the map draws)."""
    try:
        begin = date.fromisoformat(since) if since.strip() else None
        pair = PairIn(origin=planning.resolve_place(session, origin),
                      destination=planning.resolve_place(session, destination))
        found = planning.plan_routes(session, network_id=network, pairs=[pair], k=k, since=begin,
                                     kernel=Kernel(bandwidth_m=bandwidth_m, half_life_days=half_life_days))
    except (QueryError, NotFound, ValidationError, ValueError) as error:
        message = str(error).splitlines()[0] if not isinstance(error, ValidationError) else \
            "; ".join(e["msg"] for e in error.errors())
        return templates.TemplateResponse(request, "partials/_route_plan.html", {"problem": message}, status_code=422)
    return templates.TemplateResponse(request, "partials/_route_plan.html",
                                      {"found": found, "plan": found.plans[0], "data": json.dumps(planning.plan_geojson(found))})

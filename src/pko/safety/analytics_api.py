"""Routes of fatality analytics and threat engines: rates, two-year comparisons, hotspots, convoy route plans."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.errors import QueryError
from pko.http import Page, Paging, get_session, paging, upload_limit
from pko.safety import analytics, hotspots as hot_engine, routes as route_engine

router = APIRouter(prefix="/api/v1/safety", tags=["safety"], dependencies=[Depends(require("record", "read"))])

Latitude = Field(ge=-90, le=90)
Longitude = Field(ge=-180, le=180)


class RateRow(BaseModel):
    """Uniformed fatalities of one mission or contributor in one year, per 1,000 uniformed personnel."""

    mission: str | None = None
    country: str | None = None
    year: int
    fatalities: int
    personnel: float | None
    rate_per_1000: float | None
    rate_low: float | None
    rate_high: float | None
    source: str | None
    granularity: str | None
    complete: bool | None
    note: str | None


class Incident(BaseModel):
    """One incident: where, and optionally when."""

    latitude: float = Latitude
    longitude: float = Longitude
    date: dt.date | None = None


class HotspotsIn(BaseModel):
    """Incidents and the parameters of the Gi* analysis."""

    incidents: list[Incident] = Field(min_length=1, max_length=200_000)
    resolution: int = Field(6, ge=0, le=12)
    rings: int = Field(hot_engine.RINGS, ge=1, le=5)
    alpha: float = Field(hot_engine.ALPHA, gt=0, le=0.5)


class Line(BaseModel):
    """A road: a GeoJSON LineString geometry."""

    type: Literal["LineString"]
    coordinates: list[tuple[float, float]] = Field(min_length=2, max_length=100_000)


class Road(BaseModel):
    """A GeoJSON Feature holding one road."""

    type: Literal["Feature"] = "Feature"
    geometry: Line
    properties: dict[str, Any] | None = None


class Network(BaseModel):
    """A GeoJSON FeatureCollection of roads."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Road] = Field(min_length=1, max_length=50_000)


class Place(BaseModel):
    """A place as latitude and longitude."""

    latitude: float = Latitude
    longitude: float = Longitude


class Pair(BaseModel):
    """An origin and a destination."""

    origin: Place
    destination: Place


class PlanIn(BaseModel):
    """A road network, incidents, and the pairs to route between."""

    network: Network
    incidents: list[Incident] = Field(default=[], max_length=200_000)
    pairs: list[Pair] = Field(min_length=1, max_length=100)
    k: int = Field(1, ge=1, le=5)
    bandwidth_m: float = Field(route_engine.Kernel.bandwidth_m, ge=1, le=100_000)
    half_life_days: float = Field(route_engine.Kernel.half_life_days, ge=1, le=36_500)
    as_of: dt.date | None = None


@router.get("/rates", response_model=Page[RateRow])
def rates(
    by: str = Query(..., description="mission or country"),
    year: int | None = Query(None, ge=1900, le=2100),
    incident_type: str | None = Query(None, description="Illness, Accident, Malicious Act, ..."),
    mission: str | None = Query(None, description="Mission acronym"),
    release: dt.date | None = Query(None, description="Fatalities release (default: the newest)"),
    page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[RateRow]:
    """Uniformed fatalities per 1,000 uniformed personnel per year, each with the source and granularity of its exposure."""
    found = analytics.rates(session, by, year=year, incident_type=incident_type, mission=mission, release=release)
    rows = found["rows"]
    items = [RateRow(**row) for row in rows[page.offset:page.offset + page.limit]]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=found["sources"], items=items)


@router.get("/compare")
def compare(
    year_from: int = Query(..., alias="from", ge=1900, le=2100),
    year_to: int = Query(..., alias="to", ge=1900, le=2100),
    incident_type: str | None = Query(None), mission: str | None = Query(None),
    personnel: str = Query("uniformed", description="uniformed, all, or one personnel type"),
    release: dt.date | None = Query(None, description="Fatalities release (default: the newest)"),
    session: Session = Depends(get_session),
) -> dict[str, Any]:
    """Fatalities in one year against another: Poisson rate ratio with 95% interval and p-value; each mission's share."""
    return analytics.compare(session, year_from, year_to, incident_type=incident_type, mission=mission, personnel=personnel,
                             release=release)


def _columns(incidents: list[Incident]) -> tuple[np.ndarray, np.ndarray, list[dt.date | None]]:
    return (np.array([i.latitude for i in incidents], float), np.array([i.longitude for i in incidents], float),
            [i.date for i in incidents])


@router.post("/hotspots", max_body_size=upload_limit())
def hotspots(body: HotspotsIn) -> dict[str, Any]:
    """Gi* hot and cold spots of the incidents on H3 cells, as GeoJSON hexagons (trends per cell when all are dated)."""
    lat, lon, dates = _columns(body.incidents)
    years = np.array([d.year for d in dates]) if all(dates) else None
    try:
        found = hot_engine.hotspots(lat, lon, body.resolution, years=years, rings=body.rings, alpha=body.alpha)
    except ValueError as error:
        raise QueryError(str(error))
    return hot_engine.geojson(found)


@router.post("/routes/plan", max_body_size=upload_limit())
def plan(body: PlanIn) -> dict[str, Any]:
    """Shortest, least-risk and k alternative routes per pair, as GeoJSON with length and expected incidents."""
    kernel = route_engine.Kernel(bandwidth_m=body.bandwidth_m, half_life_days=body.half_life_days)
    try:
        net = route_engine.network_from_geojson(body.network.model_dump())
        if len(net.length) == 0:
            raise ValueError("the road network has no edge of non-zero length")
        risk = np.zeros(len(net.length))
        if body.incidents:
            lat, lon, dates = _columns(body.incidents)
            known = [d for d in dates if d]
            as_of = body.as_of or (max(known) if known else None)
            age = np.array([max((as_of - d).days, 0) if d and as_of else 0 for d in dates], float)
            risk = route_engine.edge_risk(net, lat, lon, age, kernel)
        pairs = [((p.origin.latitude, p.origin.longitude), (p.destination.latitude, p.destination.longitude))
                 for p in body.pairs]
        plans = route_engine.plan(net, risk, pairs, k=body.k)
    except ValueError as error:
        raise QueryError(str(error))
    return route_engine.geojson(net, plans, kernel)

"""Incidents per road segment of a stored network, from the incident log: counts and incidents per km as GeoJSON."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.errors import QueryError
from pko.roads.planning import graph
from pko.roads.service import network_row
from pko.safety.routes import segment_density

DEFAULT_TYPE = "explosive-device"
ALL_TYPES = "all"
DEFAULT_WITHIN_M = 500.0
METHOD = ("each incident counts once, on the road segment (graph edge between two road vertices, long ones split "
          "into edges of at most 500 m) nearest to it, if it lies within {within:g} m; per km = incidents / segment "
          "length in km")


def _box(network, within_m: float) -> tuple[float, float, float, float]:
    dlat = within_m / 110_574.0
    widest = min(89.0, max(abs(network.min_lat), abs(network.max_lat)) + dlat)
    dlon = within_m / (111_320.0 * np.cos(np.radians(widest)))
    return network.min_lon - dlon, network.min_lat - dlat, network.max_lon + dlon, network.max_lat + dlat


def road_density(session: Session, *, network_id: int | None = None, name: str | None = None,
                 incident_type: str | None = DEFAULT_TYPE, within_m: float = DEFAULT_WITHIN_M,
                 since: date | None = None, until: date | None = None) -> dict:
    """Every segment of the network as a GeoJSON LineString with its incidents and incidents per km; the
    collection's properties state the parameters, how many incidents matched and how many lay away from roads."""
    from pko.incidents.models import Incident
    from pko.incidents.vocabulary import incident_type as canonical_type

    if not (within_m > 0 and np.isfinite(within_m)):
        raise QueryError("within must be a positive number of metres")
    if since and until and since > until:
        raise QueryError(f"since {since.isoformat()} comes after until {until.isoformat()}")
    kind = (incident_type or "").strip().lower() or DEFAULT_TYPE
    if kind != ALL_TYPES:
        try:
            kind = canonical_type(kind)
        except ValueError as error:
            raise QueryError(f"{error}, or '{ALL_TYPES}'") from None
    network = network_row(session, network_id=network_id, name=name)
    net = graph(session, network)

    matched = []
    if kind != ALL_TYPES:
        matched.append(Incident.incident_type == kind)
    if since is not None:
        matched.append(Incident.incident_date >= since)
    if until is not None:
        matched.append(Incident.incident_date <= until)
    placed = [Incident.latitude.is_not(None), Incident.longitude.is_not(None)]
    total = session.scalar(select(func.count()).select_from(Incident).where(*matched)) or 0
    with_place = session.scalar(select(func.count()).select_from(Incident).where(*matched, *placed)) or 0
    west, south, east, north = _box(network, within_m)
    rows = session.execute(select(Incident.latitude, Incident.longitude).where(
        *matched, Incident.latitude.between(south, north), Incident.longitude.between(west, east))
        .order_by(Incident.id)).all()
    counts, away_near = segment_density(net, np.array([r[0] for r in rows], float),
                                        np.array([r[1] for r in rows], float), within_m)
    on_roads = int(counts.sum())
    length_km = net.length / 1000
    per_km = np.divide(counts, length_km, out=np.zeros(len(counts)), where=length_km > 0)
    features = [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [
        [round(float(net.lon[a]), 7), round(float(net.lat[a]), 7)],
        [round(float(net.lon[b]), 7), round(float(net.lat[b]), 7)]]},
        "properties": {"segment": e, "incidents": int(counts[e]), "length_km": round(float(length_km[e]), 4),
                       "per_km": round(float(per_km[e]), 4)}}
        for e, (a, b) in enumerate(zip(net.edge_from.tolist(), net.edge_to.tolist()))]
    return {"type": "FeatureCollection", "features": features, "properties": {
        "network": network.name, "network_id": network.id, "network_version": network.version,
        "incident_type": kind, "within_m": within_m, "since": since and since.isoformat(),
        "until": until and until.isoformat(), "source": "incident log",
        "incidents_matched": int(total), "without_coordinates": int(total - with_place),
        "on_roads": on_roads, "away_from_roads": int(with_place - on_roads),
        "away_beyond_extent": int(with_place - len(rows)), "segments": len(features),
        "segments_with_incidents": int((counts > 0).sum()), "max_per_km": round(float(per_km.max(initial=0)), 4),
        "method": METHOD.format(within=within_m), "notes": net.notes}}


def summary(found: dict) -> list[str]:
    """The collection's parameters and totals in words."""
    p = found["properties"]
    dates = (f" from {p['since']}" if p["since"] else "") + (f" to {p['until']}" if p["until"] else "")
    lines = [f"{p['incidents_matched']:,} {p['incident_type']} incidents in the log{dates}: {p['on_roads']:,} on "
             f"{p['segments_with_incidents']:,} of {p['segments']:,} segments; {p['away_from_roads']:,} farther than "
             f"{p['within_m']:g} m from any road ({p['away_beyond_extent']:,} of them beyond the network's extent)"]
    if p["without_coordinates"]:
        lines.append(f"{p['without_coordinates']:,} without coordinates, not placed")
    return [*lines, p["method"], *p["notes"]]

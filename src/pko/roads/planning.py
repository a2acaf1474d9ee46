"""Route plans on stored networks: the CSR graph built once per network version, edge risk from the incident log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.spatial import cKDTree
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.errors import QueryError
from pko.memo import Kept
from pko.roads.models import RoadNetwork
from pko.roads.schemas import KernelOut, NearIncident, NetworkOut, PairIn, PairPlan, PlanOut, Point, RouteOut
from pko.roads.service import network_row, segments_geojson
from pko.safety import routes as engine

CACHED_GRAPHS = 4
NEAR_LISTED = 500
graphs: Kept[engine.Network] = Kept(CACHED_GRAPHS)


@dataclass
class Incidents:
    """Incidents to weigh: where, when, what, and where they came from."""

    ids: list
    types: list
    dates: list
    latitude: np.ndarray
    longitude: np.ndarray
    source: str


def graph(session: Session, network: RoadNetwork) -> engine.Network:
    """The network's CSR graph, built once per (database, id, version, checksum) and kept for the process."""
    key = (str(session.get_bind().url), network.id, network.version, network.checksum)
    return graphs.get(key, lambda: engine.network_from_geojson(segments_geojson(session, network)),
                      stale=lambda other: other[:2] == key[:2])


def _reach_box(network: RoadNetwork, reach_m: float) -> tuple[float, float, float, float]:
    dlat = reach_m / 110_574.0
    widest = min(89.0, max(abs(network.min_lat), abs(network.max_lat)) + dlat)
    dlon = reach_m / (111_320.0 * np.cos(np.radians(widest)))
    return network.min_lon - dlon, network.min_lat - dlat, network.max_lon + dlon, network.max_lat + dlat


def stored_incidents(session: Session, network: RoadNetwork, kernel: engine.Kernel, *, since: date | None,
                     as_of: date, incident_type: str | None) -> Incidents:
    """Incidents of the log with coordinates, within the kernel's reach of the network's box, up to `as_of`."""
    from pko.incidents.models import Incident
    from pko.incidents.vocabulary import incident_type as canonical_type

    west, south, east, north = _reach_box(network, kernel.cutoff * kernel.bandwidth_m)
    query = select(Incident.id, Incident.incident_type, Incident.incident_date, Incident.latitude,
                   Incident.longitude).where(
        Incident.latitude.between(south, north), Incident.longitude.between(west, east),
        Incident.incident_date <= as_of)
    if since is not None:
        query = query.where(Incident.incident_date >= since)
    if incident_type:
        try:
            query = query.where(Incident.incident_type == canonical_type(incident_type))
        except ValueError as error:
            raise QueryError(str(error)) from None
    rows = session.execute(query.order_by(Incident.id)).all()
    return Incidents([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                     np.array([r[3] for r in rows], float), np.array([r[4] for r in rows], float), "incident log")


def place_names(session: Session, country: str, limit: int) -> list[str]:
    """Names of a country's populated places with coordinates, largest first (as far as known), then sorted."""
    from pko.locations.models import PopulatedPlace

    names = session.scalars(
        select(PopulatedPlace.name).where(func.lower(PopulatedPlace.country) == country.lower(),
                                          PopulatedPlace.name.is_not(None), PopulatedPlace.latitude.is_not(None))
        .order_by(PopulatedPlace.population.is_(None), PopulatedPlace.population.desc(), PopulatedPlace.name)
        .limit(limit)).all()
    return sorted(set(names))


def resolve_place(session: Session, text: str) -> Point:
    """'LAT,LON' as a point, or a populated place by name (exact name first, then the largest that contains it)."""
    value = text.strip()
    parts = value.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            pass
        else:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise QueryError(f"'{text}' lies outside latitude -90..90, longitude -180..180")
            return Point(lat=lat, lon=lon)
    from pko.locations.models import PopulatedPlace

    if not value or len(value) > 200:
        raise QueryError(f"'{text}' is not LAT,LON nor a place name")
    needle = value.lower()
    base = select(PopulatedPlace).where(PopulatedPlace.latitude.is_not(None), PopulatedPlace.longitude.is_not(None))
    ordered = (PopulatedPlace.population.is_(None), PopulatedPlace.population.desc(), PopulatedPlace.id)
    place = session.scalars(base.where(func.lower(PopulatedPlace.name) == needle).order_by(*ordered).limit(1)).first()
    if place is None:
        place = session.scalars(base.where(func.lower(PopulatedPlace.name).contains(needle, autoescape=True))
                                .order_by(*ordered).limit(1)).first()
    if place is None:
        raise QueryError(f"'{text}' is not LAT,LON nor a known place")
    return Point(lat=place.latitude, lon=place.longitude, name=place.name)


def _ages(incidents: Incidents, as_of: date) -> np.ndarray:
    return np.array([max((as_of - day).days, 0) if day is not None else 0 for day in incidents.dates], float)


def plan_routes(session: Session, *, pairs: list[PairIn], network_id: int | None = None, name: str | None = None,
                k: int = 1, since: date | None = None, as_of: date | None = None, incident_type: str | None = None,
                kernel: engine.Kernel = engine.Kernel(), incidents: Incidents | None = None) -> PlanOut:
    """Shortest, least-risk and k - 1 alternative routes for each pair on a stored network, edge risk from the
    incident log (or the incidents given) by the kernel; each route with length, expected and nearby incidents."""
    network = network_row(session, network_id=network_id, name=name)
    if since and as_of and since > as_of:
        raise QueryError(f"since {since.isoformat()} comes after as_of {as_of.isoformat()}")
    day = as_of or date.today()
    net = graph(session, network)
    if incidents is None:
        incidents = stored_incidents(session, network, kernel, since=since, as_of=day, incident_type=incident_type)
    else:
        keep = np.array([(d is None or ((since is None or d >= since) and d <= day)) for d in incidents.dates], bool)
        incidents = Incidents([v for v, x in zip(incidents.ids, keep) if x], [v for v, x in zip(incidents.types, keep) if x],
                              [v for v, x in zip(incidents.dates, keep) if x], incidents.latitude[keep],
                              incidents.longitude[keep], incidents.source)
    risk = engine.edge_risk(net, incidents.latitude, incidents.longitude, _ages(incidents, day), kernel)
    found = engine.plan(net, risk, [((p.origin.lat, p.origin.lon), (p.destination.lat, p.destination.lon)) for p in pairs], k=k)
    reach = kernel.cutoff * kernel.bandwidth_m
    tree = None
    if len(incidents.latitude):
        px, py = net.project.transform(incidents.longitude, incidents.latitude)
        tree = cKDTree(np.column_stack([px, py]))
    near_all: set[int] = set()
    plans = []
    for number, (pair, result) in enumerate(zip(pairs, found), start=1):
        routes = []
        for route in result.routes:
            near: set[int] = set()
            if tree is not None and route.edges:
                edges = np.asarray(route.edges)
                mx = (net.x[net.edge_from[edges]] + net.x[net.edge_to[edges]]) / 2
                my = (net.y[net.edge_from[edges]] + net.y[net.edge_to[edges]]) / 2
                for hits in tree.query_ball_point(np.column_stack([mx, my]), reach):
                    near.update(hits)
            near_all |= near
            routes.append(RouteOut(kind=route.kind, rank=route.rank, length_m=round(route.length_m, 1),
                                   expected_incidents=round(route.expected_incidents, 6), incidents_near=len(near),
                                   coordinates=[[round(float(net.lon[n]), 7), round(float(net.lat[n]), 7)]
                                                for n in route.nodes]))
        note = None if routes else "no route: the places lie on unconnected roads"
        if max(result.snap_m) > 1000:
            note = (note + "; " if note else "") + (f"origin {result.snap_m[0]:,.0f} m and destination "
                                                    f"{result.snap_m[1]:,.0f} m from the nearest road node")
        plans.append(PairPlan(pair=number, origin=pair.origin, destination=pair.destination,
                              snap_m=[round(v, 1) for v in result.snap_m], routes=routes, note=note))
    listed = sorted(near_all)[:NEAR_LISTED]
    return PlanOut(
        network=NetworkOut.model_validate(network),
        kernel=KernelOut(bandwidth_m=kernel.bandwidth_m, cutoff=kernel.cutoff, half_life_days=kernel.half_life_days,
                         description=kernel.describe()),
        as_of=day, since=since, incidents_source=incidents.source, incidents_weighed=len(incidents.latitude),
        plans=plans,
        incidents_near=[NearIncident(id=incidents.ids[i], incident_type=incidents.types[i],
                                     incident_date=incidents.dates[i], latitude=float(incidents.latitude[i]),
                                     longitude=float(incidents.longitude[i])) for i in listed],
        notes=[*net.notes, f"incidents near a route: within {reach:g} m of one of its edges (the kernel's reach)"])


def plan_geojson(found: PlanOut) -> dict:
    """A plan as GeoJSON: one LineString per route, one Point per nearby incident; the kernel in the properties."""
    features = [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": r.coordinates},
                 "properties": {"pair": p.pair, "kind": r.kind, "rank": r.rank, "length_m": r.length_m,
                                "expected_incidents": r.expected_incidents, "incidents_near": r.incidents_near}}
                for p in found.plans for r in p.routes]
    features += [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
                  "properties": {"incident": i.id, "incident_type": i.incident_type,
                                 "incident_date": i.incident_date and i.incident_date.isoformat()}}
                 for i in found.incidents_near]
    return {"type": "FeatureCollection", "features": features,
            "properties": {"network": found.network.name, "kernel": found.kernel.model_dump(),
                           "as_of": found.as_of.isoformat(), "notes": found.notes}}

"""Use cases over stored road networks: import a file or a GeoJSON body (all-or-nothing, re-runnable), list, get."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pyproj import Geod
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.errors import NotFound, QueryError
from pko.roads.models import RoadNetwork, RoadSegment
from pko.roads.readers import Road, file_format, geojson_roads, read_roads
from pko.roads.schemas import ImportOut, NetworkIn, NetworkOut
from pko.sources.base import sha256_of
from pko.sources.report import SourceError

GEOD = Geod(ellps="WGS84")
BATCH = 5000


def _snapshot(network: RoadNetwork) -> dict:
    return NetworkOut.model_validate(network).model_dump(mode="json")


def _length_km(roads: list[Road]) -> float:
    lon1, lat1, lon2, lat2 = [], [], [], []
    for road in roads:
        points = np.asarray(road.coordinates, float)
        lon1.append(points[:-1, 0]), lat1.append(points[:-1, 1]), lon2.append(points[1:, 0]), lat2.append(points[1:, 1])
    distance = GEOD.inv(*(np.concatenate(part) for part in (lon1, lat1, lon2, lat2)))[2]
    return float(np.sum(distance)) / 1000


def store_network(session: Session, *, name: str, roads: list[Road], source_file: str, source_format: str,
                  checksum: str, actor: str) -> ImportOut:
    """Store roads as network `name`: the same contents again change nothing, new contents under a stored name
    replace it (its version bumps), all in the caller's transaction."""
    same = session.scalar(select(RoadNetwork).where(RoadNetwork.checksum == checksum).order_by(RoadNetwork.id))
    if same is not None:
        return ImportOut(outcome="unchanged", network=NetworkOut.model_validate(same))
    everything = np.concatenate([np.asarray(road.coordinates, float) for road in roads])
    fields = dict(source_file=source_file[-300:], source_format=source_format, checksum=checksum, segments=len(roads),
                  length_km=round(_length_km(roads), 3), min_lon=float(everything[:, 0].min()),
                  min_lat=float(everything[:, 1].min()), max_lon=float(everything[:, 0].max()),
                  max_lat=float(everything[:, 1].max()), imported_by=actor,
                  imported_at=datetime.now(timezone.utc).replace(tzinfo=None))
    network = session.scalar(select(RoadNetwork).where(RoadNetwork.name == name))
    before = None
    if network is None:
        network = RoadNetwork(name=name, **fields)
        session.add(network)
        outcome = "created"
    else:
        before = _snapshot(network)
        session.execute(delete(RoadSegment).where(RoadSegment.network_id == network.id))
        for key, value in fields.items():
            setattr(network, key, value)
        outcome = "replaced"
    session.flush()
    rows = [{"network_id": network.id, "position": position, "feature": road.feature, "name": road.name,
             "highway": road.highway, "oneway": road.oneway, "coordinates": road.coordinates}
            for position, road in enumerate(roads)]
    statement = insert(RoadSegment.__table__)  # Core executemany: the ORM path would insert row by row
    for start in range(0, len(rows), BATCH):
        session.connection().execute(statement, rows[start:start + BATCH])
    audit.record(session, actor=actor, action="import" if before is None else "replace", record_type="road_network",
                 record_id=network.id, before=before, after=_snapshot(network))
    return ImportOut(outcome=outcome, network=NetworkOut.model_validate(network))


def import_file(session: Session, *, path: Path, name: str | None, actor: str) -> ImportOut:
    """Read a GeoJSON or OSM road file (SourceError on a bad feature) and store it as network `name`
    (default: the file's name without its suffixes)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, None, None, "no such file")
    kind = file_format(path)
    checksum = sha256_of(path)
    same = session.scalar(select(RoadNetwork).where(RoadNetwork.checksum == checksum).order_by(RoadNetwork.id))
    if same is not None:
        return ImportOut(outcome="unchanged", network=NetworkOut.model_validate(same))
    roads = read_roads(path)
    label = (name or path.name.split(".")[0]).strip()
    if not label or len(label) > 120:
        raise QueryError("a network name has 1 to 120 characters")
    return store_network(session, name=label, roads=roads, source_file=path.name, source_format=kind,
                         checksum=checksum, actor=actor)


def import_body(session: Session, *, data: NetworkIn, actor: str) -> ImportOut:
    """Store a GeoJSON body sent on the API; a bad feature is a QueryError naming it."""
    text = json.dumps(data.geojson, sort_keys=True, separators=(",", ":"))
    try:
        roads = geojson_roads(data.geojson, Path("geojson"))
    except SourceError as error:
        raise QueryError(str(error)) from None
    if not roads:
        raise QueryError("the network holds no road")
    return store_network(session, name=data.name, roads=roads, source_file="(API body)", source_format="geojson",
                         checksum=hashlib.sha256(text.encode()).hexdigest(), actor=actor)


def list_networks(session: Session) -> list[NetworkOut]:
    """Stored networks by name."""
    return [NetworkOut.model_validate(n) for n in session.scalars(select(RoadNetwork).order_by(RoadNetwork.name))]


def network_row(session: Session, *, network_id: int | None = None, name: str | None = None) -> RoadNetwork:
    """A stored network by id or name (NotFound otherwise)."""
    if network_id is not None:
        network = session.get(RoadNetwork, network_id)
    else:
        network = session.scalar(select(RoadNetwork).where(RoadNetwork.name == (name or "").strip()))
    if network is None:
        raise NotFound(f"no road network {network_id if network_id is not None else repr(name)}")
    return network


def segments_geojson(session: Session, network: RoadNetwork) -> dict:
    """The network's roads as a GeoJSON FeatureCollection, in import order."""
    rows = session.execute(select(RoadSegment.feature, RoadSegment.name, RoadSegment.highway, RoadSegment.oneway,
                                  RoadSegment.coordinates).where(RoadSegment.network_id == network.id)
                           .order_by(RoadSegment.position))
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"feature": feature, "name": name, "highway": highway,
                                           "oneway": "yes" if oneway else "no"},
         "geometry": {"type": "LineString", "coordinates": coordinates}}
        for feature, name, highway, oneway, coordinates in rows]}

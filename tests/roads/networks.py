"""Small hand-made road networks written as the files users bring, and incidents stored in the log."""

from __future__ import annotations

import json
import math
from datetime import date

from pyproj import Geod

GEOD = Geod(ellps="WGS84")
# A kite of four places, every road shorter than 500 m so none is split: A-B-C runs along the equator,
# D lies north of B; A-D-C is the detour, B-D the cross road. (lat, lon)
A, B, C, D = (0.0, 0.0), (0.0, 0.003), (0.0, 0.006), (0.003, 0.003)
MID_AB = (0.0, 0.0015)


def metres(p, q) -> float:
    """Geodesic distance between two (lat, lon) places."""
    return GEOD.inv(p[1], p[0], q[1], q[0])[2]


def density(distance_m: float, bandwidth_m: float) -> float:
    """The kernel's Gaussian line density per metre."""
    return math.exp(-distance_m ** 2 / (2 * bandwidth_m ** 2)) / (math.sqrt(2 * math.pi) * bandwidth_m)


def road(*points, **properties) -> dict:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}}


def kite(folder, name: str = "kite.geojson") -> str:
    """The kite as a GeoJSON file; returns its path."""
    path = folder / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        road(A, B, name="RN16", highway="primary"), road(B, C, name="RN16", highway="primary"),
        road(A, D, highway="track"), road(D, C, highway="track"), road(B, D)]}))
    return str(path)


OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
 <node id="1" lat="{A[0]}" lon="{A[1]}"/>
 <node id="2" lat="{B[0]}" lon="{B[1]}"/>
 <node id="3" lat="{C[0]}" lon="{C[1]}"/>
 <node id="4" lat="{D[0]}" lon="{D[1]}"/>
 <node id="5" lat="0.5" lon="0.5"><tag k="place" v="village"/></node>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v="RN16"/></way>
 <way id="11"><nd ref="1"/><nd ref="4"/><nd ref="3"/><tag k="highway" v="track"/></way>
 <way id="12"><nd ref="2"/><nd ref="4"/><tag k="highway" v="unclassified"/></way>
 <way id="13"><nd ref="1"/><nd ref="5"/><tag k="building" v="yes"/></way>
</osm>
"""


def kite_osm(folder, extra: str = "") -> str:
    """The kite as an OSM XML extract (plus a building way that is no road); returns its path."""
    path = folder / "kite.osm"
    path.write_text(OSM.format(A=A, B=B, C=C, D=D).replace("</osm>", extra + "</osm>"))
    return str(path)


def store_incident(engine, place, day: date, kind: str = "explosive-device") -> None:
    """One incident in the log at a (lat, lon) place."""
    from pko.db import session_scope
    from pko.incidents.models import Incident

    with session_scope(engine) as session:
        session.add(Incident(incident_type=kind, incident_date=day, latitude=place[0], longitude=place[1],
                             mission="MINUSMA", units=[], source="test", confidence="confirmed",
                             fatality_casualty_ids=[]))

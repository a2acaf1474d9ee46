"""Readers of road files: GeoJSON LineStrings / MultiLineStrings, and OSM extracts (XML or PBF) through pyosmium."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from pko.sources.report import SourceError

OSM_SUFFIXES = (".osm", ".osm.pbf", ".pbf", ".osm.bz2", ".osm.gz", ".osc")
ONEWAY = {"yes", "true", "1"}


@dataclass
class Road:
    """One road read from a file: where it came from, its name and class, and its [lon, lat] positions."""

    feature: str
    name: str | None
    highway: str | None
    oneway: bool
    coordinates: list[list[float]]


def file_format(path: Path) -> str:
    """'osm' or 'geojson', from the file name."""
    name = path.name.lower()
    if name.endswith(OSM_SUFFIXES):
        return "osm"
    if name.endswith((".geojson", ".json")):
        return "geojson"
    raise SourceError(path, None, None, "not a road file: expected .geojson/.json or an OSM extract (.osm, .osm.pbf)")


def read_roads(path: Path) -> list[Road]:
    """The roads of a GeoJSON or OSM file; a bad feature raises SourceError naming it."""
    roads = read_osm(path) if file_format(path) == "osm" else read_geojson(path)
    if not roads:
        raise SourceError(path, None, None, "the file holds no road")
    return roads


def _position(path: Path, row: int, field: str, value) -> list[float]:
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        raise SourceError(path, row, field, f"{json.dumps(value)[:60]} is not a [lon, lat] position")
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        raise SourceError(path, row, field, f"{json.dumps(value)[:60]} is not a [lon, lat] position") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise SourceError(path, row, field, f"[{lon}, {lat}] lies outside [-180, 180] x [-90, 90]")
    return [lon, lat]


def _text(value, size: int = 200) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()[:size]


def read_geojson(path: Path) -> list[Road]:
    """Roads of a GeoJSON FeatureCollection (or one Feature / geometry); row = the feature's number from 1."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(path, None, None, f"not valid JSON: {error}") from None
    return geojson_roads(document, path)


def geojson_roads(document, path: Path) -> list[Road]:
    """Roads of a parsed GeoJSON document; `path` names it in errors."""
    if not isinstance(document, dict):
        raise SourceError(path, None, None, "not a GeoJSON object")
    if document.get("type") == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise SourceError(path, None, "features", "a FeatureCollection needs a list of features")
    elif document.get("type") == "Feature":
        features = [document]
    else:
        features = [{"type": "Feature", "geometry": document}]
    roads = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise SourceError(path, number, None, "a feature must be an object")
        geometry = feature.get("geometry")
        properties = feature.get("properties") or {}
        if not isinstance(geometry, dict):
            raise SourceError(path, number, "geometry", "missing")
        if not isinstance(properties, dict):
            raise SourceError(path, number, "properties", "must be an object")
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "LineString":
            parts = [coordinates]
        elif kind == "MultiLineString" and isinstance(coordinates, list):
            parts = coordinates
        else:
            raise SourceError(path, number, "geometry.type", f"{kind!r} is not a LineString or MultiLineString")
        for part_number, part in enumerate(parts, start=1):
            if not isinstance(part, list) or len(part) < 2:
                raise SourceError(path, number, "geometry.coordinates", "a line needs at least two positions")
            line = [_position(path, number, "geometry.coordinates", value) for value in part]
            label = str(number) if len(parts) == 1 else f"{number}.{part_number}"
            roads.append(Road(label, _text(properties.get("name")), _text(properties.get("highway"), 40),
                              str(properties.get("oneway", "no")).lower() in ONEWAY, line))
    return roads


def read_osm(path: Path) -> list[Road]:
    """Ways tagged highway=* of an OSM extract, with node locations; row = the way's OSM id."""
    import osmium

    roads = []
    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY).with_locations()
        for way in processor:
            if not way.is_way() or "highway" not in way.tags or way.tags.get("area") == "yes":
                continue
            line = []
            for ref in way.nodes:
                if not ref.location.valid():
                    raise SourceError(path, way.id, "nd", f"way {way.id}: node {ref.ref} is not in the file")
                line.append(_position(path, way.id, "nd", [ref.lon, ref.lat]))
            if len(line) < 2:
                raise SourceError(path, way.id, "nd", f"way {way.id}: a road needs at least two nodes")
            oneway = way.tags.get("oneway", "no")
            if oneway == "-1":
                line, oneway = line[::-1], "yes"
            roads.append(Road(f"way/{way.id}", _text(way.tags.get("name") or way.tags.get("ref")),
                              _text(way.tags.get("highway"), 40), oneway.lower() in ONEWAY, line))
    except RuntimeError as error:
        raise SourceError(path, None, None, f"not a readable OSM file: {error}") from None
    return roads

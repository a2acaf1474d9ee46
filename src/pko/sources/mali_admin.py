"""Reader of Mali's administrative boundaries (OCHA COD-AB, 2019): country, regions, cercles with P-codes."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from shapely.geometry import shape
from shapely.validation import explain_validity

from pko.locations.models import AdminArea
from pko.sources.base import Batch
from pko.sources.report import ImportReport, SourceError

SOURCE = "mali-admin"
COMMAND = "mali-admin"
TITLE = "Mali administrative areas (OCHA COD-AB 2019), levels 0-2"
FILES = ("mali_geo/mli_admbnda_adm[0-2]_*.geojson",)
COLUMNS = ("ADM{n}_PCODE", "ADM{n}_FR", "ADM{n-1}_PCODE", "validOn")


def _level(path: Path, features: list[dict]) -> int:
    """The file's admin level: the deepest ADMn_PCODE its first feature carries."""
    levels = [int(match.group(1)) for key in features[0].get("properties", {}) if (match := re.fullmatch(r"ADM(\d)_PCODE", key))]
    if not levels:
        raise SourceError(path, None, "features[0].properties", "no ADMn_PCODE property: not an OCHA COD-AB layer")
    return max(levels)


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Validate P-codes, parents and geometries (Shapely); each level's file replaces only that level."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(path, None, None, f"not a GeoJSON file: {error}")
    features = collection.get("features") if isinstance(collection, dict) else None
    if collection.get("type") != "FeatureCollection" or not features:
        raise SourceError(path, None, "type", "not a GeoJSON FeatureCollection with features")
    level = _level(path, features)
    report.rows_read = len(features)
    areas, seen = [], set()
    for number, feature in enumerate(features):
        where = f"features[{number}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            found = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
            raise SourceError(path, None, f"{where}.type", f"expected a Feature, found '{found}'")
        properties = feature.get("properties") or {}
        pcode, name = properties.get(f"ADM{level}_PCODE"), properties.get(f"ADM{level}_FR")
        parent = properties.get(f"ADM{level - 1}_PCODE") if level else None
        for field, value in ((f"ADM{level}_PCODE", pcode), (f"ADM{level}_FR", name)):
            if not value or not str(value).strip():
                raise SourceError(path, None, f"{where}.properties.{field}", "value missing")
        if pcode in seen:
            raise SourceError(path, None, f"{where}.properties.ADM{level}_PCODE", f"P-code '{pcode}' appears twice")
        seen.add(pcode)
        if level and (not parent or not pcode.startswith(parent)):
            raise SourceError(path, None, f"{where}.properties.ADM{level - 1}_PCODE", f"parent '{parent}' is not a prefix of '{pcode}'")
        try:
            geometry = shape(feature.get("geometry") or {})
        except (ValueError, TypeError, AttributeError, IndexError) as error:
            raise SourceError(path, None, f"{where}.geometry", f"not a GeoJSON geometry: {error}")
        if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise SourceError(path, None, f"{where}.geometry", f"expected a polygon, found {geometry.geom_type}")
        if not geometry.is_valid:
            raise SourceError(path, None, f"{where}.geometry", f"invalid polygon: {explain_validity(geometry)}")
        min_lon, min_lat, max_lon, max_lat = geometry.bounds
        if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
            raise SourceError(path, None, f"{where}.geometry", "coordinates outside longitude ±180 / latitude ±90")
        try:
            valid_on = datetime.strptime(properties["validOn"], "%Y%m%d").date() if properties.get("validOn") else None
        except (TypeError, ValueError):
            raise SourceError(path, None, f"{where}.properties.validOn", f"'{properties['validOn']}' is not a date YYYYMMDD")
        areas.append({
            "source_row": number + 1, "level": level, "pcode": pcode, "name": str(name).strip(), "parent_pcode": parent,
            "valid_on": valid_on,
            "min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat,
            "geometry": json.dumps(feature["geometry"], separators=(",", ":")),
        })
    report.note(f"admin level {level}: {len(areas)} areas; source_row is the feature's position (1 = first)")
    batch = Batch(scope=f"adm{level}")
    batch.add(AdminArea, areas)
    return batch

"""Importing road networks: GeoJSON and OSM extracts stored all-or-nothing, re-runnable, bad features named."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from pko.db import session_scope
from pko.roads.models import RoadNetwork, RoadSegment

from .networks import A, B, C, D, kite, kite_osm, metres, road


def stored(engine) -> tuple[list[tuple], int]:
    with session_scope(engine) as session:
        networks = session.execute(select(RoadNetwork.name, RoadNetwork.segments, RoadNetwork.version)
                                   .order_by(RoadNetwork.name)).all()
        return [tuple(n) for n in networks], session.scalar(select(func.count()).select_from(RoadSegment))


def test_geojson_import_stores_roads_with_names_and_classes(run_cli, engine, tmp_path):
    result = run_cli("routes", "import", kite(tmp_path))
    assert result.exit_code == 0, result.output
    assert "kite: created (5 roads" in result.output
    with session_scope(engine) as session:
        network = session.scalar(select(RoadNetwork))
        roads = session.scalars(select(RoadSegment).order_by(RoadSegment.position)).all()
        assert network.source_format == "geojson" and network.segments == 5
        total = metres(A, B) + metres(B, C) + metres(A, D) + metres(D, C) + metres(B, D)
        assert network.length_km == pytest.approx(total / 1000, abs=1e-3)
        assert (network.min_lon, network.min_lat, network.max_lon, network.max_lat) == (0.0, 0.0, 0.006, 0.003)
        assert [(r.name, r.highway) for r in roads[:3]] == [("RN16", "primary"), ("RN16", "primary"), (None, "track")]
        assert roads[0].coordinates == [[0.0, 0.0], [0.003, 0.0]]
    listed = run_cli("routes", "list", "--format", "json")
    assert [row["name"] for row in json.loads(listed.output)] == ["kite"]


def test_same_file_twice_changes_nothing_and_same_name_replaces(run_cli, engine, tmp_path):
    path = kite(tmp_path)
    run_cli("routes", "import", path)
    again = run_cli("routes", "import", path, "--name", "other")
    assert again.exit_code == 0 and "kite: unchanged" in again.output
    assert stored(engine) == ([("kite", 5, 1)], 5)
    smaller = tmp_path / "smaller.geojson"
    smaller.write_text(json.dumps({"type": "FeatureCollection", "features": [road(A, B), road(B, C)]}))
    replaced = run_cli("routes", "import", str(smaller), "--name", "kite")
    assert replaced.exit_code == 0 and "kite: replaced (2 roads" in replaced.output
    assert stored(engine) == ([("kite", 2, 2)], 2)


def test_osm_extract_through_pyosmium(run_cli, engine, tmp_path):
    result = run_cli("routes", "import", kite_osm(tmp_path), "--name", "kite-osm")
    assert result.exit_code == 0, result.output
    with session_scope(engine) as session:
        roads = session.execute(select(RoadSegment.feature, RoadSegment.name, RoadSegment.highway,
                                       RoadSegment.coordinates).order_by(RoadSegment.position)).all()
    assert [(f, n, h) for f, n, h, _ in roads] == [("way/10", "RN16", "primary"), ("way/11", None, "track"),
                                                 ("way/12", None, "unclassified")]
    assert roads[1].coordinates == [[A[1], A[0]], [D[1], D[0]], [C[1], C[0]]]


@pytest.mark.parametrize("feature, where", [
    ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}, "row 2, field 'geometry.type'"),
    ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0]]}},
     "row 2, field 'geometry.coordinates': a line needs at least two"),
    ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [200, 0]]}},
     "row 2, field 'geometry.coordinates': [200.0, 0.0] lies outside"),
    ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], ["east", 0]]}},
     "row 2, field 'geometry.coordinates'"),
    ({"type": "Feature"}, "row 2, field 'geometry': missing"),
])
def test_a_bad_feature_names_file_row_field_and_reason_and_stores_nothing(run_cli, engine, tmp_path, feature, where):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [road(A, B), feature]}))
    result = run_cli("routes", "import", str(path))
    assert result.exit_code == 2
    assert f"bad.geojson, {where}" in result.output
    assert stored(engine) == ([], 0)


def test_bad_files_are_refused(run_cli, engine, tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    assert "broken.geojson: not valid JSON" in run_cli("routes", "import", str(broken)).output
    missing_node = kite_osm(tmp_path, extra='<way id="14"><nd ref="1"/><nd ref="99"/><tag k="highway" v="track"/></way>')
    result = run_cli("routes", "import", missing_node)
    assert result.exit_code == 2 and "kite.osm, row 14, field 'nd': way 14: node 99 is not in the file" in result.output
    text = tmp_path / "roads.txt"
    text.write_text("nothing")
    assert "not a road file" in run_cli("routes", "import", str(text)).output
    empty = tmp_path / "empty.geojson"
    empty.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    assert "holds no road" in run_cli("routes", "import", str(empty)).output
    assert stored(engine) == ([], 0)

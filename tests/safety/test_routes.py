"""Convoy routes on small hand-made road graphs: lengths, expected incidents and detours computed by hand."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from pyproj import Geod

from pko.safety.routes import Kernel, edge_risk, geojson, network_from_arrays, network_from_geojson, plan

GEOD = Geod(ellps="WGS84")
# A square on the equator: A (0, 0), B (0, 0.01), C (0, 0.02) along the equator; D (0.01, 0.01) above B.
A, B, C, D = (0.0, 0.0), (0.0, 0.01), (0.0, 0.02), (0.01, 0.01)  # (lat, lon)


def metres(p, q) -> float:
    return GEOD.inv(p[1], p[0], q[1], q[0])[2]


def road(*points) -> dict:
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}}


def square(max_edge_m: float = 5000.0):
    roads = [road(A, B), road(B, C), road(A, D), road(D, C), road(B, D)]
    return network_from_geojson({"type": "FeatureCollection", "features": roads}, max_edge_m=max_edge_m)


def kinds(found):
    return {route.kind if route.kind != "alternative" else f"alt{route.rank}": route for route in found.routes}


def test_lengths_and_shortest_route_match_the_geodesic():
    net = square()
    assert net.nodes == 4 and len(net.length) == 5
    found = plan(net, np.zeros(5), [(A, C)])[0]
    shortest = kinds(found)["shortest"]
    assert [(net.lat[n], net.lon[n]) for n in shortest.nodes] == [A, B, C]
    assert shortest.length_m == pytest.approx(metres(A, B) + metres(B, C), rel=1e-4)
    assert shortest.expected_incidents == 0


def test_edge_risk_is_length_times_kernel_by_hand():
    net = square()
    kernel = Kernel(bandwidth_m=100, cutoff=3, half_life_days=180)
    # One incident 50 m north of the middle of B-C, 90 days old: only B-C is within 300 m.
    incident = (50 / 110574.0, 0.015)
    risk = edge_risk(net, [incident[0]], [incident[1]], [90.0], kernel)
    along = {(round(float(net.lat[a]), 6), round(float(net.lon[a]), 6), round(float(net.lat[b]), 6),
              round(float(net.lon[b]), 6)): value for a, b, value in zip(net.edge_from, net.edge_to, risk)}
    b_c = next(value for (la, lo, lb, lob), value in along.items() if {(la, lo), (lb, lob)} == {B, C})
    d = metres(incident, (0.0, 0.015))
    expected = metres(B, C) * math.exp(-d * d / (2 * 100 ** 2)) / (math.sqrt(2 * math.pi) * 100) * 0.5 ** (90 / 180)
    assert d == pytest.approx(50, rel=1e-3)
    assert b_c == pytest.approx(expected, rel=1e-3)
    assert np.count_nonzero(risk) == 1


def test_a_road_through_a_fresh_incident_gathers_about_one_expected_incident():
    net = square(max_edge_m=20)  # edges short against the 100 m bandwidth
    risk = edge_risk(net, [0.0], [0.005], [0.0], Kernel(bandwidth_m=100))
    route = kinds(plan(net, risk, [(A, B)])[0])["shortest"]
    assert route.expected_incidents == pytest.approx(math.erf(3 / math.sqrt(2)), abs=0.01)


def test_least_risk_route_avoids_the_planted_dangerous_segment():
    net = square(max_edge_m=20)
    risk = edge_risk(net, [0.0], [0.005], [0.0], Kernel(bandwidth_m=100))  # on A-B
    found = kinds(plan(net, risk, [(A, C)], k=3)[0])
    safe = found["least-risk"]
    assert safe.expected_incidents == 0
    assert safe.length_m == pytest.approx(metres(A, D) + metres(D, C), rel=1e-4)
    assert found["shortest"].expected_incidents == pytest.approx(0.997, abs=0.01)
    # Alternatives by Yen: A-D-B-C (also safe, longer), then the risky direct road A-B-C.
    assert found["alt2"].expected_incidents == 0
    assert found["alt2"].length_m == pytest.approx(metres(A, D) + metres(D, B) + metres(B, C), rel=1e-4)
    assert found["alt3"].length_m == pytest.approx(found["shortest"].length_m, rel=1e-9)
    assert found["alt3"].expected_incidents == pytest.approx(found["shortest"].expected_incidents)


def test_no_detour_means_the_risky_road_is_taken():
    net = network_from_geojson({"type": "FeatureCollection", "features": [road(A, B, C)]}, max_edge_m=20)
    risk = edge_risk(net, [0.0], [0.005], [0.0], Kernel(bandwidth_m=100))
    found = kinds(plan(net, risk, [(A, C)])[0])
    assert found["least-risk"].nodes == found["shortest"].nodes
    assert found["least-risk"].expected_incidents == pytest.approx(0.997, abs=0.01)


def test_many_pairs_in_one_call_and_places_snap_to_the_nearest_node():
    net = square()
    risk = np.zeros(len(net.length))
    near_a = (0.0001, -0.0001)
    plans = plan(net, risk, [(A, C), (C, A), (near_a, D), (B, B)])
    assert [p.routes[0].length_m for p in plans[:2]] == pytest.approx([metres(A, B) + metres(B, C)] * 2, rel=1e-4)
    assert plans[2].snap_m[0] == pytest.approx(metres(near_a, A), rel=1e-3)
    assert plans[2].routes[0].length_m == pytest.approx(metres(A, D), rel=1e-4)
    assert plans[3].routes[0].length_m == 0


def test_one_way_roads_are_followed_and_unconnected_roads_give_no_route():
    one_way = {"type": "Feature", "properties": {"oneway": "yes"}, **road(A, B)}
    net = network_from_geojson({"type": "FeatureCollection", "features": [one_way, road((1.0, 1.0), (1.0, 1.01))]})
    risk = np.zeros(len(net.length))
    forth, back, apart = plan(net, risk, [(A, B), (B, A), (A, (1.0, 1.0))])
    assert len(forth.routes) == 2 and back.routes == [] and apart.routes == []


def test_arrays_and_geojson_output():
    net = network_from_arrays([0.0, 0.01, 0.02], [0.0, 0.0, 0.0], [0, 1, 1], [1, 2, 2])
    assert "1 parallel edge directions dropped" not in " ".join(net.notes)
    found = plan(net, np.zeros(len(net.length)), [(A, C)])
    collection = json.loads(json.dumps(geojson(net, found, Kernel())))
    feature = collection["features"][0]
    assert feature["geometry"]["coordinates"] == [[0.0, 0.0], [0.01, 0.0], [0.02, 0.0]]
    assert feature["properties"]["kind"] == "shortest" and feature["properties"]["length_m"] > 2000
    assert "bandwidth 2000 m" in collection["properties"]["kernel"]


def test_bad_networks_are_refused():
    with pytest.raises(ValueError, match="not a LineString"):
        network_from_geojson({"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [0, 0]}}]})
    with pytest.raises(ValueError, match="at least two"):
        network_from_geojson({"type": "FeatureCollection", "features": [road(A)]})
    with pytest.raises(ValueError, match="k must be"):
        plan(square(), np.zeros(5), [(A, C)], k=0)


def write_case(tmp_path):
    network = tmp_path / "roads.geojson"
    network.write_text(json.dumps({"type": "FeatureCollection",
                                   "features": [road(A, B), road(B, C), road(A, D), road(D, C), road(B, D)]}))
    incidents = tmp_path / "incidents.csv"
    incidents.write_text("latitude,longitude,date\n0.0,0.005,2024-05-01\n", encoding="utf-8")
    return network, incidents


def test_cli_plan_avoids_the_dangerous_road(run_cli, tmp_path):
    network, incidents = write_case(tmp_path)
    result = run_cli("safety", "routes", "plan", "--network", str(network), "--incidents", str(incidents),
                     "--from", "0,0", "--to", "0,0.02", "--from", "0,0.02", "--to", "0,0", "--k", "2",
                     "--bandwidth-m", "100", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    first = {row["route"] + str(row["rank"]): row for row in rows if row["pair"] == 1}
    assert first["shortest1"]["length_km"] == pytest.approx((metres(A, B) + metres(B, C)) / 1000, abs=1e-3)
    assert first["least-risk1"]["expected_incidents"] == 0
    assert first["least-risk1"]["length_km"] == pytest.approx((metres(A, D) + metres(D, C)) / 1000, abs=1e-3)
    assert first["alternative2"]["expected_incidents"] == 0
    assert {row["pair"] for row in rows} == {1, 2}
    table = run_cli("safety", "routes", "plan", "--network", str(network), "--from", "0,0", "--to", "0,0.02")
    assert table.exit_code == 0 and "bandwidth 2000 m" in table.output


def test_cli_plan_refuses_bad_places_and_files(run_cli, tmp_path):
    network, _ = write_case(tmp_path)
    result = run_cli("safety", "routes", "plan", "--network", str(network), "--from", "north", "--to", "0,0")
    assert result.exit_code == 2 and "is not LAT,LON" in result.output
    broken = tmp_path / "broken.geojson"
    broken.write_text(json.dumps({"type": "FeatureCollection", "features": [{"geometry": {"type": "Point"}}]}))
    result = run_cli("safety", "routes", "plan", "--network", str(broken), "--from", "0,0", "--to", "0,0.02")
    assert result.exit_code == 2 and "broken.geojson: feature 0" in result.output


def test_api_plan(database_url, monkeypatch):
    from fastapi.testclient import TestClient

    from pko.config import get_settings

    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    body = {"network": {"type": "FeatureCollection", "features": [road(A, B), road(B, C), road(A, D), road(D, C)]},
            "incidents": [{"latitude": 0.0, "longitude": 0.005, "date": "2024-05-01"}],
            "pairs": [{"origin": {"latitude": 0, "longitude": 0}, "destination": {"latitude": 0, "longitude": 0.02}}],
            "bandwidth_m": 100}
    answer = client.post("/api/v1/safety/routes/plan", json=body)
    assert answer.status_code == 200
    found = {f["properties"]["kind"]: f for f in answer.json()["features"]}
    assert found["least-risk"]["properties"]["expected_incidents"] == 0
    assert [0.01, 0.01] in found["least-risk"]["geometry"]["coordinates"]  # through D
    assert found["shortest"]["properties"]["expected_incidents"] > 0.9
    assert client.post("/api/v1/safety/routes/plan", json={**body, "pairs": []}).status_code == 422
    assert client.post("/api/v1/safety/routes/plan", json={**body, "k": 0}).status_code == 422
    get_settings.cache_clear()


def test_incidents_counted_on_their_nearest_road_segment():
    from pko.safety.routes import segment_density

    net = square()
    north_of_ab = [(10 / 110574.0, 0.002), (20 / 110574.0, 0.004), (-30 / 110574.0, 0.006)]
    near_bc = (100 / 110574.0, 0.015)
    far = (0.05, 0.05)
    lat, lon = zip(*north_of_ab, near_bc, far)
    counts, away = segment_density(net, lat, lon, within_m=500)
    ends = {frozenset({(float(net.lat[a]), float(net.lon[a])), (float(net.lat[b]), float(net.lon[b]))}): n
            for a, b, n in zip(net.edge_from, net.edge_to, counts)}
    assert ends[frozenset({A, B})] == 3 and ends[frozenset({B, C})] == 1 and away == 1
    assert counts.sum() == 4


def test_cli_density_per_segment(run_cli, tmp_path):
    network, _ = write_case(tmp_path)
    incidents = tmp_path / "devices.csv"
    # Both within the first of the three pieces A-B is split into (edges of at most 500 m).
    incidents.write_text("latitude,longitude\n0.00009,0.001\n0.00018,0.002\n0.05,0.05\n", encoding="utf-8")
    result = run_cli("safety", "routes", "density", "--network", str(network), "--incidents", str(incidents),
                     "--format", "geojson")
    assert result.exit_code == 0, result.output
    collection = json.loads(result.output)
    assert len(collection["features"]) == 1 and collection["properties"]["farther_than_within"] == 1
    segment = collection["features"][0]["properties"]
    assert segment["incidents"] == 2 and segment["per_km"] == pytest.approx(2 / (metres(A, B) / 3000), abs=1e-3)
    table = run_cli("safety", "routes", "density", "--network", str(network), "--incidents", str(incidents))
    assert table.exit_code == 0 and "2 incidents on 1 segments; 1 farther than 500 m" in table.output

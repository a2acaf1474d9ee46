"""Route plans on a stored network weighed by the stored incident log: hand-computed lengths and expected incidents."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pko.db import session_scope
from pko.roads import planning
from pko.roads.schemas import PairIn, Point
from pko.safety.routes import Kernel

from .networks import A, B, C, D, MID_AB, density, kite, metres, store_incident

DAY = date(2024, 5, 1)


def by_route(rows: list[dict], pair: int = 1) -> dict:
    return {f"{row['route']}{row['rank']}": row for row in rows if row["pair"] == pair}


def plan_json(run_cli, *args) -> dict:
    result = run_cli("routes", "plan", "--network", "kite", "--as-of", DAY.isoformat(), "--bandwidth-m", "50",
                     "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_least_risk_route_avoids_the_planted_dangerous_road(run_cli, engine, tmp_path):
    run_cli("routes", "import", kite(tmp_path))
    store_incident(engine, MID_AB, DAY)  # on A-B; with a 50 m bandwidth only A-B is within reach (150 m)
    found = plan_json(run_cli, "--from", "0,0", "--to", "0,0.006", "--k", "3")
    routes = by_route(found["routes"])
    on_ab = metres(A, B) * density(0.0, 50)  # length x density at the road's midpoint, fresh incident
    assert routes["shortest1"]["length_km"] == pytest.approx((metres(A, B) + metres(B, C)) / 1000, abs=1e-3)
    assert routes["shortest1"]["expected_incidents"] == pytest.approx(on_ab, rel=1e-3)
    assert routes["shortest1"]["incidents_near"] == 1
    assert routes["least-risk1"]["length_km"] == pytest.approx((metres(A, D) + metres(D, C)) / 1000, abs=1e-3)
    assert routes["least-risk1"]["expected_incidents"] == 0 and routes["least-risk1"]["incidents_near"] == 0
    assert routes["alternative2"]["length_km"] == pytest.approx((metres(A, D) + metres(D, B) + metres(B, C)) / 1000,
                                                                abs=1e-3)
    assert routes["alternative2"]["expected_incidents"] == 0
    assert routes["alternative3"]["expected_incidents"] == pytest.approx(on_ab, rel=1e-3)
    assert found["kernel"] == {"bandwidth_m": 50.0, "cutoff": 3.0, "half_life_days": 180.0,
                               "description": Kernel(bandwidth_m=50).describe()}
    assert found["incidents_source"] == "incident log" and found["incidents_weighed"] == 1


def test_expected_incidents_follow_age_distance_and_the_since_date(run_cli, engine, tmp_path):
    run_cli("routes", "import", kite(tmp_path))
    north = (100 / 110_574.0, 0.0045)  # 100 m north of the middle of B-C, 90 days old
    store_incident(engine, north, date(2024, 2, 1))
    store_incident(engine, MID_AB, date(2023, 5, 2))  # 365 days old
    store_incident(engine, MID_AB, date(2024, 6, 1))  # after the as-of day: not weighed
    routes = by_route(plan_json(run_cli, "--from", "0,0", "--to", "0,0.006")["routes"])
    by_hand = (metres(B, C) * density(metres(north, (0.0, 0.0045)), 50) * 0.5 ** (90 / 180)
               + metres(A, B) * density(0.0, 50) * 0.5 ** (365 / 180))
    assert routes["shortest1"]["expected_incidents"] == pytest.approx(by_hand, rel=1e-3)
    recent = by_route(plan_json(run_cli, "--from", "0,0", "--to", "0,0.006", "--since", "2024-01-01")["routes"])
    assert recent["shortest1"]["expected_incidents"] == pytest.approx(
        metres(B, C) * density(metres(north, (0.0, 0.0045)), 50) * 0.5 ** (90 / 180), rel=1e-3)
    other = by_route(plan_json(run_cli, "--from", "0,0", "--to", "0,0.006", "--incident-type", "ambush")["routes"])
    assert other["shortest1"]["expected_incidents"] == 0


def test_many_pairs_in_one_call_from_options_and_a_csv(run_cli, engine, tmp_path):
    run_cli("routes", "import", kite(tmp_path))
    pairs = tmp_path / "pairs.csv"
    pairs.write_text('from,to\n"0.003,0.003","0,0.006"\n"0,0","0.003,0.003"\n', encoding="utf-8")
    found = plan_json(run_cli, "--from", "0,0", "--to", "0,0.006", "--from", "0,0.006", "--to", "0,0",
                      "--pairs", str(pairs))
    lengths = {pair: by_route(found["routes"], pair)["shortest1"]["length_km"] for pair in (1, 2, 3, 4)}
    assert lengths == pytest.approx({1: (metres(A, B) + metres(B, C)) / 1000, 2: (metres(A, B) + metres(B, C)) / 1000,
                                     3: metres(D, C) / 1000, 4: metres(A, D) / 1000}, abs=1e-3)
    bad = tmp_path / "bad.csv"
    bad.write_text('from,to\n"0,0","nowhere at all"\n', encoding="utf-8")
    result = run_cli("routes", "plan", "--network", "kite", "--pairs", str(bad))
    assert result.exit_code == 2 and "bad.csv, row 2, field 'to'" in result.output


def test_the_graph_is_built_once_per_network_version(engine, run_cli, tmp_path):
    run_cli("routes", "import", kite(tmp_path))
    pairs = [PairIn(origin=Point(lat=A[0], lon=A[1]), destination=Point(lat=C[0], lon=C[1]))]
    before = planning.graphs.made
    with session_scope(engine) as session:
        first = planning.plan_routes(session, name="kite", pairs=pairs, as_of=DAY)
        planning.plan_routes(session, name="kite", pairs=pairs * 3, as_of=DAY, k=2)
    assert planning.graphs.made == before + 1
    smaller = tmp_path / "smaller.geojson"
    smaller.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [0.003, 0.003], [0.006, 0]]}}]}))
    run_cli("routes", "import", str(smaller), "--name", "kite")
    with session_scope(engine) as session:
        second = planning.plan_routes(session, name="kite", pairs=pairs, as_of=DAY)
    assert planning.graphs.made == before + 2
    assert second.plans[0].routes[0].length_m > first.plans[0].routes[0].length_m


def test_table_geojson_and_refusals(run_cli, engine, tmp_path):
    run_cli("routes", "import", kite(tmp_path))
    store_incident(engine, MID_AB, DAY)
    table = run_cli("routes", "plan", "--network", "kite", "--from", "0,0", "--to", "0,0.006")
    assert table.exit_code == 0 and "bandwidth 2000 m" in table.output and "least-risk" in table.output
    collection = json.loads(run_cli("routes", "plan", "--network", "kite", "--from", "0,0", "--to", "0,0.006",
                                    "--as-of", "2024-05-01", "--format", "geojson").output)
    lines = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert {f["properties"]["kind"] for f in lines} == {"shortest", "least-risk"}
    assert points[0]["geometry"]["coordinates"] == [MID_AB[1], MID_AB[0]]
    assert collection["properties"]["kernel"]["bandwidth_m"] == 2000
    for args, message in [(("--network", "nope", "--from", "0,0", "--to", "0,1"), "no road network 'nope'"),
                          (("--network", "kite", "--from", "0,0"), "as many --to as --from"),
                          (("--network", "kite", "--from", "91,0", "--to", "0,0"), "lies outside latitude"),
                          (("--network", "kite", "--from", "0,0", "--to", "0,0", "--since", "May"), "Invalid isoformat"),
                          (("--network", "kite", "--from", "0,0", "--to", "0,0", "--since", "2024-02-01",
                            "--as-of", "2024-01-01"), "comes after"),
                          (("--network", "kite", "--from", "0,0", "--to", "0,0", "--incident-type", "x"), "x"),
                          (("--network", "kite", "--from", "0,0", "--to", "0,0", "--format", "xml"), "not a format")]:
        result = run_cli("routes", "plan", *args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)


def test_places_by_name_from_the_locations_record(run_cli, engine, data_dir, tmp_path):
    imported = run_cli("import", "places", str(data_dir / "mali_geo/mali_settlements_cod_pp.csv"))
    assert imported.exit_code == 0, imported.output
    with session_scope(engine) as session:
        gao, ansongo = planning.resolve_place(session, "Gao"), planning.resolve_place(session, "ansongo")
    assert gao.name == "Gao" and ansongo.name.lower() == "ansongo"
    path = tmp_path / "rn17.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {"name": "RN17"}, "geometry": {
        "type": "LineString", "coordinates": [[gao.lon, gao.lat], [ansongo.lon, ansongo.lat]]}}))
    run_cli("routes", "import", str(path))
    rows = json.loads(run_cli("routes", "plan", "--network", "rn17", "--from", "Gao", "--to", "Ansongo",
                              "--format", "json").output)["routes"]
    assert rows[0]["from"] == "Gao" and rows[0]["to"].lower() == "ansongo"
    assert rows[0]["length_km"] == pytest.approx(metres((gao.lat, gao.lon), (ansongo.lat, ansongo.lon)) / 1000, rel=1e-3)
    result = run_cli("routes", "plan", "--network", "rn17", "--from", "Atlantis", "--to", "Gao")
    assert result.exit_code == 2 and "'Atlantis' is not LAT,LON nor a known place" in result.output

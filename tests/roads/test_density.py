"""Explosive devices per road segment of a stored network: hand-computed counts and per-km densities, CLI and API."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from browser import chromium, serve, watch
from pko.auth import service as auth
from pko.config import get_settings
from pko.db import session_scope
from pko.incidents.models import Incident

PASSWORD = "correct horse battery"

from .networks import A, B, C, D, MID_AB, kite, metres, store_incident

NORTH_OF_AB = (50 / 110_574.0, 0.002)  # 50 m north of A-B; farther from A-D (122 m) and B-D (111 m)
MID_BD = (0.0015, 0.003)
FAR = (0.02, 0.003)  # about 2.2 km north of D: beyond the network's extent
NEAR_DC = (0.0015 + 0.00192, 0.0045 + 0.00192)  # about 300 m north-east of the middle of D-C


def segment(features: list[dict], p, q) -> dict:
    """The feature of the segment between two (lat, lon) places."""
    ends = {(round(p[1], 6), round(p[0], 6)), (round(q[1], 6), round(q[0], 6))}
    found = [f for f in features if {tuple(round(v, 6) for v in c) for c in f["geometry"]["coordinates"]} == ends]
    assert len(found) == 1, ends
    return found[0]["properties"]


@pytest.fixture
def stored(engine, run_cli, tmp_path):
    """The kite network with explosive devices on A-B (two, one in 2023), on B-D, 300 m off D-C and far away, an
    ambush on A-B and an explosive device without coordinates."""
    assert run_cli("routes", "import", kite(tmp_path)).exit_code == 0
    store_incident(engine, MID_AB, date(2024, 5, 1))
    store_incident(engine, NORTH_OF_AB, date(2023, 3, 1))
    store_incident(engine, MID_BD, date(2024, 6, 1))
    store_incident(engine, NEAR_DC, date(2024, 6, 2))
    store_incident(engine, FAR, date(2024, 6, 3))
    store_incident(engine, MID_AB, date(2024, 5, 1), kind="ambush")
    with session_scope(engine) as session:
        session.add(Incident(incident_type="explosive-device", incident_date=date(2024, 1, 1), mission="MINUSMA",
                             units=[], source="test", confidence="reported", fatality_casualty_ids=[]))


def density_json(run_cli, *args) -> dict:
    result = run_cli("routes", "density", "--network", "kite", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def by_ends(rows: list[dict], p, q) -> dict:
    ends = {f"{p[0]:g},{p[1]:g}", f"{q[0]:g},{q[1]:g}"}
    found = [r for r in rows if {",".join(f"{float(v):g}" for v in r[k].split(",")) for k in ("from", "to")} == ends]
    assert len(found) == 1, (ends, rows)
    return found[0]


def test_counts_and_per_km_on_the_cli(stored, run_cli):
    found = density_json(run_cli)
    assert found["incident_type"] == "explosive-device" and found["within_m"] == 500
    assert found["incidents_matched"] == 6 and found["without_coordinates"] == 1
    assert found["on_roads"] == 4 and found["away_from_roads"] == 1 and found["away_beyond_extent"] == 1
    assert len(found["rows"]) == 3 and found["segments"] == 5
    ab, bd = by_ends(found["rows"], A, B), by_ends(found["rows"], B, D)
    assert ab["incidents"] == 2 and ab["per_km"] == pytest.approx(2 / (metres(A, B) / 1000), abs=1e-3)
    assert bd["incidents"] == 1 and bd["per_km"] == pytest.approx(1 / (metres(B, D) / 1000), abs=1e-3)
    assert ab["length_km"] == pytest.approx(metres(A, B) / 1000, abs=1e-4)
    assert [row["per_km"] for row in found["rows"]] == sorted((row["per_km"] for row in found["rows"]), reverse=True)
    assert by_ends(found["rows"], D, C)["per_km"] == pytest.approx(1 / (metres(D, C) / 1000), abs=1e-3)


def test_within_dates_and_types(stored, run_cli):
    close = density_json(run_cli, "--within", "100")
    assert close["on_roads"] == 3 and close["away_from_roads"] == 2 and close["away_beyond_extent"] == 1
    assert by_ends(close["rows"], A, B)["incidents"] == 2
    tight = density_json(run_cli, "--within", "20")
    assert by_ends(tight["rows"], A, B)["incidents"] == 1 and tight["away_from_roads"] == 3
    recent = density_json(run_cli, "--since", "2024-01-01", "--until", "2024-06-01")
    assert recent["incidents_matched"] == 3 and recent["without_coordinates"] == 1
    assert by_ends(recent["rows"], A, B)["incidents"] == 1 and recent["on_roads"] == 2
    ambush = density_json(run_cli, "--type", "ambush")
    assert ambush["incidents_matched"] == 1 and [r["incidents"] for r in ambush["rows"]] == [1]
    every = density_json(run_cli, "--type", "all")
    assert by_ends(every["rows"], A, B)["incidents"] == 3 and every["incidents_matched"] == 7


def test_table_and_geojson_state_the_parameters(stored, run_cli):
    table = run_cli("routes", "density", "--network", "kite")
    assert table.exit_code == 0, table.output
    assert "6 explosive-device incidents in the log: 4 on 3 of 5 segments; 1 farther than 500 m" in table.output
    assert "1 without coordinates" in table.output
    collection = json.loads(run_cli("routes", "density", "--network", "kite", "--format", "geojson").output)
    assert len(collection["features"]) == 5 and collection["properties"]["away_from_roads"] == 1
    assert segment(collection["features"], A, B)["incidents"] == 2
    assert segment(collection["features"], A, D)["incidents"] == 0
    csv = run_cli("routes", "density", "--network", "kite", "--format", "csv")
    assert csv.output.splitlines()[0] == "segment,from,to,incidents,length_km,per_km"


def test_cli_refusals(stored, run_cli):
    for args, message in ((("--network", "nowhere"), "no road network"),
                          (("--network", "kite", "--type", "nonsense"), "not an incident type"),
                          (("--network", "kite", "--since", "2024-13-01"), "month must be in 1..12"),
                          (("--network", "kite", "--since", "2024-02-01", "--until", "2024-01-01"), "comes after"),
                          (("--network", "kite", "--format", "xml"), "not a format")):
        result = run_cli("routes", "density", *args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert run_cli("routes", "density", "--network", "kite", "--within", "0").exit_code == 2


@pytest.fixture
def client(database_url, stored, engine, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    tokens = {}
    with session_scope(engine) as session:
        for role, organization in (("safety-officer", "UN-DOS"), ("finance-officer", "UN-SECRETARIAT")):
            auth.create_user(session, username=role, password=PASSWORD, organization_code=organization,
                             roles=[role], actor="test")
            tokens[role], _ = auth.create_token(session, username=role, name="api", actor="test")
    test_client = TestClient(create_app())
    test_client.tokens = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}
    yield test_client
    get_settings.cache_clear()


def test_density_on_the_api(client):
    officer = client.tokens["safety-officer"]
    answer = client.get("/api/v1/roads/networks/1/density", headers=officer)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["type"] == "FeatureCollection" and len(found["features"]) == 5
    assert all(f["geometry"]["type"] == "LineString" for f in found["features"])
    ab = segment(found["features"], A, B)
    assert ab["incidents"] == 2 and ab["per_km"] == pytest.approx(2 / (metres(A, B) / 1000), abs=1e-3)
    assert segment(found["features"], B, D)["per_km"] == pytest.approx(1 / (metres(B, D) / 1000), abs=1e-3)
    assert found["properties"]["incident_type"] == "explosive-device" and found["properties"]["within_m"] == 500
    assert found["properties"]["away_from_roads"] == 1 and "nearest" in found["properties"]["method"]
    ambush = client.get("/api/v1/roads/networks/1/density", params={"incident_type": "ambush", "within_m": 100},
                        headers=officer).json()
    assert segment(ambush["features"], A, B)["incidents"] == 1 and ambush["properties"]["on_roads"] == 1
    blank = client.get("/api/v1/roads/networks/1/density", params={"incident_type": ""}, headers=officer).json()
    assert blank["properties"]["incident_type"] == "explosive-device" and blank["properties"]["on_roads"] == 4
    dated = client.get("/api/v1/roads/networks/1/density", params={"since": "2024-06-02"}, headers=officer).json()
    assert dated["properties"]["on_roads"] == 1 and dated["properties"]["away_from_roads"] == 1
    for params in ({"incident_type": "nonsense"}, {"within_m": 0}, {"within_m": "far"}, {"since": "2024-13-01"},
                   {"since": "2024-02-01", "until": "2024-01-01"}):
        refused = client.get("/api/v1/roads/networks/1/density", params=params, headers=officer)
        assert refused.status_code == 422 and refused.json()["detail"], params
    assert client.get("/api/v1/roads/networks/9/density", headers=officer).status_code == 404
    assert client.get("/api/v1/roads/networks/1/density").status_code == 401
    assert client.get("/api/v1/roads/networks/1/density", headers=client.tokens["finance-officer"]).status_code == 403


def test_density_layer_data_for_the_map(client):
    officer = client.tokens["safety-officer"]
    page = client.get("/routes", headers=officer)
    assert page.status_code == 200 and 'id="route-density"' in page.text and "/routes/density" in page.text
    found = client.get("/routes/density", params={"network": 1}, headers=officer).json()
    assert segment(found["features"], A, B)["incidents"] == 2
    assert found["properties"]["incident_type"] == "explosive-device"
    assert found["properties"]["max_per_km"] == pytest.approx(2 / (metres(A, B) / 1000), abs=1e-3)
    assert client.get("/routes/density", params={"network": 9}, headers=officer).status_code == 404
    assert client.get("/routes/density", params={"network": 1},
                      headers=client.tokens["finance-officer"]).status_code == 403


@pytest.mark.browser
def test_density_layer_in_chromium(client, database_url):
    with chromium() as browser, serve(database_url) as base:
        page = browser.new_context(base_url=base).new_page()
        errors, hosts = watch(page)
        page.goto("/login?next=/routes", wait_until="networkidle")
        page.fill("input[name=username]", "safety-officer")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_selector("#route-map[data-roads-ready]")
        page.check("#route-density")
        page.wait_for_selector("#route-map[data-density-ready]")
        colours = page.eval_on_selector_all("#route-map path.leaflet-interactive",
                                            "paths => paths.map(p => p.getAttribute('stroke'))")
        # A-B the densest; B-D and D-C at 0.50 and 0.35 of it; A-D and C-B without any
        assert sorted(colours) == sorted(["#a4161a", "#e0782b", "#e0782b", "#c9d3dd", "#c9d3dd"]), colours
        assert "4 of 6 explosive devices" in page.inner_text("#route-density-summary")
        page.uncheck("#route-density")
        assert page.locator("#route-map path.leaflet-interactive").count() == 0
    assert errors == [] and hosts == {"127.0.0.1"}

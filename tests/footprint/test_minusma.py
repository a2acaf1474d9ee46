"""MINUSMA's real footprint from the record against the optimum, through the service, the CLI and the API."""

from __future__ import annotations

import csv
import json
from datetime import date

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope
from pko.footprint import service
from pko.footprint.schemas import Assumptions


def geopko_locations(data_dir, year: int) -> int:
    """MINUSMA's distinct locations in Geo-PKO v2.3's FrontMap for a year, read straight from the file."""
    with open(data_dir / "geo_pko" / "FrontMap_v.2.3.csv", encoding="utf-8") as handle:
        return len({(r["location"], r["latitude"], r["longitude"]) for r in csv.DictReader(handle)
                    if r["mission"] == "MINUSMA" and r["year"] == str(year)})


@pytest.mark.parametrize("day", [date(2018, 12, 31), date(2023, 6, 30)])
def test_the_real_footprint_against_the_optimum_with_as_many_sites(loaded_engine, data_dir, day):
    with Session(loaded_engine) as session:
        found = service.evaluate(session, mission="MINUSMA", as_of=day, assumptions=Assumptions(time_limit=30))
    assert found.actual.p == found.optimum.p == geopko_locations(data_dir, day.year) == len(found.actual.sites)
    assert found.optimum.status == "optimal" and found.optimum.gap is not None and found.optimum.gap < 1e-6
    assert 0 < found.actual.covered <= found.optimum.covered <= 100 - found.optimum.unreachable + 1e-6
    assert found.difference == pytest.approx(found.optimum.covered - found.actual.covered, abs=1e-3)
    assert all(site.source == f"geopko-v2 {day.year}" for site in found.actual.sites)
    # Each optimal site says what only it covers, and those shares never exceed what it reaches.
    assert all(0 <= s.only_it <= s.reaches + 1e-9 for s in found.optimum.sites)
    assert any("within 120 minutes" in line for line in found.assumptions)
    assert found.uncovered_hotspots and all(h.kind == "heaviest uncovered demand" for h in found.uncovered_hotspots)


def test_the_cli_prints_the_evaluation_with_its_assumptions_and_a_drawdown_that_never_reopens(loaded_url, run_cli):
    shown = run_cli("footprint", "evaluate", "MINUSMA", "--date", "2018-12-31", "--time-limit", "30", url=loaded_url)
    assert shown.exit_code == 0, shown.output
    assert "real: 14 sites cover" in shown.output and "assumption: by ground: great-circle distance x 1.4" in shown.output
    plan = json.loads(run_cli("footprint", "drawdown", "MINUSMA", "--date", "2023-06-30", "--close", "4,4,2",
                              "--format", "json", url=loaded_url).stdout)
    assert plan["status"] == "optimal" and [p["open"] for p in plan["phases"]] == [8, 4, 2]
    closed = [name for phase in plan["phases"] for name in phase["closed"]]
    assert len(closed) == len(set(closed)) == 10
    assert all(p["covered"] <= p["best"] + 1e-9 for p in plan["phases"])
    points = run_cli("footprint", "plan", "MINUSMA", "--date", "2018-12-31", "--format", "geojson", url=loaded_url)
    features = json.loads(points.stdout)["features"]
    assert len(features) == 14 and features[0]["geometry"]["type"] == "Point"


def test_bad_input_is_refused_with_its_reason(loaded_url, run_cli):
    outside = run_cli("footprint", "plan", "MINUSMA", "--date", "2018-12-31", "--site", "Paris:48.85:2.35", url=loaded_url)
    assert outside.exit_code == 1 and "site 'Paris' at (48.8500, 2.3500) lies outside the mission's area" in outside.output
    year = run_cli("footprint", "evaluate", "MINUSMA", "--date", "2030-01-01", url=loaded_url)
    assert year.exit_code == 1 and "no geopko-v2 sites of MINUSMA in 2030" in year.output
    share = run_cli("footprint", "plan", "MINUSMA", "--date", "2018-12-31", "--model", "set-covering", "--share", "1.0",
                    "--format", "json", url=loaded_url)
    stated = json.loads(share.stdout)
    assert stated["status"] == "infeasible" and "uncovered: the required 100% cannot be met" in " ".join(stated["notes"])
    drawdown = run_cli("footprint", "drawdown", "MINUSMA", "--date", "2018-12-31", "--close", "10,10", url=loaded_url)
    assert drawdown.exit_code == 1 and "close 20 sites but only 14 are open" in drawdown.output


def test_the_public_reads_evaluations_but_only_the_secretariat_plans(loaded_url, engine, database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    public = TestClient(create_app())
    answer = public.get("/api/v1/footprint/MINUSMA/evaluate", params={"date": "2023-06-30", "limit_minutes": 180})
    assert answer.status_code == 200 and answer.json()["actual"]["p"] == 12
    assert answer.json()["actual"]["covered"] > 0
    body = {"as_of": "2023-06-30", "p": 3}
    assert public.post("/api/v1/footprint/MINUSMA/plan", json=body).status_code == 401
    with session_scope(engine) as session:
        for name, role, where in (("fgo", "force-generation-officer", "UN-DPO"), ("au", "au-officer", "AU-COMMISSION")):
            accounts.create_user(session, username=name, password="correct horse battery", roles=[role],
                                 organization_code=where, actor="test")
        officer, _ = accounts.create_token(session, username="fgo", name="t", actor="test")
        outsider, _ = accounts.create_token(session, username="au", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    fresh = TestClient(create_app())
    assert fresh.post("/api/v1/footprint/MINUSMA/plan", json=body,
                      headers={"Authorization": f"Bearer {outsider}"}).status_code == 403
    # The officer passes the permission check; this empty record has no such mission.
    assert fresh.post("/api/v1/footprint/MINUSMA/plan", json=body,
                      headers={"Authorization": f"Bearer {officer}"}).status_code == 404
    get_settings.cache_clear()


def test_a_population_raster_in_another_crs_is_refused_by_the_cli(loaded_url, run_cli, tmp_path):
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    with rasterio.open(tmp_path / "utm.tif", "w", driver="GTiff", height=2, width=2, count=1, dtype="float32",
                       crs="EPSG:32630", transform=from_origin(500000, 1800000, 100, 100)) as out:
        out.write(np.ones((1, 2, 2), "float32"))
    refused = run_cli("footprint", "demand", "MINUSMA", "--date", "2018-12-31", "--population-raster",
                      str(tmp_path / "utm.tif"), url=loaded_url)
    assert refused.exit_code == 1 and "not WGS 84 (EPSG:4326)" in refused.output

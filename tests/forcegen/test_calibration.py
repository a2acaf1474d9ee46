"""Scenarios calibrated on the imported record: real missions, sites with coordinates, contributing states."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import delete

from pko.db import session_scope
from pko.forcegen import scenario, service
from pko.forcegen.models import UnitRequirement


def test_calibration_from_geo_pko_and_contributions(loaded_engine):
    with session_scope(loaded_engine) as session:
        calibration = service.calibration(session)
    assert calibration.source != scenario.DEFAULT.source and "Geo-PKO" in calibration.source
    assert {"MINUSMA", "MONUSCO", "UNMISS"} <= set(calibration.sites)
    gao = next(site for site in calibration.sites["MINUSMA"] if site.name == "Gao")
    assert (round(gao.latitude, 2), round(gao.longitude, 2)) == (16.27, -0.04)
    assert "infantry-battalion" in gao.unit_types
    assert {"BGD", "TCD"} <= set(calibration.contributors["MINUSMA"])
    document = scenario.generate(calibration, 11, 400, 50, date(2026, 1, 1))
    missions = {s["mission"] for s in document["slots"]}
    assert missions <= set(calibration.sites) and document["calibration"] == calibration.source
    for unit in document["units"]:
        assert any(unit["state"] in states for states in calibration.contributors.values())


def test_generator_rejects_empty_calibration():
    with pytest.raises(ValueError, match="no mission"):
        scenario.generate(scenario.Calibration("empty"), 1, 10, 5, date(2026, 1, 1))
    with pytest.raises(ValueError, match="negative"):
        scenario.generate(scenario.DEFAULT, 1, -1, 5, date(2026, 1, 1))


@pytest.fixture
def seeded(loaded_engine):
    """The shared loaded database, with the requirements a test seeds removed afterwards."""
    yield
    with session_scope(loaded_engine) as session:
        session.execute(delete(UnitRequirement))


def test_requirements_seeded_from_real_composition(loaded_url, run_cli, seeded):
    result = run_cli("forcegen", "seed-requirements", "--mission", "minusma", "--need-by", "2026-06-30", "--format", "json",
                     url=loaded_url)
    rows = json.loads(result.stdout)
    assert result.exit_code == 0 and {r["mission"] for r in rows} == {"MINUSMA"}
    # Geo-PKO v2.3 maps MINUSMA to 2024: seeding for mid-2026 says how old the composition is.
    assert "warning: Geo-PKO unit types data of MINUSMA ends 2024-12-31 — 1.5 years before the date asked" in result.stderr
    gao = [r for r in rows if r["location"] == "Gao"]
    assert gao and all(r["latitude"] == 16.27167 for r in gao) and "infantry-battalion" in {r["unit_type"] for r in gao}
    listed = json.loads(run_cli("forcegen", "requirements", "--mission", "MINUSMA", "--format", "json", url=loaded_url).output)
    assert len(listed) == len(rows)
    bad = run_cli("forcegen", "seed-requirements", "--mission", "NOPE", "--need-by", "2026-06-30", url=loaded_url)
    assert bad.exit_code == 2 and "unknown mission" in bad.output
    bad = run_cli("forcegen", "seed-requirements", "--mission", "MINUSMA", "--need-by", "30/06/2026", url=loaded_url)
    assert bad.exit_code == 2

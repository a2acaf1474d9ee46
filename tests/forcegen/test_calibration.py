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


def test_calibration_takes_each_missions_contributors_from_the_data_hub_where_newer(engine, data_dir, tmp_path):
    from datahub_files import write_hub

    from pko.sources import geopko_v2_units, ipi_gender, psdh_contributions, un_member_states
    from pko.sources.importer import import_file

    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    import_file(engine, ipi_gender, data_dir / "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv")
    import_file(engine, geopko_v2_units, data_dir / "geo_pko/TTMap_v.2.3.csv")
    import_file(engine, psdh_contributions, write_hub(tmp_path / "un_contributions_psdh/DPO-UCHISTORICAL.csv", [
        ("2026-09-30", "Rwanda", "646.0", "RWA", "MINUSCA", "Troops", 110, 2050),
        ("2026-09-30", "Rwanda", "646.0", "RWA", "MINUSCA", "Staff Officer", 3, 40),
        ("2026-09-30", "Egypt", "818.0", "EGY", "MINUSCA", "Formed Police Units", 5, 135),
        ("2026-09-30", "Zambia", "894.0", "ZMB", "MINUSCA", "Individual Police", 2, 20)]))  # not a unit
    with session_scope(engine) as session:
        calibration = service.calibration(session)
    assert calibration.contributors["MINUSCA"] == {"RWA": 2203.0, "EGY": 140.0}
    assert {"BGD", "TCD"} <= set(calibration.contributors["MINUSMA"])  # no Data Hub rows: IPI's newest month

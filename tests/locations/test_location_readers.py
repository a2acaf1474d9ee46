"""Readers of Geo-PKO, RADPKO, MINUSMA QIPs and Mali's admin areas and places: real files and bad input."""

from __future__ import annotations

import json
from datetime import date
import shutil
from pathlib import Path

import pytest
from sqlalchemy import and_, func, select

from pko.db import session_scope
from pko.locations.models import (
    AdminArea, GeoPKOV1Contingent, GeoPKOV1Deployment, GeoPKOV2Contingent, PopulatedPlace, QuickImpactProject,
    RadpkoBaseYear, RadpkoContingent,
)
from pko.sources import geopko_v1, geopko_v2_front, mali_admin, mali_places, minusma_qips, radpko, un_member_states
from pko.sources.importer import import_file
from pko.sources.report import SourceError

V1 = "geo_pko/geopko_v1_africa_1994-2018.csv"


@pytest.fixture
def states(engine, data_dir):
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    return engine


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def _copy(data_dir: Path, relative: str, tmp_path: Path, edit=None) -> Path:
    """A copy of a public file, optionally with its text edited."""
    target = tmp_path / Path(relative).name
    shutil.copyfile(data_dir / relative, target)
    if edit:
        target.write_text(edit(target.read_text(encoding="utf-8-sig")), encoding="utf-8")
    return target


def test_geopko_v1_stores_maps_and_contingents(states, data_dir):
    outcome = import_file(states, geopko_v1, data_dir / V1)
    run = outcome.run
    assert run.rows_read == 12_190
    assert _count(states, GeoPKOV1Deployment) == 12_190
    assert _count(states, GeoPKOV1Contingent) == 14_435
    # Unresolved spellings are kept with iso3 None and counted by spelling.
    assert run.repairs["contributor 'unknown' matches no member state: kept with iso3 None"] == 197
    assert run.repairs["'No.troops' unknown ('unknown', '?' or blank): stored as missing"] == 120
    with session_scope(states) as session:
        spellings = dict(session.execute(
            select(GeoPKOV1Contingent.name, GeoPKOV1Contingent.iso3)
            .where(GeoPKOV1Contingent.name.in_(["Ivory Coast", "Cote d'Ivoire", "Cote D'ivoire", "Korea (ROK)", "Pakistan", "unknown"]))
        ).all())
        unresolved = session.scalar(select(func.count()).where(GeoPKOV1Contingent.iso3.is_(None)))
        minusma = set(session.scalars(select(GeoPKOV1Deployment.location).where(
            GeoPKOV1Deployment.mission == "MINUSMA", GeoPKOV1Deployment.year == 2018)))
        months = session.scalars(select(GeoPKOV1Deployment.month).where(GeoPKOV1Deployment.mission == "MINUSMA").distinct()).all()
    assert spellings["Cote d'Ivoire"] == spellings["Cote D'ivoire"] == "CIV"
    assert spellings["unknown"] is None
    assert spellings["Korea (ROK)"] == "KOR" and spellings["Pakistan"] == "PAK"  # 'Pakistan ' trimmed
    assert unresolved == sum(count for rule, count in run.repairs.items() if rule.startswith("contributor '"))
    assert {"Gao", "Kidal", "Tombouctou (Timbuktu)", "Ménaka"} <= minusma  # 'MÃ©naka' repaired
    assert all(month.day >= 28 and (month.month != 2 or month.day in (28, 29)) for month in months)


def test_geopko_v1_contingents_sum_to_location_troops_where_consistent(states, data_dir):
    run = import_file(states, geopko_v1, data_dir / V1).run
    d, c = GeoPKOV1Deployment, GeoPKOV1Contingent
    with session_scope(states) as session:
        sums = (select(c.source_row, func.sum(c.troops).label("troops"), func.count(c.troops).label("known"),
                       func.count().label("listed")).group_by(c.source_row).subquery())
        rows = session.execute(select(d.troops, sums.c.troops).join(sums, sums.c.source_row == d.source_row)
                               .where(d.troops.is_not(None), sums.c.known == sums.c.listed)).all()
        gao = session.execute(select(d.troops, func.sum(c.troops)).join(c, and_(c.import_run_id == d.import_run_id, c.source_row == d.source_row))
                              .where(d.mission == "MINUSMA", d.location == "Gao", d.month == date(2018, 12, 31)).group_by(d.id)).one()
    differ = sum(total != summed for total, summed in rows)
    assert len(rows) == 8_370 and differ == 65
    assert f"8370 locations list every contributor's troops; at 65 of them" in " ".join(run.notes)
    assert gao == (5_635, 5_635)


def test_reimport_is_unchanged_and_counts_stay(states, data_dir):
    import_file(states, geopko_v1, data_dir / V1)
    again = import_file(states, geopko_v1, data_dir / V1)
    assert again.status == "unchanged"
    forced = import_file(states, geopko_v1, data_dir / V1, force=True)
    assert forced.status == "stored"
    assert _count(states, GeoPKOV1Deployment) == 12_190 and _count(states, GeoPKOV1Contingent) == 14_435


def test_geopko_v1_needs_member_states(engine, data_dir):
    with pytest.raises(SourceError, match="import member-states first"):
        import_file(engine, geopko_v1, data_dir / V1)


@pytest.mark.parametrize("edit, row, field, reason", [
    (lambda text: text.replace('"Mission"', '"Mision"', 1).replace("Mission,", "Mision,", 1), 1, "Mission", "column missing"),
    (lambda text: text.replace("MINUCI", "MINUXX", 1), 4, "Mission", "unknown mission 'MINUXX'"),
    (lambda text: text.replace("-3.3822,29.3644", "-193.3822,29.3644", 1), 2, "latitude", "outside [-90, 90]"),
    (lambda text: text.replace('2007,3,"Bujumbura"', '2007,13,"Bujumbura"', 1).replace("2007,3,Bujumbura", "2007,13,Bujumbura", 1),
     2, "month", "not a month 1-12"),
])
def test_geopko_v1_bad_input_names_file_row_field(states, data_dir, tmp_path, edit, row, field, reason):
    bad = _copy(data_dir, V1, tmp_path, edit)
    assert bad.read_text() != (data_dir / V1).read_text(encoding="utf-8-sig")
    with pytest.raises(SourceError) as error:
        import_file(states, geopko_v1, bad)
    assert (error.value.path.name, error.value.row, error.value.field) == (bad.name, row, field)
    assert reason in error.value.reason
    assert _count(states, GeoPKOV1Deployment) == 0


def test_swapped_coordinates_are_swapped_back_and_counted(data_dir, tmp_path, engine):
    from pko.locations.models import GeoPKOV2Location

    source = data_dir / "geo_pko/FrontMap_v.2.3.csv"
    lines = source.read_text(encoding="utf-8-sig").split("\n")
    number = next(i for i, line in enumerate(lines) if i and line and abs(float(line.split(",")[5])) > 90)
    fields = lines[number].split(",")
    fields[4], fields[5] = fields[5], fields[4]  # e.g. Dili: latitude 125.57, longitude -8.55
    lines[number] = ",".join(fields)
    bad = tmp_path / source.name
    bad.write_text("\n".join(lines), encoding="utf-8")
    run = import_file(engine, geopko_v2_front, bad).run
    assert run.repairs == {"latitude/longitude swapped back (latitude out of range, longitude a valid latitude)": 1}
    with session_scope(engine) as session:
        place = session.execute(select(GeoPKOV2Location.latitude, GeoPKOV2Location.longitude)
                                .where(GeoPKOV2Location.source_row == number + 1)).one()
    assert place == (float(fields[5]), float(fields[4]))


def test_geopko_v2_tcc_overview_parsed(states, data_dir):
    from pko.sources import geopko_v2_tcc

    run = import_file(states, geopko_v2_tcc, data_dir / "geo_pko/TCCMap_v.2.3.csv").run
    assert run.rows_read == 4_927
    with session_scope(states) as session:
        korea = session.execute(select(GeoPKOV2Contingent.iso3, GeoPKOV2Contingent.troops)
                                .where(GeoPKOV2Contingent.name == "Korea (ROK)").limit(1)).one()
        unknown_size = session.scalar(select(func.count()).where(GeoPKOV2Contingent.troops.is_(None)))
    assert korea == ("KOR", 150)
    assert unknown_size == 769
    assert "0 rows whose No.TCC differs from the contributors listed" in run.notes


def test_radpko_long_form(states, data_dir):
    run = import_file(states, radpko, data_dir / "radpko/radpko_bases_cc_y.csv").run
    assert run.rows_read == 2_652 and _count(states, RadpkoBaseYear) == 2_652
    with session_scope(states) as session:
        fractional = session.scalar(select(func.count()).where(RadpkoBaseYear.troops != func.round(RadpkoBaseYear.troops)))
        codes = set(session.scalars(select(RadpkoContingent.iso3).distinct()))
        unplaced = session.scalar(select(func.count()).where(RadpkoBaseYear.latitude.is_(None)))
    assert fractional > 1_000
    assert {"BGD", "PAK", "KOR", "GBR", "COD", "COG", None} <= codes
    assert unplaced == 3


def test_qips_dates(engine, data_dir, tmp_path):
    run = import_file(engine, minusma_qips, data_dir / "minusma_qips/qips.csv").run
    assert run.rows_read == 451 and _count(engine, QuickImpactProject) == 451
    with session_scope(engine) as session:
        first = session.scalars(select(QuickImpactProject).where(QuickImpactProject.ref == "TIM18_010")).one()
    assert (first.start_date.isoformat(), first.end_date.isoformat()) == ("2018-02-22", "2018-06-28")
    bad = _copy(data_dir, "minusma_qips/qips.csv", tmp_path, lambda text: text.replace("28.06.18", "2018-06-28", 1))
    with pytest.raises(SourceError) as error:
        import_file(engine, minusma_qips, bad)
    assert (error.value.row, error.value.field) == (2, "end_date")


def test_admin_areas_and_bad_geometry(engine, data_dir, tmp_path):
    for level in (0, 1, 2):
        import_file(engine, mali_admin, data_dir / f"mali_geo/mli_admbnda_adm{level}_1m_dnct_20190802.geojson")
    with session_scope(engine) as session:
        by_level = dict(session.execute(select(AdminArea.level, func.count()).group_by(AdminArea.level)).all())
        gao = session.scalars(select(AdminArea).where(AdminArea.pcode == "ML0701")).one()
    assert by_level == {0: 1, 1: 9, 2: 50}  # the 2019 layer predates the regions of Taoudénit and Ménaka
    assert gao.parent_pcode == "ML07" and json.loads(gao.geometry)["type"] in ("Polygon", "MultiPolygon")
    source = data_dir / "mali_geo/mli_admbnda_adm1_1m_dnct_20190802.geojson"
    collection = json.loads(source.read_text())
    collection["features"][3]["geometry"]["coordinates"][0][:4] = [[0, 0], [1, 1], [1, 0], [0, 1]]
    bad = tmp_path / source.name
    bad.write_text(json.dumps(collection))
    with pytest.raises(SourceError) as error:
        import_file(engine, mali_admin, bad)
    assert error.value.field == "features[3].geometry" and "invalid polygon" in error.value.reason
    assert _count(engine, AdminArea) == 60


def test_places_both_schemas(engine, data_dir):
    cod = import_file(engine, mali_places, data_dir / "mali_geo/mali_settlements_cod_pp.csv").run
    osm = import_file(engine, mali_places, data_dir / "mali_geo/osm_places_mali_niger_burkinafaso_2019-09.csv").run
    assert (cod.scope, osm.scope) == ("ocha-cod", "osm")
    assert osm.skips == {"OSM node listed again under another country's extract (first listing kept)": 590}
    assert _count(engine, PopulatedPlace) == 18_769 + 39_105

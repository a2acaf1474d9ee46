"""`pko locations` over the loaded public data."""

from __future__ import annotations

import csv
import io
import json


def test_list_json_geojson_csv(run_cli, loaded_url):
    result = run_cli("locations", "list", "--mission", "minusma", "--year", "2018", "--format", "json", url=loaded_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"Gao", "Kidal", "Tombouctou (Timbuktu)"} <= {row["location"] for row in rows}
    assert all(row["mission"] == "MINUSMA" and row["year"] == 2018 for row in rows)
    result = run_cli("locations", "list", "--year", "2018", "--source", "geopko-v1", "--format", "geojson", url=loaded_url)
    collection = json.loads(result.output)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) > 100
    result = run_cli("locations", "list", "--mission", "MINUSMA", "--year", "2018", "--source", "radpko", "--format", "csv", url=loaded_url)
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert table and {"mission", "year", "location", "troops", "contributors"} <= set(table[0])


def test_list_rejects_unknown_mission_and_bbox(run_cli, loaded_url):
    result = run_cli("locations", "list", "--mission", "NOPE", url=loaded_url)
    assert result.exit_code == 2 and "unknown mission 'NOPE'" in result.output
    result = run_cli("locations", "list", "--bbox", "1,2", url=loaded_url)
    assert result.exit_code == 2 and "bbox" in result.output


def test_admin_areas_places_qips(run_cli, loaded_url):
    regions = json.loads(run_cli("locations", "admin-areas", "--level", "1", "--format", "json", url=loaded_url).output)
    assert len(regions) == 9 and {"ML09", "ML07"} <= {region["pcode"] for region in regions}
    places = json.loads(run_cli("locations", "places", "Kidal", "--format", "json", url=loaded_url).output)
    assert places[0]["name"] == "Kidal"
    qips = json.loads(run_cli("locations", "qips", "--year", "2018", "--format", "json", url=loaded_url).output)
    assert qips and all(project["start_date"].startswith("2018") for project in qips)


def test_import_geopko_picks_the_reader_by_header(run_cli, data_dir, tmp_path):
    assert run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv")).exit_code == 0
    for name, source in (("TTMap_v.2.3.csv", "geopko-v2-units"), ("TCCMap_v.2.3.csv", "geopko-v2-tcc")):
        result = run_cli("import", "geopko", str(data_dir / "geo_pko" / name))
        assert result.exit_code == 0 and f"source {source}" in result.output, result.output
    renamed = tmp_path / "TTMap_v.2.3.csv"
    text = (data_dir / "geo_pko/TTMap_v.2.3.csv").read_text(encoding="utf-8-sig")
    renamed.write_text(text.replace(",riv,", ",river,", 1), encoding="utf-8")
    result = run_cli("import", "geopko", str(renamed))
    assert result.exit_code == 1 and "header matches no known schema of 'geopko'" in result.output

"""`pko incidents`: add, list, show, update, import, counts and hotspots from the command line."""

from __future__ import annotations

import csv
import json

import numpy as np


def test_add_list_show_and_update(run_cli):
    added = run_cli("incidents", "add", "indirect fire", "2018-04-14", "--source", "MINUSMA JOC", "--at", "16.7735,-3.0074",
                    "--mission", "MINUSMA", "--unit", "Timbuktu camp", "--injured", "2", "--time", "21:15")
    assert added.exit_code == 0, added.output
    assert "incident 1 (indirect-fire, 2018-04-14) recorded, version 1" in added.output
    listed = json.loads(run_cli("incidents", "list", "--mission", "minusma", "--format", "json").output)
    assert [(row["id"], row["type"], row["injured"], row["latitude"]) for row in listed] == [(1, "indirect-fire", 2, 16.7735)]
    shown = json.loads(run_cli("incidents", "show", "1").output)
    assert shown["units"] == ["Timbuktu camp"] and shown["incident_time"] == "21:15:00"
    updated = run_cli("incidents", "update", "1", "--version", "1", "--set", "killed=1", "--set", 'units=["A", "B"]')
    assert updated.exit_code == 0 and json.loads(updated.output) == {"id": 1, "version": 2}
    stale = run_cli("incidents", "update", "1", "--version", "1", "--set", "killed=4")
    assert stale.exit_code == 1 and "is at version 2, not 1" in stale.output
    assert json.loads(run_cli("incidents", "show", "1").output)["units"] == ["A", "B"]


def test_bad_entries_are_refused(run_cli):
    for args, word in ((("riot", "2018-01-01"), "not an incident type"), (("ambush", "2018-13-01"), "incident_date"),
                       (("ambush", "2018-01-01", "--mission", "NOPE"), "not a known mission"),
                       (("ambush", "2018-01-01", "--at", "91,0"), "latitude")):
        result = run_cli("incidents", "add", *args, "--source", "test")
        assert result.exit_code != 0 and word in result.output, result.output
    assert run_cli("incidents", "show", "7").exit_code == 1
    assert json.loads(run_cli("incidents", "list", "--format", "json").output) == []


def test_import_counts_and_hotspots(run_cli, acled_file, tmp_path):
    imported = run_cli("incidents", "import", "acled", str(acled_file))
    assert imported.exit_code == 0, imported.output
    assert "7 rows read, 4 added, 0 updated, 0 unchanged" in imported.output
    assert "1 skipped: strategic development that is not a security incident (Agreement)" in imported.output
    assert "0 added, 0 updated, 4 unchanged" in run_cli("incidents", "import", "acled", str(acled_file)).output
    bad = tmp_path / "bad.csv"
    bad.write_text(acled_file.read_text().replace("12 March 2018", "12 Marsch 2018"))
    refused = run_cli("incidents", "import", "acled", str(bad))
    assert refused.exit_code == 1 and "bad.csv, row 2, field 'event_date'" in refused.output
    counts = json.loads(run_cli("incidents", "counts", "--format", "json").output)
    assert {(r["mission"], r["year"], r["incident_type"], r["incidents"]) for r in counts} == {
        ("MINUSMA", 2018, "explosive-device", 1), ("MINUSMA", 2018, "indirect-fire", 1), ("MINUSMA", 2018, "ambush", 1),
        (None, 2018, "direct-attack", 1)}

    rng = np.random.default_rng(3)
    rows = [{"source": "generated", "source_event_id": f"G{i}", "incident_type": "explosive-device",
             "incident_date": f"{2016 + i % 3}-03-0{1 + i % 9}", "latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}",
             "mission": "MINUSMA"}
            for i, (lat, lon) in enumerate([*zip(rng.uniform(14, 18, 250), rng.uniform(-5, 1, 250)),  # background
                                            *zip(16.27 + rng.normal(0, 0.02, 50), -0.04 + rng.normal(0, 0.02, 50))])]
    path = tmp_path / "generated.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert run_cli("incidents", "import", "csv", str(path)).exit_code == 0
    geojson = json.loads(run_cli("incidents", "hotspots", "--mission", "MINUSMA", "--type",
                                 "explosive-device", "--from", "2016-01-01", "--resolution", "5", "--format", "geojson").output)
    assert geojson["type"] == "FeatureCollection" and geojson["properties"]["incidents"] == 301
    hot = [f["properties"] for f in geojson["features"] if f["properties"]["spot"] == "hot"]
    assert max(hot, key=lambda p: p["incidents"])["incidents"] >= 40
    assert set(max(hot, key=lambda p: p["incidents"])["by_year"]) == {"2016", "2017", "2018"}
    table = run_cli("incidents", "hotspots", "--mission", "MINUSMA", "--resolution", "5")
    assert table.exit_code == 0 and "Getis-Ord Gi*" in table.output and "1 matching incident(s) without coordinates" in table.output
    assert run_cli("incidents", "hotspots", "--from", "2030-01-01").exit_code == 1


def test_a_place_named_without_coordinates_is_located_in_mali(run_cli, data_dir):
    for command, name in (("places", "mali_settlements_cod_pp.csv"), ("mali-admin", "mli_admbnda_adm1_1m_dnct_20190802.geojson"),
                          ("mali-admin", "mli_admbnda_adm2_1m_dnct_20190802.geojson")):
        assert run_cli("import", command, str(data_dir / "mali_geo" / name)).exit_code == 0
    assert run_cli("incidents", "add", "ambush", "2018-05-03", "--location", "Dioura", "--source", "JOC").exit_code == 0
    assert run_cli("incidents", "add", "ambush", "2018-05-04", "--at", "20.1973,1.017", "--source", "JOC").exit_code == 0
    named, pointed = (json.loads(run_cli("incidents", "show", str(i)).output) for i in (1, 2))
    assert (round(named["latitude"], 3), named["admin2"], named["country_iso3"]) == (14.823, "Tenenkou", "MLI")
    assert (pointed["admin1"], pointed["admin2"]) == ("Kidal", "Tessalit")


def test_a_hand_entered_incident_widens_its_missions_months(run_cli):
    assert run_cli("missions", "show", "MINUSMA").exit_code != 0  # no data names MINUSMA yet
    run_cli("incidents", "add", "ambush", "2019-02-10", "--source", "MINUSMA JOC", "--mission", "MINUSMA")
    shown = json.loads(run_cli("missions", "show", "MINUSMA", "--format", "json").output)[0]
    assert (shown["first_month"], shown["last_month"]) == ("2019-02-28", "2019-02-28") and "incident" in shown["sources"].split(", ")
    run_cli("incidents", "add", "ambush", "2020-07-01", "--source", "MINUSMA JOC", "--mission", "MINUSMA")
    run_cli("incidents", "update", "1", "--version", "1", "--set", "incident_date=2018-11-30")
    shown = json.loads(run_cli("missions", "show", "MINUSMA", "--format", "json").output)[0]
    assert (shown["first_month"], shown["last_month"]) == ("2018-11-30", "2020-07-31")

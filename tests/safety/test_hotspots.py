"""Gi* hotspots on H3 cells: a planted cluster is found, uniform incidents give nothing significant, over many seeds."""

from __future__ import annotations

import json

import h3
import numpy as np
import pytest

from pko.safety.hotspots import ALPHA, cells_of, geojson, hotspots

RESOLUTION = 7
CENTRE = h3.latlng_to_cell(14.5, -3.0, RESOLUTION)
AREA = sorted(h3.grid_disk(CENTRE, 8))  # 217 cells


def spread(rng: np.random.Generator, cells: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """n incidents, each in a cell drawn uniformly, placed within 300 m of the cell centre (cells are ~1.2 km wide)."""
    chosen = rng.integers(0, len(cells), n)
    centres = np.array([h3.cell_to_latlng(cell) for cell in cells])[chosen]
    angle, radius = rng.uniform(0, 2 * np.pi, n), 0.0027 * np.sqrt(rng.uniform(0, 1, n))
    lat = centres[:, 0] + radius * np.sin(angle)
    lon = centres[:, 1] + radius * np.cos(angle) / np.cos(np.radians(centres[:, 0]))
    return lat, lon


def test_incidents_land_in_the_cells_they_were_drawn_in():
    rng = np.random.default_rng(1)
    lat, lon = spread(rng, AREA, 500)
    found = {h3.int_to_str(int(cell)) for cell in cells_of(lat, lon, RESOLUTION)}
    assert found <= set(AREA)


def test_a_planted_cluster_is_found_hot():
    rng = np.random.default_rng(7)
    lat, lon = spread(rng, AREA, 2170)
    planted = AREA[40]
    extra_lat, extra_lon = spread(rng, [planted], 80)
    found = hotspots(np.concatenate([lat, extra_lat]), np.concatenate([lon, extra_lon]), RESOLUTION, area=AREA)
    hot = found.cells[found.cells["spot"] == "hot"]
    assert planted in set(hot["cell"]) and found.cells.set_index("cell").at[planted, "incidents"] > 80
    assert set(hot["cell"]) <= set(h3.grid_disk(planted, 1))
    assert (found.cells["spot"] == "cold").sum() == 0
    assert "Benjamini-Hochberg" in found.method and f"q < {ALPHA}" in found.method


def test_uniform_incidents_give_nothing_significant_over_many_seeds():
    # Under the null the false discovery rate control keeps P(any significant cell) <= alpha per seed.
    seeds = 60
    flagged = 0
    for seed in range(seeds):
        rng = np.random.default_rng(1000 + seed)
        lat, lon = spread(rng, AREA, 2170)
        found = hotspots(lat, lon, RESOLUTION, area=AREA)
        flagged += bool((found.cells["spot"] != "none").any())
    assert flagged / seeds <= ALPHA + 0.05


def test_incidents_outside_the_area_are_counted_and_left_out():
    rng = np.random.default_rng(3)
    lat, lon = spread(rng, AREA, 1000)
    found = hotspots(np.append(lat, 0.0), np.append(lon, 0.0), RESOLUTION, area=AREA)
    assert found.outside == 1 and found.cells["incidents"].sum() == 1000 and len(found.cells) == len(AREA)


def test_trend_per_cell_rises_where_incidents_grow():
    rng = np.random.default_rng(5)
    lat, lon = spread(rng, AREA, 4340)
    years = rng.integers(2015, 2020, len(lat))
    rising = AREA[100]
    extra = [spread(rng, [rising], 10 * (year - 2014)) for year in range(2015, 2020)]
    lat = np.concatenate([lat, *(e[0] for e in extra)])
    lon = np.concatenate([lon, *(e[1] for e in extra)])
    years = np.concatenate([years, *(np.full(10 * (year - 2014), year) for year in range(2015, 2020))])
    found = hotspots(lat, lon, RESOLUTION, years=years, area=AREA).cells.set_index("cell")
    assert found.at[rising, "trend_per_year"] > 5
    assert found["trend_per_year"].drop(rising).abs().max() < 5
    assert sum(found.at[rising, "by_year"].values()) == found.at[rising, "incidents"]


def test_geojson_is_hexagons_with_the_figures():
    rng = np.random.default_rng(2)
    lat, lon = spread(rng, AREA, 500)
    collection = json.loads(json.dumps(geojson(hotspots(lat, lon, RESOLUTION, years=np.full(500, 2020), area=AREA))))
    feature = collection["features"][0]
    ring = feature["geometry"]["coordinates"][0]
    assert feature["geometry"]["type"] == "Polygon" and len(ring) == 7 and ring[0] == ring[-1]
    assert {"cell", "incidents", "z", "p", "q", "spot", "trend_per_year"} <= set(feature["properties"])
    assert -4 < ring[0][0] < -2 and 13 < ring[0][1] < 16  # [lon, lat]


def test_bad_resolution_and_tiny_area_are_refused():
    with pytest.raises(ValueError, match="resolution"):
        hotspots(np.array([14.0]), np.array([-3.0]), 16)
    with pytest.raises(ValueError, match="at least 3 cells"):
        hotspots(np.array([14.0]), np.array([-3.0]), 7)


def write_incidents(path, lat, lon, years=None):
    rows = ["latitude,longitude,date"] + [f"{a:.6f},{b:.6f},{(years[i] if years is not None else 2020)}-06-01"
                                          for i, (a, b) in enumerate(zip(lat, lon))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_cli_geojson_and_table(run_cli, tmp_path):
    rng = np.random.default_rng(11)
    lat, lon = spread(rng, AREA, 2000)
    extra_lat, extra_lon = spread(rng, [AREA[40]], 80)
    path = tmp_path / "incidents.csv"
    write_incidents(path, np.concatenate([lat, extra_lat]), np.concatenate([lon, extra_lon]))
    result = run_cli("safety", "hotspots", "--incidents", str(path), "--resolution", "7", "--format", "geojson")
    assert result.exit_code == 0, result.output
    collection = json.loads(result.output)
    spots = {f["properties"]["cell"]: f["properties"]["spot"] for f in collection["features"]}
    assert spots[AREA[40]] == "hot" and {cell for cell, spot in spots.items() if spot != "none"} <= set(h3.grid_disk(AREA[40], 1))
    assert collection["properties"]["incidents"] == 2080
    table = run_cli("safety", "hotspots", "--incidents", str(path), "--resolution", "7")
    assert table.exit_code == 0 and AREA[40] in table.output and "Getis-Ord Gi*" in table.output


def test_cli_bad_files_name_row_and_field(run_cli, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("lat,lon\n14,-3\n", encoding="utf-8")
    result = run_cli("safety", "hotspots", "--incidents", str(wrong))
    assert result.exit_code == 2 and "wrong.csv, row 1, field 'latitude'" in result.output
    dated = tmp_path / "dated.csv"
    dated.write_text("latitude,longitude,date\n14,-3,2020-01-01\n14,-3,01/02/2020\n", encoding="utf-8")
    result = run_cli("safety", "hotspots", "--incidents", str(dated))
    assert result.exit_code == 2 and "dated.csv, row 3, field 'date'" in result.output
    far = tmp_path / "far.csv"
    far.write_text("latitude,longitude\n14,-3\n14,-300\n", encoding="utf-8")
    result = run_cli("safety", "hotspots", "--incidents", str(far))
    assert result.exit_code == 2 and "far.csv, row 3, field 'longitude'" in result.output


def test_api_hotspots(database_url, monkeypatch):
    from fastapi.testclient import TestClient

    from pko.config import get_settings

    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    rng = np.random.default_rng(12)
    lat, lon = spread(rng, AREA, 1500)
    extra_lat, extra_lon = spread(rng, [CENTRE], 80)
    incidents = [{"latitude": a, "longitude": b, "date": "2021-03-01"}
                 for a, b in zip(np.concatenate([lat, extra_lat]), np.concatenate([lon, extra_lon]))]
    answer = client.post("/api/v1/safety/hotspots", json={"incidents": incidents, "resolution": 7})
    assert answer.status_code == 200
    hot = {f["properties"]["cell"]: f["properties"] for f in answer.json()["features"] if f["properties"]["spot"] == "hot"}
    assert CENTRE in hot and set(hot) <= set(h3.grid_disk(CENTRE, 1))
    assert hot[CENTRE]["by_year"] == {"2021": hot[CENTRE]["incidents"]} and hot[CENTRE]["incidents"] > 80
    assert client.post("/api/v1/safety/hotspots", json={"incidents": [], "resolution": 7}).status_code == 422
    assert client.post("/api/v1/safety/hotspots", json={"incidents": incidents[:1], "resolution": 7}).status_code == 422
    assert client.post("/api/v1/safety/hotspots", json={"incidents": [{"latitude": 99, "longitude": 0}]}).status_code == 422
    get_settings.cache_clear()


def test_cli_reads_years_and_skips_rows_without_coordinates(run_cli, tmp_path):
    rng = np.random.default_rng(13)
    lat, lon = spread(rng, AREA, 600)
    path = tmp_path / "yearly.csv"
    rows = ["latitude,longitude,year", ",,2019"] + [f"{a:.6f},{b:.6f},{2015 + i % 5}" for i, (a, b) in enumerate(zip(lat, lon))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("safety", "hotspots", "--incidents", str(path), "--resolution", "7", "--format", "geojson")
    assert result.exit_code == 0
    collection = json.loads(result.stdout)
    assert collection["properties"]["incidents"] == 600
    assert set(collection["features"][0]["properties"]["by_year"]) == {"2015", "2016", "2017", "2018", "2019"}
    assert "1 row without coordinates skipped" in result.stderr


@pytest.mark.parametrize("seed", [3, 11])
@pytest.mark.parametrize("rings", [1, 2])
def test_z_scores_equal_esda_gi_star_on_the_same_weights(seed, rings):
    """Golden z-scores: PySAL's esda.G_Local(star=True) on the same H3-ring weights gives the same Gi* per cell."""
    import warnings

    from esda import G_Local
    from libpysal.weights import W

    rng = np.random.default_rng(seed)
    lat, lon = spread(rng, AREA, 600)
    planted_lat, planted_lon = spread(rng, AREA[100:103], 60)
    found = hotspots(np.concatenate([lat, planted_lat]), np.concatenate([lon, planted_lon]), RESOLUTION,
                     area=AREA, rings=rings).cells.set_index("cell").loc[AREA]
    neighbours = {cell: [near for near in h3.grid_disk(cell, rings) if near != cell and near in set(AREA)]
                  for cell in AREA}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = W(neighbours, id_order=AREA, silence_warnings=True)
        golden = G_Local(found["incidents"].to_numpy(float), weights, transform="B", star=True, permutations=0)
    assert np.abs(golden.Zs).max() > 3  # the planted cells stand out, so the comparison is not on flat data
    np.testing.assert_allclose(found["z"].to_numpy(), golden.Zs, atol=5e-5)

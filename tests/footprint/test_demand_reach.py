"""Demand cells from places and incidents; reach by ground, road and air, with bad input refused or stated."""

from __future__ import annotations

from datetime import date

import h3.api.basic_int as h3
import numpy as np
import pytest

from pko.footprint import demand, reach
from pko.safety.routes import network_from_arrays


def test_people_come_from_the_population_tag_else_the_stated_class_weight():
    places = demand.Places(np.array([14.0, 14.0, 15.0]), np.array([-1.0, -1.0, -2.0]),
                           np.array(["town", "village", "village"]), np.array([25_000, np.nan, np.nan]), "osm")
    mix = demand.Mix(people=1.0, threat=0.0, place_class_people={"town": 5000, "village": 800})
    cells = demand.build(places, None, date(2020, 1, 1), mix, resolution=6)
    assert len(cells) == 2 and cells.resolution == 6
    first = int(np.flatnonzero(cells.cells == h3.latlng_to_cell(14.0, -1.0, 6))[0])
    assert cells.people[first] == 25_800 and cells.people.sum() == 26_600
    assert cells.weight.sum() == pytest.approx(100.0)
    assert any("1 places with a population tag (osm)" in line for line in cells.sources)
    assert any("2 untagged 'village' places: 800 people each" in line for line in cells.sources)
    left = demand.build(demand.Places(np.array([14.0]), np.array([-1.0]), np.array(["country"]), np.array([2e7])),
                        None, date(2020, 1, 1), mix)
    assert len(left) == 0 and "1 places of other classes left out" in " ".join(left.sources)


def test_threat_halves_with_the_half_life_and_keeps_only_the_chosen_types():
    places = demand.Places(np.array([14.0]), np.array([-1.0]), np.array(["town"]), np.array([1000.0]))
    incidents = demand.Incidents(np.array([16.0, 16.0, 16.0, 17.0]), np.array([0.0, 0.0, 0.0, 1.0]),
                                 np.array(["2019-07-05", "2020-01-01", "2020-03-01", "2019-07-05"], "datetime64[D]"),
                                 np.array(["explosive_device", "explosive_device", "explosive_device", "theft"]))
    mix = demand.Mix(people=0.5, threat=0.5, half_life_days=180, incident_types=("explosive_device",))
    cells = demand.build(places, incidents, date(2020, 1, 1), mix)
    # 180 days old: 0.5; on the day: 1; after the date: nothing; a theft: nothing.
    assert sorted(cells.threat.tolist()) == [0.0, 1.5]
    assert cells.weight.sum() == pytest.approx(100.0) and sorted(cells.weight.tolist()) == [50.0, 50.0]


def test_straight_line_and_helicopter_minutes():
    sites = reach.Sites(["Gao"], [16.27], [-0.04], ["test"])
    # One degree of latitude north: 111.2 km; x 1.5 at 60 km/h = 166.8 min.
    ground = reach.straight_line(sites, np.array([17.27]), np.array([-0.04]), speed_kmh=60, detour=1.5)
    assert ground.minutes[0, 0] == pytest.approx(111.195 * 1.5, rel=1e-4)
    air = reach.by_air(sites, np.array([17.27, 19.5]), np.array([-0.04, -0.04]), speed_kmh=222.39, range_km=200,
                       launch_minutes=20)
    assert air.minutes[0, 0] == pytest.approx(50.0, rel=1e-4) and np.isinf(air.minutes[0, 1])
    assert ground.covers(167.0).toarray().tolist() == [[1]] and ground.covers(166.0).toarray().tolist() == [[0]]


def test_a_site_outside_the_world_is_refused_by_name():
    with pytest.raises(ValueError, match=r"site 1 \(Nowhere\): position \(95.0, 3.0\)"):
        reach.Sites(["Gao", "Nowhere"], [16.0, 95.0], [0.0, 3.0], ["test", "test"])


def test_road_minutes_follow_the_network_and_say_what_it_does_not_reach():
    # A road east along the equator: nodes at 0, 0.1, 0.2 degrees (11.1 km apart); an island road far away.
    network = network_from_arrays(np.array([0.0, 0.1, 0.2, 3.0, 3.1]), np.zeros(5), np.array([0, 1, 3]),
                                  np.array([1, 2, 4]))
    sites = reach.Sites(["west", "far"], [0.0, 0.0], [0.0, 1.5], ["test", "test"])
    cells = (np.array([0.0, 0.0]), np.array([0.2, 3.1]))
    road = reach.by_road(network, sites, *cells, speed_kmh=60, off_road_kmh=10, snap_km=10)
    assert road.minutes[0, 0] == pytest.approx(2 * 11.132, rel=1e-3)  # 22.3 km at 60 km/h
    assert np.isinf(road.minutes[0, 1])  # the island road is not connected
    assert np.isinf(road.minutes[1]).all()  # 'far' is 144 km from any road
    assert any("site far is" in note for note in road.notes)
    assert any("no site connects to" in note for note in road.notes)
    made = reach.road_times.made
    reach.by_road(network, sites, *cells, speed_kmh=60)
    assert reach.road_times.made == made  # node times reused for the same network and sites


def test_uncovered_gi_hot_spots_of_the_incidents_are_named():
    from pko.footprint import coverage
    from pko.footprint.service import Prepared, _uncovered

    rng = np.random.default_rng(7)
    lat, lon = 14 + 2 * rng.random(400), -2 + 2 * rng.random(400)
    places = demand.Places(lat, lon, np.array(["village"] * 400), np.full(400, np.nan))
    # 60 incidents around one village in the north-east, 10 scattered: a hot spot far from the only site.
    hot_lat, hot_lon = 15.9 + 0.01 * rng.random(60), -0.1 + 0.01 * rng.random(60)
    incidents = demand.Incidents(np.concatenate([hot_lat, lat[:10]]), np.concatenate([hot_lon, lon[:10]]),
                                 np.full(70, np.datetime64("2019-12-01")), np.array(["attack"] * 70))
    cells = demand.build(places, incidents, date(2020, 1, 1), resolution=6)
    sites = reach.Sites(["south-west"], [14.0], [-2.0], ["test"])
    reached = reach.straight_line(sites, cells.latitude, cells.longitude)
    prep = Prepared("TEST", date(2020, 1, 1), cells, sites, 1, 60.0, reached, [], [])
    plan = coverage.explain(coverage.patterns(cells.weight, reached.covers(60.0)), np.array([0]), "real footprint",
                            coverage.highs.Outcome("as deployed", np.empty(0), None, None, None, 0.0))
    found = _uncovered(prep, plan, 60.0)
    hot = [h for h in found if h.kind == "Gi* hot spot"]
    assert hot and all(abs(h.latitude - 15.9) < 0.2 and abs(h.longitude + 0.1) < 0.2 for h in hot)


def _tiff(path, crs: str, values: np.ndarray):
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    with rasterio.open(path, "w", driver="GTiff", height=values.shape[0], width=values.shape[1], count=1,
                       dtype="float32", crs=crs, transform=from_origin(-1.0, 15.0, 0.01, 0.01), nodata=-99999) as out:
        out.write(values.astype("float32"), 1)


def test_a_population_raster_gives_the_people_and_one_in_another_crs_is_refused(tmp_path):
    from pko.footprint.raster import people_by_cell

    values = np.full((20, 30), 5.0)
    values[0, 0] = -99999  # nodata
    _tiff(tmp_path / "pop.tif", "EPSG:4326", values)
    people = people_by_cell(tmp_path / "pop.tif", 7)
    assert sum(people.values()) == pytest.approx(5.0 * (20 * 30 - 1))
    places = demand.Places(np.empty(0), np.empty(0), np.empty(0), np.empty(0))
    cells = demand.build(places, None, date(2020, 1, 1), people_by_cell=people)
    assert cells.people.sum() == pytest.approx(2995.0) and "raster cells" in cells.sources[0]
    _tiff(tmp_path / "utm.tif", "EPSG:32630", values)
    with pytest.raises(ValueError, match="not WGS 84"):
        people_by_cell(tmp_path / "utm.tif", 7)

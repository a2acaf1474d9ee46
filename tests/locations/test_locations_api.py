"""The locations API over the loaded public data: GeoJSON of deployment locations, admin areas, places, QIPs."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import shape

from pko.config import get_settings


@pytest.fixture(scope="module")
def client(loaded_url):
    patch = pytest.MonkeyPatch()
    patch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    patch.undo()
    get_settings.cache_clear()


def _locations(client, **params) -> dict:
    response = client.get("/api/v1/locations", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_minusma_2018_is_a_feature_collection_of_its_camps(client):
    body = _locations(client, mission="MINUSMA", year=2018)
    assert body["type"] == "FeatureCollection" and body["total"] == len(body["features"]) == 14
    assert any("FrontMap_v.2.3.csv" in source for source in body["sources"])
    places = {feature["properties"]["location"]: feature for feature in body["features"]}
    assert {"Gao", "Kidal", "Tombouctou (Timbuktu)", "Ménaka", "Bamako"} <= set(places)
    gao = places["Gao"]
    assert gao["geometry"] == {"type": "Point", "coordinates": [-0.04472, 16.27167]}
    assert {"Germany", "China", "Bangladesh"} <= {c["name"] for c in gao["properties"]["contributors"]}
    assert {c["iso3"] for c in gao["properties"]["contributors"]} >= {"DEU", "CHN", "BGD"}


def test_one_feature_per_mission_location_in_a_year(client):
    body = _locations(client, year=2015)
    keys = Counter((f["properties"]["mission"], f["properties"]["location"], tuple(f["geometry"]["coordinates"]))
                   for f in body["features"])
    assert body["total"] > 250 and max(keys.values()) == 1
    assert {f["properties"]["year"] for f in body["features"]} == {2015}


def test_each_source(client):
    v1 = _locations(client, mission="MINUSMA", year=2018, source="geopko-v1")
    gao = next(f for f in v1["features"] if f["properties"]["location"] == "Gao")
    assert gao["properties"]["as_of"] == "2018-12-31" and gao["properties"]["troops"] == 5_635
    assert sum(c["troops"] for c in gao["properties"]["contributors"]) == 5_635
    radpko = _locations(client, mission="MINUSMA", year=2018, source="radpko")
    assert radpko["total"] > 5 and radpko["sources"][0].startswith("radpko: radpko_bases_cc_y.csv")
    assert any(f["properties"]["troops"] != round(f["properties"]["troops"]) for f in radpko["features"])


def test_bbox_keeps_only_what_lies_inside(client):
    mali = "-12.3,10.1,4.3,25.0"
    inside = _locations(client, year=2018, bbox=mali)
    assert inside["total"] > 0
    assert {f["properties"]["mission"] for f in inside["features"]} == {"MINUSMA"}
    for feature in inside["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -12.3 <= lon <= 4.3 and 10.1 <= lat <= 25.0


@pytest.mark.parametrize("params", [
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "10,0,5,1"}, {"bbox": "0,-95,1,1"},
    {"mission": "NOPE"}, {"source": "acled"}, {"year": "twenty"}, {"colour": "red"}, {"limit": 0},
])
def test_bad_values_are_422(client, params):
    assert client.get("/api/v1/locations", params=params).status_code == 422


def test_paging_of_features(client):
    whole = _locations(client, year=2010)
    page = _locations(client, year=2010, limit=5, offset=5)
    assert page["total"] == whole["total"] and page["features"] == whole["features"][5:10]


def test_admin_areas_level_1(client):
    response = client.get("/api/v1/locations/admin-areas", params={"level": 1})
    assert response.status_code == 200
    body = response.json()
    assert len(body["features"]) == 9
    names = {f["properties"]["name"] for f in body["features"]}
    assert {"Bamako", "Gao", "Kidal", "Tombouctou", "Mopti"} <= names
    assert all(shape(f["geometry"]).is_valid for f in body["features"])
    full = client.get("/api/v1/locations/admin-areas", params={"level": 1, "tolerance": 0}).content
    assert len(response.content) < len(full) / 2
    cercles = client.get("/api/v1/locations/admin-areas", params={"level": 2, "parent": "ML07"}).json()
    assert {f["properties"]["name"] for f in cercles["features"]} == {"Ansongo", "Bourem", "Gao", "Ménaka"}
    assert client.get("/api/v1/locations/admin-areas", params={"level": 3}).status_code == 422


def test_places_search(client):
    body = client.get("/api/v1/locations/places", params={"q": "tombouctou"}).json()
    assert body["total"] >= 2 and body["sources"]
    assert body["items"][0]["name"] == "Tombouctou" and body["items"][0]["name_en"] == "Timbuktu"
    cod = client.get("/api/v1/locations/places", params={"q": "Gao", "dataset": "ocha-cod", "limit": 500}).json()
    assert any(item["admin1_name"] == "Gao" and item["kind"] == "Admin1 Capital" for item in cod["items"])
    assert client.get("/api/v1/locations/places", params={"dataset": "geonames"}).status_code == 422
    assert client.get("/api/v1/locations/places", params={"q": "100%"}).json()["total"] == 0


def test_qips(client):
    body = client.get("/api/v1/locations/qips", params={"limit": 1000}).json()
    assert body["total"] == 451 and len(body["items"]) == 451
    in_2019 = client.get("/api/v1/locations/qips", params={"year": 2019}).json()
    assert 0 < in_2019["total"] < 451
    assert all(item["start_date"].startswith("2019") for item in in_2019["items"])
    assert client.get("/api/v1/locations/qips", params={"year": "x"}).status_code == 422

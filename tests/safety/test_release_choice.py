"""Rates and comparisons name their fatalities release, and an older release stays reproducible after a newer one."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from fatality_releases import NEWER, RECLASSIFIED, RELEASE_2023, write_newer_release

from pko.config import get_settings


@pytest.fixture
def two_releases(run_cli, data_dir, tmp_path):
    for command, path in (("member-states", data_dir / "un_member_states/un_member_states_193.csv"),
                          ("fatalities", data_dir / RELEASE_2023),
                          ("fatalities", write_newer_release(data_dir, tmp_path))):
        result = run_cli("import", command, str(path))
        assert result.exit_code == 0, result.output


def _compare(run_cli, *options):
    result = run_cli("safety", "compare", "--from", "2017", "--to", "2018", "--incident-type", "Malicious Act",
                     *options, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_2023_figures_stay_reproducible_after_a_newer_release(run_cli, two_releases):
    newest = _compare(run_cli)
    assert newest["release"] == NEWER
    assert (newest["count_from"], newest["count_to"]) == (58 - RECLASSIFIED, 27)
    chosen = _compare(run_cli, "--release", "2023-11-28")
    assert chosen["release"] == "2023-11-28"
    assert (chosen["count_from"], chosen["count_to"]) == (58, 27)
    assert any("release 2023-11-28" in source for source in chosen["sources"])
    table = run_cli("safety", "compare", "--from", "2017", "--to", "2018", "--incident-type", "Malicious Act",
                    "--release", "2023-11-28")
    assert "fatalities release 2023-11-28" in table.output and "58 in 2017 -> 27 in 2018" in table.output


def test_rates_take_a_release_and_name_it(run_cli, two_releases):
    newest = run_cli("safety", "rates", "--by", "mission", "--year", "2017", "--incident-type", "Malicious Act")
    older = run_cli("safety", "rates", "--by", "mission", "--year", "2017", "--incident-type", "Malicious Act",
                    "--release", "2023-11-28", "--format", "json")
    assert newest.exit_code == 0 and older.exit_code == 0, older.output
    assert f"release {NEWER}" in newest.output
    assert sum(row["fatalities"] for row in json.loads(older.output)) == 58
    unknown = run_cli("safety", "rates", "--by", "mission", "--release", "2020-01-01")
    assert unknown.exit_code == 2 and "no release 2020-01-01" in unknown.output


def test_api_routes_take_a_release(database_url, two_releases, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    client = TestClient(create_app())
    params = {"from": 2017, "to": 2018, "incident_type": "Malicious Act"}
    assert client.get("/api/v1/safety/compare", params=params).json()["count_from"] == 58 - RECLASSIFIED
    older = client.get("/api/v1/safety/compare", params=params | {"release": "2023-11-28"}).json()
    assert (older["release"], older["count_from"], older["count_to"]) == ("2023-11-28", 58, 27)
    rates = client.get("/api/v1/safety/rates", params={"by": "mission", "year": 2017, "incident_type": "Malicious Act",
                                                        "release": "2023-11-28", "limit": 200}).json()
    assert sum(row["fatalities"] for row in rates["items"]) == 58
    assert any("release 2023-11-28" in source for source in rates["sources"])
    get_settings.cache_clear()

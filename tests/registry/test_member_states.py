"""Member states and organizations over the API and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from pko.config import get_settings
from pko.sources import un_member_states
from pko.sources.importer import import_file

STATES = "un_member_states/un_member_states_193.csv"


@pytest.fixture
def client(engine, data_dir, database_url, monkeypatch):
    import_file(engine, un_member_states, data_dir / STATES)
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def test_193_member_states_paged_and_filtered(client):
    page = client.get("/api/v1/member-states", params={"limit": 50}).json()
    assert page["total"] == 193 and len(page["items"]) == 50
    assert any(source.startswith("member-states") for source in page["sources"])
    rest = client.get("/api/v1/member-states", params={"limit": 50, "offset": 150}).json()
    assert len(rest["items"]) == 43
    african = client.get("/api/v1/member-states", params={"regional_group": "African Group"}).json()
    assert african["total"] == 54 and all(item["regional_group"] == "African Group" for item in african["items"])
    europe = client.get("/api/v1/member-states", params={"m49_region": "europe"}).json()
    assert europe["total"] > 40 and all(item["m49_region"] == "Europe" for item in europe["items"])
    found = client.get("/api/v1/member-states", params={"q": "ivoire"}).json()
    assert [item["iso3"] for item in found["items"]] == ["CIV"]
    assert client.get("/api/v1/member-states", params={"q": "tur"}).json()["total"] >= 1


def test_one_state_and_bad_requests(client):
    state = client.get("/api/v1/member-states/tur").json()
    assert state["name"] == "Türkiye" and state["regional_group"] == "WEOG"
    assert client.get("/api/v1/member-states/XXX").status_code == 404
    assert client.get("/api/v1/member-states", params={"regional_group": "Nowhere"}).status_code == 422
    assert client.get("/api/v1/member-states", params={"colour": "blue"}).status_code == 422
    assert client.get("/api/v1/member-states", params={"limit": 0}).status_code == 422


def test_organizations_seeded_by_migration(client):
    page = client.get("/api/v1/organizations").json()
    codes = {item["code"]: item for item in page["items"]}
    assert {"UN-SC", "UN-GA-C5", "UN-DPO", "UN-DOS", "AU-COMMISSION", "AU-PSC"} <= set(codes)
    assert codes["UN-DPO"]["parent_code"] == "UN-SECRETARIAT" and codes["AU-PSC"]["parent_code"] == "AU"
    assert page["total"] == len(page["items"]) == 9


def test_cli_states_and_organizations(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / STATES)).exit_code == 0
    result = run_cli("registry", "states", "--regional-group", "WEOG", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {row["regional_group"] for row in rows} == {"WEOG"} and "TUR" in {row["iso3"] for row in rows}
    everything = json.loads(run_cli("registry", "states", "--format", "json").output)
    assert len(everything) == 193
    table = run_cli("registry", "states", "--q", "ivoire")
    assert "CIV" in table.output
    assert run_cli("registry", "states", "--regional-group", "Nowhere").exit_code != 0
    orgs = json.loads(run_cli("registry", "organizations", "--format", "json").output)
    assert "Department of Peace Operations" in {org["name"] for org in orgs}

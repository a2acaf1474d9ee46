"""AU-led operations as first-class missions: the body that mandated them and the Security Council resolution
that authorized them, recorded and edited through the API, the command line and the UI, shown on the mission page."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
ATMIS = ["missions", "add", "ATMIS", "--country", "SOM", "--mandating-body", "AU Peace and Security Council",
         "--council-authorization", "S/RES/2628 (2022)"]


@pytest.fixture
def states(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv")).exit_code == 0


def _show(run_cli, acronym: str) -> dict:
    result = run_cli("missions", "show", acronym, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)[0]


def test_cli_records_an_au_led_operation_with_its_mandating_body_and_authorization(run_cli, states):
    result = run_cli(*ATMIS)
    assert result.exit_code == 0, result.output
    assert "ATMIS" in result.output and "version 1" in result.output
    shown = _show(run_cli, "ATMIS")
    assert shown["kind"] == "AU-led operation" and shown["country"] == "Somalia"
    assert shown["mandating_body"] == "AU Peace and Security Council"
    assert shown["council_authorization"] == "S/RES/2628 (2022)"


def test_cli_edits_against_the_version_and_refuses_a_stale_one(run_cli, states, engine):
    run_cli(*ATMIS)
    edited = run_cli("missions", "edit", "ATMIS", "--version", "1", "--hq", "Mogadishu", "--name",
                     "African Union Transition Mission in Somalia", "--council-authorization", "S/RES/2687 (2023)")
    assert edited.exit_code == 0, edited.output
    assert "version 2" in edited.output
    shown = _show(run_cli, "ATMIS")
    assert (shown["hq"], shown["council_authorization"], shown["version"]) == ("Mogadishu", "S/RES/2687 (2023)", 2)
    stale = run_cli("missions", "edit", "ATMIS", "--version", "1", "--hq", "Nairobi")
    assert stale.exit_code == 1 and "at version 2, not 1" in stale.output
    assert _show(run_cli, "ATMIS")["hq"] == "Mogadishu"
    with session_scope(engine) as session:
        entry = audit.entries(session, record_type="mission", limit=1)[0]
        assert entry.action == "update" and entry.before["hq"] is None and entry.after["hq"] == "Mogadishu"
        assert entry.actor.startswith("cli:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ATMIS", "--version", "1", "--council-authorization", "2628"], "not a Security Council resolution symbol"),
        (["ATMIS", "--version", "1", "--kind", "crusade"], "kind"),
        (["ATMIS", "--version", "1", "--mandating-body", "   "], "name the body that mandated"),
        (["ATMIS", "--version", "1", "--hq-lat", "95"], "hq_lat"),
        (["ATMIS", "--version", "1"], "nothing to change"),
        (["NOSUCH", "--version", "1", "--hq", "X"], "no mission NOSUCH"),
    ],
)
def test_cli_edit_refuses_bad_input_with_a_message(run_cli, states, args, message):
    run_cli(*ATMIS)
    result = run_cli("missions", "edit", *args)
    assert result.exit_code == 1 and message in result.output
    assert _show(run_cli, "ATMIS")["version"] == 1


def test_cli_refuses_to_edit_a_mission_from_the_data(run_cli, states, data_dir):
    run_cli("import", "contributions", str(data_dir / "un_contributions_ipi/ipi_data_mission_1990-11_to_2017-03.csv"))
    result = run_cli("missions", "edit", "MINUSMA", "--version", "1", "--hq", "Gao")
    assert result.exit_code == 1 and "re-import" in result.output


@pytest.fixture
def admin(engine, database_url, states, monkeypatch):
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        token, _ = accounts.create_token(session, username="ada", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False), {"Authorization": f"Bearer {token}"}
    get_settings.cache_clear()


def test_api_records_and_edits_the_mandating_body_and_authorization(admin):
    client, auth = admin
    body = {"acronym": "MNJTF", "name": "Multinational Joint Task Force", "kind": "AU-led operation",
            "mandating_body": "AU Peace and Security Council"}
    created = client.post("/api/v1/missions", json=body, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["mandating_body"] == "AU Peace and Security Council"
    assert created.json()["council_authorization"] is None
    edit = {"council_authorization": "S/RES/2349 (2017)"}
    done = client.patch("/api/v1/missions/MNJTF", json=edit, headers={**auth, "If-Match": '"1"'})
    assert done.status_code == 200 and done.json()["council_authorization"] == "S/RES/2349 (2017)"
    bad = client.patch("/api/v1/missions/MNJTF", json={"council_authorization": "resolution 2349"},
                       headers={**auth, "If-Match": '"2"'})
    assert bad.status_code == 422 and "resolution symbol" in bad.text
    page = client.get("/missions/MNJTF").text
    assert "AU Peace and Security Council" in page and "S/RES/2349 (2017)" in page


def test_records_form_takes_the_mandating_body_and_authorization(admin):
    client, _ = admin
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": csrf})
    page = client.get("/records").text
    headers = {"X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1), "HX-Request": "true"}
    form = {"acronym": "AMISOM", "mandating_body": "AU Peace and Security Council", "council_authorization": "S/RES/1744 (2007)"}
    assert client.post("/records/missions", data=form, headers=headers).status_code == 204
    bad = client.post("/records/missions/AMISOM", data={"version": "1", "council_authorization": "1744"}, headers=headers)
    assert bad.status_code == 422 and "resolution symbol" in bad.text
    assert client.post("/records/missions/AMISOM", data={"version": "1", "mandating_body": "AU PSC"},
                       headers=headers).status_code == 204
    listed = client.get("/records").text
    assert "AU PSC" in listed and "S/RES/1744 (2007)" in listed

"""Scheduling on old data: past 12 months beyond the contributions on record it is refused unless confirmed,
the answer says how old the contributors invited are and which Council seats are missing, and no consultation
falls on a weekend."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope
from pko.sources import ipi_gender, un_member_states, unsc_membership
from pko.sources.importer import import_file

PASSWORD = "correct horse battery"
SCHEDULE = "/api/v1/consultations/schedule"
MINUSCA_2027 = ("mandates", "create", "MINUSCA", "S/RES/2759 (2024)", "--adopted", "2024-11-14", "--expires", "2027-06-30")


@pytest.fixture
def record(engine, data_dir, run_cli):
    """Member states, the Council to 2027 (2027 with 10 of 15 seats) and IPI's contributions to 2014-08."""
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    import_file(engine, unsc_membership, data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv")
    import_file(engine, unsc_membership, data_dir / "unsc_membership/unsc_membership_2025-2027_supplement.csv")
    import_file(engine, ipi_gender, data_dir / "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv")
    return engine


def adopt(run_cli, *create: str) -> None:
    assert run_cli(*create).exit_code == 0
    mandate = json.loads(run_cli("mandates", "list", "--format", "json").stdout)[-1]
    stepped = run_cli("mandates", "step", str(mandate["id"]), "adopted", "--on", create[5], "--version", "1")
    assert stepped.exit_code == 0, stepped.output


def test_the_cli_refuses_a_2027_consultation_on_2014_contributors_unless_confirmed(record, run_cli):
    adopt(run_cli, *MINUSCA_2027)
    refused = run_cli("consult", "schedule", "MINUSCA", "--lead-weeks", "4")
    assert refused.exit_code == 1
    assert "contributions data of MINUSCA ends 2014-08-31 — 12.8 years before the date asked" in refused.stderr
    assert "--allow-stale" in refused.stderr
    assert json.loads(run_cli("consult", "list", "--format", "json").stdout) == []  # nothing created

    done = run_cli("consult", "schedule", "MINUSCA", "--lead-weeks", "4", "--allow-stale", "--format", "json")
    assert done.exit_code == 0, done.output
    [row] = json.loads(done.stdout)
    assert (row["outcome"], row["held_on"], row["as_of"], row["stale"], row["council_complete"]) == (
        "created", "2027-06-02", "2014-08-31", True, False)
    assert "12.8 years before the date asked" in row["note"] and "5 elected members of 2027 are not in the record" in row["note"]
    assert "warning: MINUSCA: contributors of 2014-08-31" in done.stderr
    meeting = json.loads(run_cli("consult", "list", "--format", "json").stdout)[0]
    assert meeting["held_on"] == "2027-06-02"


def test_a_consultation_due_on_a_saturday_is_held_the_friday_before(record, run_cli):
    adopt(run_cli, "mandates", "create", "MINUSMA", "S/RES/2100 (2013)", "--adopted", "2013-04-25", "--expires", "2014-06-28")
    done = run_cli("consult", "schedule", "MINUSMA", "--lead-weeks", "0", "--format", "json")
    [row] = json.loads(done.stdout)
    assert (row["held_on"], row["moved_from"], row["stale"], row["as_of"]) == ("2014-06-27", "2014-06-28", False, "2014-05-31")
    assert "moved from Saturday 2014-06-28 to Friday 2014-06-27" in row["note"]
    assert "warning" not in done.stderr


@pytest.fixture
def client(record, database_url, monkeypatch):
    with session_scope(record) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        token, _ = accounts.create_token(session, username="ada", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    test_client = TestClient(create_app(), follow_redirects=False)
    test_client.headers["Authorization"] = f"Bearer {token}"
    yield test_client
    get_settings.cache_clear()


def test_the_api_and_the_form_refuse_unless_allow_stale(client, run_cli):
    adopt(run_cli, *MINUSCA_2027)
    refused = client.post(SCHEDULE, json={"mission": "MINUSCA", "lead_weeks": 4})
    assert refused.status_code == 422 and "12.8 years before the date asked" in refused.text and "allow_stale" in refused.text
    every = client.post(SCHEDULE, json={"all": True, "lead_weeks": 4}).json()
    assert [(row["outcome"], row["stale"]) for row in every] == [("refused", True)]
    form_client = TestClient(client.app, follow_redirects=False)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form_client.get("/login").text).group(1)
    form_client.post("/login", data={"username": "ada", "password": PASSWORD, "csrf": csrf, "next": "/"})
    page = form_client.get("/consultations").text
    assert 'name="allow_stale"' in page
    headers = {"X-CSRF-Token": re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1), "HX-Request": "true"}
    unconfirmed = form_client.post("/consultations/schedule", data={"mission": "MINUSCA", "lead_weeks": "4"}, headers=headers)
    assert "12.8 years before the date asked" in unconfirmed.text
    confirmed = form_client.post("/consultations/schedule", data={"mission": "MINUSCA", "lead_weeks": "4", "allow_stale": "true"},
                                 headers=headers)
    assert confirmed.status_code == 200 and "created" in confirmed.text and 'class="stale-badge"' in confirmed.text
    meeting_id = re.search(r'href="/consultations/(\d+)"', confirmed.text).group(1)
    page = form_client.get(f"/consultations/{meeting_id}").text  # the invitation list says what it lacks
    assert re.search(r'data-stale="invitations-mandate">[^<]*5 elected members of 2027 are not in the record', page)
    assert re.search(r'data-stale="invitations-contributors">[^<]*ends 2014-08-31 — 12\.\d years before the date asked', page)

    done = client.post(SCHEDULE, json={"mission": "MINUSCA", "lead_weeks": 4, "allow_stale": True})
    assert done.status_code == 200, done.text
    [row] = done.json()
    assert (row["outcome"], row["as_of"], row["stale"], row["council_complete"]) == ("exists", None, False, None)
    meeting = client.get(f"/api/v1/consultations/{row['meeting_id']}").json()
    assert sum("Council member" in p["capacity"] for p in meeting["participants"]) == 10

"""Scheduling triangular consultations through the API and the /consultations form: the same outcome as the
command line, once however often it runs, only for writers over every meeting, bad requests refused with a reason."""

from __future__ import annotations

import json
import re

import pytest
from conftest import POSTGRES, _drop_postgres_database, new_database_url
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import engine_for, session_scope
from pko.sources import ipi_gender, un_member_states, unsc_membership
from pko.sources.importer import import_file

PASSWORD = "correct horse battery"
ROLES = {"ada": ("secretariat-admin", "UN-DPO"), "kofi": ("safety-officer", "UN-DOS"), "amina": ("au-officer", "AU-COMMISSION")}
SCHEDULE = "/api/v1/consultations/schedule"


def load(url: str, data_dir, *, contributions: bool) -> None:
    """The member states, the Council seats and (for the real record) the IPI contributions by mission and month."""
    engine = engine_for(url)
    import_file(engine, un_member_states, data_dir / "un_member_states/un_member_states_193.csv")
    import_file(engine, unsc_membership, data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv")
    if contributions:
        import_file(engine, ipi_gender, data_dir / "un_contributions_ipi/ipi_full_gender_data_2009-11_to_2014-08.csv")
    engine.dispose()


def minusma_mandate(run_cli, url: str | None = None) -> None:
    """MINUSMA's mandate under resolution 2100, adopted, expiring on 30 June 2014."""
    created = run_cli("mandates", "create", "MINUSMA", "S/RES/2100 (2013)", "--adopted", "2013-04-25", "--expires", "2014-06-30", url=url)
    assert created.exit_code == 0, created.output
    assert run_cli("mandates", "step", "1", "adopted", "--on", "2013-04-25", "--version", "1", url=url).exit_code == 0


def tokens(engine) -> dict[str, str]:
    found = {}
    with session_scope(engine) as session:
        for username, (role, organization) in ROLES.items():
            accounts.create_user(session, username=username, password=PASSWORD, organization_code=organization,
                                 roles=[role], actor="test")
            found[username], _ = accounts.create_token(session, username=username, name="test", actor="test")
    return found


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def app_for(database_url, monkeypatch):
    """A client on the test's database, made once the environment is set."""
    def make(**settings: str) -> TestClient:
        monkeypatch.setenv("PKO_DATABASE_URL", database_url)
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        from pko.app import create_app

        return TestClient(create_app(), follow_redirects=False)

    yield make
    get_settings.cache_clear()


@pytest.fixture
def cli_url(tmp_path):
    """A second database, for the command line to schedule the same record."""
    folder = tmp_path / "cli"
    folder.mkdir()
    url = new_database_url(folder)
    yield url
    if POSTGRES:
        _drop_postgres_database(url)


def test_the_api_schedules_minusma_on_the_real_record_as_the_command_line_does(
        database_url, cli_url, engine, data_dir, run_cli, app_for):
    for url in (database_url, cli_url):
        load(url, data_dir, contributions=True)
        minusma_mandate(run_cli, url)
    by_cli = run_cli("consult", "schedule", "MINUSMA", "--lead-weeks", "4", "--format", "json", url=cli_url)
    token = tokens(engine)["ada"]
    client = app_for()

    answer = client.post(SCHEDULE, json={"mission": "minusma", "lead_weeks": 4}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    assert answer.json() == json.loads(by_cli.stdout)
    [row] = answer.json()
    assert (row["mission"], row["outcome"], row["held_on"], row["expires_on"], row["contributors_month"]) == (
        "MINUSMA", "created", "2014-06-02", "2014-06-30", "2014-05-31")

    rows = client.get("/api/v1/contributions/summary", headers=bearer(token), params={
        "by": "country", "mission": "MINUSMA", "date": "2014-05-31", "limit": 1000}).json()["items"]
    contributors = {r["iso3"] for r in rows if r["total"]}
    council = {seat["iso3"] for seat in json.loads(run_cli("registry", "council", "--year", "2014", "--format", "json").stdout)["members"]}
    assert len(contributors) == 43 and len(council) == 15
    meeting = client.get(f"/api/v1/consultations/{row['meeting_id']}", headers=bearer(token)).json()
    assert {p["state_iso3"] for p in meeting["participants"] if "contributor" in p["capacity"]} == contributors
    assert {p["state_iso3"] for p in meeting["participants"] if "Council member" in p["capacity"]} == council
    assert [p["organization_code"] for p in meeting["participants"] if p["capacity"] == "Secretariat"] == ["UN-DPO"]
    assert row["invited"] == len(meeting["participants"]) == len(contributors | council) + 1
    assert meeting["created_by"] == "ada" and meeting["mandate_id"] == row["mandate_id"]
    audit = client.get("/api/v1/audit", headers=bearer(token), params={"actor": "ada", "limit": 1000}).json()["items"]
    assert sorted({(e["action"], e["record_type"]) for e in audit}) == [("create", "meeting"), ("invite", "meeting-participant")]
    assert len(audit) == 1 + row["invited"]

    again = client.post(SCHEDULE, json={"mission": "MINUSMA", "lead_weeks": 6}, headers=bearer(token)).json()
    every = client.post(SCHEDULE, json={"all": True}, headers=bearer(token)).json()
    assert [(r["outcome"], r["meeting_id"], r["held_on"], r["invited"]) for r in again + every] == \
        [("exists", row["meeting_id"], "2014-06-02", row["invited"])] * 2
    listed = client.get("/api/v1/consultations", headers=bearer(token), params={"mission": "MINUSMA"}).json()
    assert listed["total"] == 1
    assert client.get("/api/v1/audit", headers=bearer(token), params={"actor": "ada", "limit": 1000}).json()["total"] == len(audit)


@pytest.mark.parametrize(("body", "reason"), [
    ({}, "not both"), ({"mission": "MINUSMA", "all": True}, "not both"), ({"all": False}, "not both"),
    ({"mission": "MINUSMA", "lead_weeks": 53}, "less than or equal to 52"),
    ({"mission": "MINUSMA", "lead_weeks": -1}, "greater than or equal to 0"),
    ({"mission": "MINUSMA", "lead_weeks": "soon"}, "valid integer"), ({"mission": "M"}, "at least 2"),
    ({"mission": "MINUSMA", "when": "now"}, "not permitted"), ({"mission": "ATLANTIS"}, "not a known mission"),
])
def test_bad_requests_are_refused_with_a_reason(engine, app_for, body, reason):
    token = tokens(engine)["ada"]
    answer = app_for().post(SCHEDULE, json=body, headers=bearer(token))
    assert answer.status_code == 422 and reason in json.dumps(answer.json()["detail"])


def test_only_writers_over_every_meeting_schedule_and_the_setting_gives_the_default_lead(
        database_url, engine, data_dir, run_cli, app_for):
    load(database_url, data_dir, contributions=False)
    minusma_mandate(run_cli)
    found = tokens(engine)
    client = app_for(PKO_CONSULTATION_LEAD_WEEKS="2")
    body = {"mission": "MINUSMA"}
    assert client.post(SCHEDULE, json=body).status_code == 401
    refused = client.post(SCHEDULE, json=body, headers=bearer(found["kofi"]))  # reads consultations, writes none
    assert refused.status_code == 403 and "write on consultations" in refused.json()["detail"]
    narrower = client.post(SCHEDULE, json=body, headers=bearer(found["amina"]))  # writes her organization's meetings only
    assert narrower.status_code == 403 and "over every meeting" in narrower.json()["detail"]
    assert client.get("/api/v1/consultations", headers=bearer(found["ada"])).json()["total"] == 0

    done = client.post(SCHEDULE, json={"all": True}, headers=bearer(found["ada"])).json()
    assert [(r["mission"], r["outcome"], r["held_on"], r["invited"]) for r in done] == [("MINUSMA", "created", "2014-06-16", 16)]
    assert "no contributions on record" in done[0]["note"]
    assert client.post(SCHEDULE, json={"mission": "UNMISS"}, headers=bearer(found["ada"])).json() == [
        {"mission": "UNMISS", "outcome": "no mandate", "meeting_id": None, "held_on": None, "mandate_id": None,
         "expires_on": None, "contributors_month": None, "invited": 0,
         "note": "no adopted, renewed or amended mandate with an expiry", "as_of": None, "stale": False, "moved_from": None,
         "council_complete": None}]


def sign_in(client: TestClient, username: str) -> str:
    """Sign in through the login form; the CSRF token of the consultations page."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/"})
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/consultations").text).group(1)


def test_a_writer_schedules_from_the_consultations_page(database_url, engine, data_dir, run_cli, app_for):
    load(database_url, data_dir, contributions=False)
    minusma_mandate(run_cli)
    tokens(engine)
    client = app_for()
    csrf = sign_in(client, "ada")
    page = client.get("/consultations").text
    assert "Schedule before mandate expiry" in page and 'name="lead_weeks" type="number" min="0" max="52" required value="4"' in page
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}

    created = client.post("/consultations/schedule", data={"mission": "MINUSMA", "lead_weeks": "4"}, headers=headers)
    assert created.status_code == 200 and ">created</span>" in created.text
    assert 'href="/consultations/1"' in created.text and "2014-06-02" in created.text and "<html" not in created.text
    page = client.get("/consultations").text
    assert "June 2014" in page and "Triangular consultation on MINUSMA before the mandate of S/RES/2100 (2013)" in page

    again = client.post("/consultations/schedule", data={"all": "true", "lead_weeks": "4"}, headers=headers)
    assert again.status_code == 200 and ">exists</span>" in again.text and 'href="/consultations/1"' in again.text
    plain = client.post("/consultations/schedule", data={"mission": "UNMISS", "lead_weeks": "4"}, headers={"X-CSRF-Token": csrf})
    assert plain.status_code == 200 and "<html" in plain.text and ">no mandate</span>" in plain.text
    assert client.get("/api/v1/consultations").json()["total"] == 1

    for data, reason in (({"mission": "MINUSMA", "all": "true", "lead_weeks": "4"}, "not both"),
                         ({"mission": "MINUSMA", "lead_weeks": "soon"}, "lead_weeks"),
                         ({"mission": "MINUSMA", "lead_weeks": "60"}, "lead_weeks"),
                         ({"mission": "ATLANTIS", "lead_weeks": "4"}, "not a known mission")):
        refused = client.post("/consultations/schedule", data=data, headers=headers)
        assert refused.status_code == 422 and 'role="alert"' in refused.text and reason in refused.text
    assert client.post("/consultations/schedule", data={"mission": "MINUSMA"}, headers={"HX-Request": "true"}).status_code == 403

    for reader in ("kofi", "amina"):  # a reader; a writer of one organization's meetings
        client.cookies.clear()
        csrf = sign_in(client, reader)
        page = client.get("/consultations").text
        assert "Triangular consultation on MINUSMA" in page and "Schedule before mandate expiry" not in page
        assert client.post("/consultations/schedule", data={"mission": "MINUSMA", "lead_weeks": "4"},
                           headers={"X-CSRF-Token": csrf, "HX-Request": "true"}).status_code == 403

"""Consultations in the UI: the calendar by month, a meeting page with its pack and decisions, forms against versions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.consult import service
from pko.consult.schemas import MeetingCreate, ParticipantIn
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def client(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        accounts.create_user(session, username="deu", password=PASSWORD, roles=["state-delegate"], actor="test",
                             organization_code=accounts.delegation(session, "DEU").code)
        for day, mission in (("2014-06-02", "MINUSMA"), ("2014-06-20", "UNMISS"), ("2014-09-10", "MINUSMA")):
            service.create_meeting(session, actor="test", data=MeetingCreate(
                kind="triangular", title=f"Consultation on {mission} {day}", mission=mission, held_on=day,
                participants=[ParticipantIn(state_iso3="FRA", capacity="contributor"), ParticipantIn(organization_code="UN-DPO")]))
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


def sign_in(client: TestClient, username: str) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/"})


def test_the_calendar_groups_meetings_by_month_within_the_callers_scope(client):
    assert client.get("/consultations").headers["location"] == "/login?next=/consultations"
    sign_in(client, "ada")
    page = client.get("/consultations").text
    assert page.index("June 2014") < page.index("September 2014")
    assert page.count("Consultation on MINUSMA") == 2 and 'href="/actions"' in page and 'href="/partnerships"' in page
    only = client.get("/consultations", params={"mission": "MINUSMA", "from": "2014-07-01"}).text
    assert "Consultation on MINUSMA 2014-09-10" in only and "2014-06-02" not in only
    assert "not a known mission" in client.get("/consultations", params={"mission": "ATLANTIS"}).text
    client.cookies.clear()
    sign_in(client, "deu")
    assert "Consultation on" not in client.get("/consultations").text  # Germany is invited to none
    assert client.get("/consultations/1").status_code == 404


def test_meeting_page_shows_the_pack_and_records_edits_and_decisions(client):
    sign_in(client, "ada")
    page = client.get("/consultations/1").text
    assert "Briefing pack: MINUSMA as of 2014-06-02" in page and "Delegation of France" in page
    assert "format=pdf" in page and 'name="version" value="1"' in page
    csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)
    headers = {"X-CSRF-Token": csrf, "HX-Request": "true"}
    saved = client.post("/consultations/1", data={"version": "1", "status": "held", "minutes": "Renewal supported."}, headers=headers)
    assert saved.status_code == 204 and saved.headers["hx-redirect"] == "/consultations/1"
    stale = client.post("/consultations/1", data={"version": "1", "status": "held", "minutes": "Overwritten?"}, headers=headers)
    assert stale.status_code == 409 and "version 2" in stale.text
    decided = client.post("/consultations/1/decisions", headers=headers, data={
        "decided_by": "UN-SC", "decided_on": "2014-06-25", "text": "Renew the mandate for a year."})
    assert decided.status_code == 204
    bad = client.post("/consultations/1/decisions", headers=headers, data={"decided_by": "UN-SC", "decided_on": "June", "text": "x"})
    assert bad.status_code == 422 and "decided_on" in bad.text
    came = client.post("/consultations/1/attendance/1", data={"version": "1", "status": "attended"}, headers=headers)
    assert came.status_code == 204
    page = client.get("/consultations/1").text
    assert "Renewal supported." in page and "Renew the mandate for a year." in page and ">attended</span>" in page
    created = client.post("/consultations", headers=headers, data={
        "kind": "wgpko", "title": "Working Group on safety", "theme": "Safety of peacekeepers", "held_on": "2014-11-05"})
    assert created.status_code == 204 and created.headers["hx-redirect"] == "/consultations/4"
    refused = client.post("/consultations", headers=headers, data={"kind": "wgpko", "title": "No subject", "held_on": "2014-11-05"})
    assert refused.status_code == 422 and "mission or a theme" in refused.text


def test_the_month_calendar_puts_each_meeting_on_its_day_within_the_callers_scope(client):
    assert client.get("/consultations/month?month=2014-06").headers["location"].startswith("/login")
    sign_in(client, "ada")
    page = client.get("/consultations/month", params={"month": "2014-06"}).text
    days = dict(re.findall(r'data-day="([\d-]+)"[^>]*>\s*<span class="day">\d+</span>\s*(<a class="meeting"[^>]*>[^<]*)?', page))
    assert set(days) >= {"2014-06-01", "2014-06-30"} and "2014-05-26" in days  # whole weeks, Monday first
    assert "MINUSMA: Consultation on MINUSMA 2014-06-02" in days["2014-06-02"] and "UNMISS" in days["2014-06-20"]
    assert not days["2014-06-03"] and "2014-09-10" not in page
    assert 'href="/consultations/month?month=2014-05"' in page and 'href="/consultations/month?month=2014-07"' in page
    assert "Consultation on MINUSMA 2014-09-10" in client.get("/consultations/month?month=2014-09").text
    for bad in ("2014-13", "June", "2014-6"):
        assert client.get("/consultations/month", params={"month": bad}).status_code == 422
    client.cookies.clear()
    sign_in(client, "deu")
    assert "Consultation on" not in client.get("/consultations/month?month=2014-06").text

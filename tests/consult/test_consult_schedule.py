"""The triangular consultation of a mission is scheduled before its mandate expires, inviting the mission's
contributors of the latest month on record and that year's Council, once however often scheduling runs."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.auth.visibility import Visibility
from pko.config import get_settings
from pko.consult import schedule, scheduling, service
from pko.consult.models import Meeting
from pko.missions.mandates import service as mandates
from pko.missions.mandates.schemas import MandateCreate, MandateStepIn

MINUSMA = dict(mission="MINUSMA", resolution="S/RES/2100 (2013)", adopted_on="2013-04-25", expires_on="2014-06-30",
               military_ceiling=11200, police_ceiling=1440)


def adopted_mandate(session: Session, **changes) -> int:
    mandate = mandates.create_mandate(session, data=MandateCreate(**(MINUSMA | changes)), actor="test")
    mandates.take_step(session, mandate_id=mandate.id, expected_version=mandate.version,
                       step=MandateStepIn(step="adopted", taken_on=date(2013, 4, 25)), actor="test")
    return mandate.id


@pytest.fixture
def record_client(loaded_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", loaded_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def expected_contributors(client: TestClient, meeting_day: date) -> tuple[str, set[str]]:
    """The contributors of MINUSMA in the latest month at or before the day, as the contributions API gives them."""
    months = client.get("/api/v1/contributions/summary", params={"by": "month", "mission": "MINUSMA", "limit": 1000}).json()["items"]
    month = max(row["month"] for row in months if row["total"] and row["month"] <= meeting_day.isoformat())
    rows = client.get("/api/v1/contributions/summary",
                      params={"by": "country", "mission": "MINUSMA", "date": month, "limit": 1000}).json()["items"]
    return month, {row["iso3"] for row in rows if row["total"]}


def test_minusma_consultation_on_the_real_record(loaded_engine, loaded_url, run_cli, record_client):
    session = Session(loaded_engine)
    try:
        mandate_id = adopted_mandate(session)
        done = scheduling.schedule_mission(session, mission="MINUSMA", lead_weeks=4, actor="test")
        assert (done.outcome, done.held_on, done.mandate_id) == ("created", date(2014, 6, 2), mandate_id)

        month, contributors = expected_contributors(record_client, done.held_on)
        assert month == "2014-05-31" and done.contributors_month.isoformat() == month and len(contributors) > 20
        council = json.loads(run_cli("registry", "council", "--year", "2014", "--format", "json", url=loaded_url).stdout)["members"]
        members = {seat["iso3"] for seat in council}
        assert len(council) == 15 and len(members) == 15

        meeting = service.get_meeting(session, meeting_id=done.meeting_id)
        assert meeting.kind == "triangular" and meeting.held_on == date(2014, 6, 2) and meeting.mission == "MINUSMA"
        as_contributor = {p.state_iso3 for p in meeting.participants if "contributor" in p.capacity}
        as_member = {p.state_iso3 for p in meeting.participants if "Council member" in p.capacity}
        assert as_contributor == contributors and as_member == members
        assert {p.organization_code for p in meeting.participants if p.capacity == "Secretariat"} == {"UN-DPO"}
        assert len(meeting.participants) == len(contributors | members) + 1  # each state once, whatever its capacities
        assert all(p.status == "invited" for p in meeting.participants)
        both = contributors & members
        assert both and all(p.capacity == "contributor, Council member" for p in meeting.participants if p.state_iso3 in both)

        again = scheduling.schedule_mission(session, mission="MINUSMA", lead_weeks=4, actor="test")
        later = scheduling.schedule_mission(session, mission="MINUSMA", lead_weeks=6, actor="test")
        assert (again.outcome, again.meeting_id) == (later.outcome, later.meeting_id) == ("exists", done.meeting_id)
        assert session.scalar(select(func.count()).select_from(Meeting).where(Meeting.mandate_id == mandate_id)) == 1
        # A state sees the meeting only if its delegation is invited.
        outsider = next(iso3 for iso3 in ("ISL", "LIE", "AND", "MCO", "SMR") if iso3 not in contributors | members)
        assert service.list_meetings(session, mission="MINUSMA", visibility=Visibility(frozenset({outsider}))) == []
        assert [m.id for m in service.list_meetings(session, mission="MINUSMA", visibility=Visibility(frozenset({sorted(contributors)[0]})))] == [done.meeting_id]
    finally:
        session.rollback()
        session.close()


def test_schedule_from_the_command_line(run_cli, data_dir, engine, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("import", "sc-membership", str(data_dir / "unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv"))
    created = run_cli("mandates", "create", "MINUSMA", "S/RES/2100 (2013)", "--adopted", "2013-04-25", "--expires", "2014-06-30")
    assert created.exit_code == 0
    nothing = json.loads(run_cli("consult", "schedule", "MINUSMA", "--format", "json").stdout)
    assert nothing[0]["outcome"] == "no mandate"  # a draft is not in force
    assert run_cli("mandates", "step", "1", "adopted", "--on", "2013-04-25", "--version", "1").exit_code == 0

    monkeypatch.setenv("PKO_CONSULTATION_LEAD_WEEKS", "2")
    first = json.loads(run_cli("consult", "schedule", "--all", "--format", "json").stdout)
    assert [(row["mission"], row["outcome"], row["held_on"]) for row in first] == [("MINUSMA", "created", "2014-06-16")]
    assert first[0]["invited"] == 16 and "no contributions on record" in first[0]["note"]
    second = json.loads(run_cli("consult", "schedule", "MINUSMA", "--lead-weeks", "4", "--format", "json").stdout)
    assert second[0]["outcome"] == "exists" and second[0]["meeting_id"] == first[0]["meeting_id"]

    listed = json.loads(run_cli("consult", "list", "--mission", "MINUSMA", "--format", "json").stdout)
    assert [(row["held_on"], row["invited"], row["attended"]) for row in listed] == [("2014-06-16", 16, 0)]
    assert json.loads(run_cli("consult", "list", "--from", "2014-07-01", "--format", "json").stdout) == []


@pytest.mark.parametrize("args", [
    ("consult", "schedule"), ("consult", "schedule", "MINUSMA", "--all"), ("consult", "schedule", "ATLANTIS"),
    ("consult", "schedule", "MINUSMA", "--lead-weeks", "-1"), ("consult", "list", "--from", "June"),
    ("consult", "list", "--mission", "ATLANTIS"), ("consult", "list", "--from", "2014-07-01", "--to", "2014-06-01"),
])
def test_bad_input_is_refused_with_a_reason(run_cli, args):
    result = run_cli(*args)
    assert result.exit_code != 0 and (result.stderr or result.stdout).strip()


def test_meeting_date_and_invitations():
    assert schedule.meeting_date(date(2014, 6, 30), 4) == date(2014, 6, 2)
    assert schedule.meeting_date(date(2014, 6, 30), 0) == date(2014, 6, 30)
    with pytest.raises(ValueError):
        schedule.meeting_date(date(2014, 6, 30), -1)
    assert schedule.latest_month([date(2014, 4, 30), date(2014, 5, 31), date(2014, 6, 30)], date(2014, 6, 2)) == date(2014, 5, 31)
    assert schedule.latest_month([date(2014, 6, 30)], date(2014, 6, 2)) is None
    found = schedule.invitations([("FRA", "France"), (None, "Somewhere")], [("FRA", "France"), ("USA", "United States")],
                                 [("UN-DPO", "Department of Peace Operations")])
    assert [(i.name, i.capacity) for i in found.invitees] == [
        ("France", "contributor, Council member"), ("Somewhere", "contributor"), ("United States", "Council member"),
        ("Department of Peace Operations", "Secretariat")]
    assert found.states() == {"FRA", "USA"}

"""Force-generation forms through the app: a delegate pledges and promotes its own units, an officer states requirements."""

from __future__ import annotations

import re
from html import unescape

import pytest

from pko.auth import service as accounts
from pko.db import session_scope
from pko.forcegen import service

PASSWORD = "correct horse battery"
HTMX = {"HX-Request": "true"}
PLEDGE = {"unit_type": "formed-police-unit", "strength": "160", "women_share": "25", "l1_on": "2024-03-01",
          "languages": "English, Bangla", "mobility": "mechanized", "self_sustained": "true", "caveats": "no night patrols, urban only",
          "equipment": "APC x 10, water purification", "available_from": "2025-01-01"}
NEED = {"mission": "unmiss", "unit_type": "riverine-unit", "count": "2", "location": "Juba", "latitude": "4.85", "longitude": "31.58",
        "need_by": "2030-06-30", "min_readiness": "L2", "language": "English", "mobility": "", "priority": "4", "urgent": "true"}


@pytest.fixture
def forms(api, engine):
    """The app, and a way to sign a user in through the login form and get the page's CSRF header."""
    client, *_ = api
    with session_scope(engine) as session:
        accounts.create_user(session, username="au", password=PASSWORD, organization_code="AU-COMMISSION",
                             roles=["au-officer"], actor="test")

    def sign_in(username: str, page: str) -> tuple[str, dict]:
        client.cookies.clear()
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/"}, follow_redirects=False)
        html = client.get(page).text
        found = re.search(r'"X-CSRF-Token": "([^"]+)"', html)
        return html, HTMX | {"X-CSRF-Token": found.group(1) if found else ""}

    return client, engine, sign_in


def _pledges(engine) -> list[tuple]:
    with session_scope(engine) as session:
        return [(p.state_iso3, p.unit_type, p.readiness, p.strength, p.women_share) for p in service.list_pledges(session)[1]]


def test_a_delegate_pledges_its_own_unit_and_sees_it_listed(forms):
    client, engine, sign_in = forms
    html, headers = sign_in("bgd", "/force-generation/pledges")
    assert "Pledge a unit" in html and re.search(r'name="state_iso3"[^>]*value="BGD" readonly', html)
    answer = client.post("/force-generation/pledges", data=PLEDGE, headers=headers)
    assert answer.status_code == 204 and answer.headers["hx-redirect"] == "/force-generation/pledges"
    assert _pledges(engine) == [("BGD", "formed-police-unit", "L1", 160, 0.25)]
    listing = client.get("/force-generation/pledges").text
    assert re.findall(r'data-state="(\w+)"', listing) == ["BGD"]
    assert "English, Bangla" in listing and "no night patrols, urban only" in listing and "Promote to L2" in listing
    with session_scope(engine) as session:
        pledge = service.list_pledges(session)[1][0]
        assert pledge.self_sustained and pledge.mobility == "mechanized" and str(pledge.available_from) == "2025-01-01"
        assert pledge.equipment == ["APC x 10", "water purification"]


def test_a_delegate_cannot_pledge_or_promote_for_another_state(forms):
    client, engine, sign_in = forms
    _, officer = sign_in("fgo", "/force-generation/pledges")
    assert client.post("/force-generation/pledges", data=PLEDGE | {"state_iso3": "IND"}, headers=officer).status_code == 204
    _, headers = sign_in("bgd", "/force-generation/pledges")
    other = client.post("/force-generation/pledges", data=PLEDGE | {"state_iso3": "ind"}, headers=headers)
    assert other.status_code == 404 and "no pledges of IND" in other.text
    promoted = client.post("/force-generation/pledges/1/levels", data={"level": "L2", "reached_on": "2024-09-01"}, headers=headers)
    assert promoted.status_code == 404
    assert _pledges(engine) == [("IND", "formed-police-unit", "L1", 160, 0.25)]
    assert "Promote to" not in client.get("/force-generation/pledges").text


def test_promotion_goes_one_level_at_a_time_on_later_dates(forms):
    client, engine, sign_in = forms
    _, headers = sign_in("bgd", "/force-generation/pledges")
    client.post("/force-generation/pledges", data=PLEDGE | {"l2_on": "2024-06-01"}, headers=headers)
    assert _pledges(engine)[0][2] == "L2"
    skipped = client.post("/force-generation/pledges/1/levels", data={"level": "RDL", "reached_on": "2025-01-01"}, headers=headers)
    assert skipped.status_code == 409 and "pledge 1 is at L2: the next PCRS level is not RDL" in skipped.text
    early = client.post("/force-generation/pledges/1/levels", data={"level": "L3", "reached_on": "2024-05-01"}, headers=headers)
    assert early.status_code == 422 and "L3 cannot be reached before L2 (2024-06-01)" in early.text
    assert _pledges(engine)[0][2] == "L2"
    html = client.get("/force-generation/pledges").text
    assert "Promote to L3" in html and 'value="L3"' in html
    done = client.post("/force-generation/pledges/1/levels", data={"level": "L3", "reached_on": "2024-12-01"}, headers=headers)
    assert done.status_code == 204 and done.headers["hx-redirect"] == "/force-generation/pledges"
    plain = client.post("/force-generation/pledges/1/levels", data={"level": "RDL", "reached_on": "2025-02-01"},
                        headers={"X-CSRF-Token": headers["X-CSRF-Token"]}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/force-generation/pledges"
    html = client.get("/force-generation/pledges").text
    assert "L1 2024-03-01, L2 2024-06-01, L3 2024-12-01, RDL 2025-02-01" in html and "Promote to" not in html
    assert client.post("/force-generation/pledges/99/levels", data={"level": "L2", "reached_on": "2025-01-01"},
                       headers=headers).status_code == 404


def test_an_officer_states_a_requirement_and_the_mission_page_lists_it(forms):
    client, engine, sign_in = forms
    overview, headers = sign_in("fgo", "/force-generation")
    assert "State a requirement" in overview and "Pledge a unit" not in overview
    answer = client.post("/force-generation/requirements", data=NEED, headers=headers)
    assert answer.status_code == 204 and answer.headers["hx-redirect"] == "/force-generation/missions/UNMISS"
    page = client.get("/force-generation/missions/UNMISS").text
    assert re.search(r'data-requirement="1" data-filled="0"><td>Riverine unit</td><td>Juba</td><td class="num">2</td>', page)
    assert "State a requirement" in page and 'name="mission" required maxlength="20" value="UNMISS"' in page
    with session_scope(engine) as session:
        stored = service.list_requirements(session)[1][0]
        assert (stored.mission, stored.priority, stored.urgent, stored.mandatory, stored.mobility) == ("UNMISS", 4, True, False, None)
    officer_pledges, headers = sign_in("fgo", "/force-generation/pledges")
    assert re.search(r'name="state_iso3" required maxlength="3" pattern="\[A-Za-z\]\{3\}" placeholder', officer_pledges)


def test_readers_see_no_form_and_are_refused(forms):
    client, engine, sign_in = forms
    _, officer = sign_in("fgo", "/force-generation")
    client.post("/force-generation/requirements", data=NEED, headers=officer)
    page, headers = sign_in("au", "/force-generation/missions/UNMISS")
    assert "data-requirement" in page and "State a requirement" not in page and 'hx-post="/force-generation' not in page
    assert "State a requirement" not in client.get("/force-generation").text
    assert client.post("/force-generation/requirements", data=NEED, headers=headers).status_code == 403
    assert client.get("/force-generation/pledges").status_code == 403
    assert client.post("/force-generation/pledges", data=PLEDGE | {"state_iso3": "BGD"}, headers=headers).status_code == 403
    assert client.post("/force-generation/pledges/1/levels", data={"level": "L2", "reached_on": "2025-01-01"},
                       headers=headers).status_code == 403
    client.cookies.clear()
    assert client.post("/force-generation/requirements", data=NEED, follow_redirects=False).status_code in (303, 401)
    with session_scope(engine) as session:
        assert service.list_requirements(session)[0] == 1 and service.list_pledges(session)[0] == 0


@pytest.mark.parametrize("change, field", [
    ({"strength": "0"}, "strength"), ({"women_share": "150"}, "women_share"), ({"women_share": "a third"}, "women_share"),
    ({"unit_type": "cavalry"}, "unknown unit type 'cavalry'"), ({"l1_on": ""}, "levels.L1"), ({"l1_on": "March"}, "levels.L1"),
    ({"mobility": "flying"}, "mobility must be one of"), ({"l2_on": "2024-01-01"}, "a later PCRS level cannot be reached"),
    ({"available_until": "2024-12-31"}, "available_until is before available_from"),
])
def test_bad_pledges_are_refused_beside_the_form_naming_the_field(forms, change, field):
    client, engine, sign_in = forms
    _, headers = sign_in("bgd", "/force-generation/pledges")
    answer = client.post("/force-generation/pledges", data=PLEDGE | change, headers=headers)
    assert answer.status_code == 422 and 'role="alert"' in answer.text and field in unescape(answer.text)
    assert _pledges(engine) == []


@pytest.mark.parametrize("change, field", [
    ({"count": "0"}, "count"), ({"need_by": ""}, "need_by"), ({"priority": "6"}, "priority"), ({"latitude": "95"}, "latitude"),
    ({"mission": "ATLANTIS"}, "unknown mission 'ATLANTIS'"), ({"unit_type": "cavalry"}, "unknown unit type"),
    ({"min_readiness": "L9"}, "readiness level must be one of"),
])
def test_bad_requirements_are_refused_naming_the_field(forms, change, field):
    client, engine, sign_in = forms
    _, headers = sign_in("fgo", "/force-generation")
    answer = client.post("/force-generation/requirements", data=NEED | change, headers=headers)
    assert answer.status_code == 422 and field in unescape(answer.text)
    with session_scope(engine) as session:
        assert service.list_requirements(session)[0] == 0


def test_the_form_answers_another_states_pledge_as_a_missing_one(forms):
    client, _, sign_in = forms
    _, officer = sign_in("fgo", "/force-generation/pledges")
    client.post("/force-generation/pledges", data=PLEDGE | {"state_iso3": "IND"}, headers=officer)
    _, headers = sign_in("bgd", "/force-generation/pledges")
    level = {"level": "L2", "reached_on": "2024-09-01"}
    foreign = client.post("/force-generation/pledges/1/levels", data=level, headers=headers)
    missing = client.post("/force-generation/pledges/999/levels", data=level, headers=headers)
    assert foreign.status_code == missing.status_code == 404
    assert "IND" not in foreign.text and foreign.text.replace("pledge 1", "pledge N") == missing.text.replace("pledge 999", "pledge N")

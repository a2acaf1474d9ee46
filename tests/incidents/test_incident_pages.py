"""The /incidents page: who sees it, the form for those who write, filters, hexagons embedded for the map."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def setting(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        for name, role in (("sam", "safety-officer"), ("fay", "finance-officer")):
            accounts.create_user(session, username=name, password=PASSWORD, organization_code="UN-DOS", roles=[role], actor="test")
            token, _ = accounts.create_token(session, username=name, name="t", actor="test")
            headers[name] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False), headers
    get_settings.cache_clear()


FORM = {"incident_type": "explosive-device", "incident_date": "2018-03-12", "incident_time": "07:40", "source": "JOC",
        "latitude": "20.1973", "longitude": "1.017", "mission": "MINUSMA", "units": "Chadian battalion\nEngineers",
        "killed": "2", "injured": "", "confidence": "confirmed", "location": "Tessalit"}


def test_the_page_shows_the_log_and_the_form_to_writers_only(setting):
    client, headers = setting
    assert client.get("/incidents").status_code == 303  # the public is asked to sign in
    assert client.get("/incidents", headers=headers["fay"]).status_code == 403
    page = client.get("/incidents", headers=headers["sam"])
    assert page.status_code == 200 and 'id="incident-form"' in page.text and "No incident to show." in page.text
    created = client.post("/incidents", data=FORM, headers={**headers["sam"], "HX-Request": "true"})
    assert created.status_code == 204 and created.headers["hx-redirect"] == "/incidents"
    page = client.get("/incidents", params={"mission": "MINUSMA", "type": "explosive-device"}, headers=headers["sam"])
    assert "Tessalit" in page.text and ">explosive-device<" in page.text
    hexagons = json.loads(re.search(r'id="incident-hotspots">(.*?)</script>', page.text, re.S).group(1))
    assert hexagons["features"] == [] and "at least 3 cells" in hexagons["properties"]["note"]
    assert 'data-points="/api/v1/incidents/map?mission=MINUSMA&amp;type=explosive-device"' in page.text
    shown = client.get("/api/v1/incidents/1", headers=headers["sam"]).json()
    assert shown["units"] == ["Chadian battalion", "Engineers"] and shown["injured"] is None


@pytest.mark.parametrize(("change", "word"), [
    ({"incident_type": "riot"}, "not an incident type"), ({"latitude": ""}, "latitude and longitude go together"),
    ({"mission": "NOPE"}, "not a known mission"), ({"killed": "many"}, "killed"),
])
def test_a_bad_form_is_answered_beside_it(setting, change, word):
    client, headers = setting
    answer = client.post("/incidents", data={**FORM, **change}, headers=headers["sam"])
    assert answer.status_code == 422 and word in answer.text and "Not recorded" in answer.text


def test_bad_filters_are_said_on_the_page(setting):
    client, headers = setting
    page = client.get("/incidents", params={"type": "riot"}, headers=headers["sam"])
    assert page.status_code == 200 and "not an incident type" in page.text

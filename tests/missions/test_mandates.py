"""Mandates: written only by those allowed, always against a version, through their lifecycle, audited."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from pko.audit import service as audit
from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import engine_for, session_scope
from pko.errors import StaleVersion
from pko.missions.mandates import service
from pko.missions.mandates.models import Mandate
from pko.missions.mandates.schemas import MandateCreate, MandateFields

PASSWORD = "correct horse battery"
MINUSMA = {"mission": "MINUSMA", "resolution": "S/RES/2100 (2013)", "adopted_on": "2013-04-25",
           "expires_on": "2014-06-30", "military_ceiling": 11200, "police_ceiling": 1440,
           "tasks": ["Stabilization of key population centres", "Protection of civilians"]}


@pytest.fixture
def tokens(engine, run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO",
                             roles=["secretariat-admin"], actor="test")
        accounts.create_user(session, username="fra1", password=PASSWORD, roles=["state-delegate"], actor="test",
                             organization_code=accounts.delegation(session, "FRA").code)
        admin, _ = accounts.create_token(session, username="ada", name="t", actor="test")
        delegate, _ = accounts.create_token(session, username="fra1", name="t", actor="test")
    return {"admin": {"Authorization": f"Bearer {admin}"}, "delegate": {"Authorization": f"Bearer {delegate}"}}


@pytest.fixture
def client(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app())
    get_settings.cache_clear()


def test_only_allowed_roles_write_and_anyone_reads(client, tokens):
    assert client.post("/api/v1/mandates", json=MINUSMA).status_code == 401
    refused = client.post("/api/v1/mandates", json=MINUSMA, headers=tokens["delegate"])
    assert refused.status_code == 403 and "write on record" in refused.json()["detail"]
    created = client.post("/api/v1/mandates", json=MINUSMA, headers=tokens["admin"])
    assert created.status_code == 201 and created.headers["etag"] == '"1"'
    shown = client.get(created.headers["location"])
    assert shown.json()["status"] == "draft" and shown.json()["military_ceiling"] == 11200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"resolution": "Resolution 2100"}, "resolution"),
        ({"mission": "NOWHERE"}, None),
        ({"expires_on": "2012-01-01"}, None),
        ({"military_ceiling": -5}, "military_ceiling"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_mandates_get_422_naming_the_field(client, tokens, change, field):
    answer = client.post("/api/v1/mandates", json={**MINUSMA, **change}, headers=tokens["admin"])
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    if field:
        assert any(field in error["loc"] for error in detail)
    else:
        assert detail


def test_edits_need_the_current_version(client, tokens):
    url = client.post("/api/v1/mandates", json=MINUSMA, headers=tokens["admin"]).headers["location"]
    change = {"military_ceiling": 12640}
    assert client.patch(url, json=change, headers=tokens["admin"]).status_code == 428
    applied = client.patch(url, json=change, headers={**tokens["admin"], "If-Match": '"1"'})
    assert applied.status_code == 200 and applied.headers["etag"] == '"2"'
    stale = client.patch(url, json={"military_ceiling": 1}, headers={**tokens["admin"], "If-Match": '"1"'})
    assert stale.status_code == 412 and "version 2, not 1" in stale.json()["detail"]
    assert client.get(url).json()["military_ceiling"] == 12640


def test_lifecycle_steps_are_ordered_recorded_and_audited(client, tokens, engine):
    url = client.post("/api/v1/mandates", json=MINUSMA, headers=tokens["admin"]).headers["location"]
    early = client.post(f"{url}/steps", json={"step": "renewed", "taken_on": "2014-06-25"}, headers={**tokens["admin"], "If-Match": '"1"'})
    assert early.status_code == 409 and "a draft mandate cannot be renewed" in early.json()["detail"]
    steps = [
        {"step": "adopted", "taken_on": "2013-04-25", "resolution": "S/RES/2100 (2013)"},
        {"step": "renewed", "taken_on": "2014-06-25", "resolution": "S/RES/2164 (2014)", "changes": {"expires_on": "2015-06-30"}},
        {"step": "closed", "taken_on": "2023-12-31", "resolution": "S/RES/2690 (2023)"},
    ]
    for version, step in enumerate(steps, start=1):
        answer = client.post(f"{url}/steps", json=step, headers={**tokens["admin"], "If-Match": f'"{version}"'})
        assert answer.status_code == 200, answer.text
    mandate = client.get(url).json()
    assert mandate["status"] == "closed" and mandate["expires_on"] == "2015-06-30"
    assert [(s["step"], s["resolution"], s["actor"]) for s in mandate["steps"]] == [
        ("adopted", "S/RES/2100 (2013)", "ada"), ("renewed", "S/RES/2164 (2014)", "ada"), ("closed", "S/RES/2690 (2023)", "ada")]
    with session_scope(engine) as session:
        logged = [(e.action, e.actor) for e in audit.entries(session, record_type="mandate")]
        assert logged == [("closed", "ada"), ("renewed", "ada"), ("adopted", "ada"), ("create", "ada")]
        assert audit.verify(session)[1] is None


def test_fifty_concurrent_writers_lose_no_update(engine, database_url):
    with session_scope(engine) as session:
        mandate_id = service.create_mandate(session, data=MandateCreate(**MINUSMA), actor="test").id
    applied, refused, errors = [], [], []
    barrier = threading.Barrier(50)

    def writer(number: int) -> None:
        barrier.wait()
        try:
            with session_scope(engine_for(database_url)) as session:
                version = session.get(Mandate, mandate_id).version
                current = session.get(Mandate, mandate_id).tasks
                service.update_mandate(session, mandate_id=mandate_id, expected_version=version,
                                       fields=MandateFields(tasks=[*current, f"task {number}"]), actor=f"writer {number}")
            applied.append(number)
        except StaleVersion:
            refused.append(number)
        except Exception as error:  # anything else is a failure of the test
            errors.append(repr(error))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(applied) + len(refused) == 50 and applied
    with session_scope(engine) as session:
        mandate = session.scalar(select(Mandate).where(Mandate.id == mandate_id))
        assert mandate.version == 1 + len(applied)
        assert len(mandate.tasks) == len(MINUSMA["tasks"]) + len(applied)  # every applied change is still there
        assert sorted(int(task.split()[-1]) for task in mandate.tasks[2:]) == sorted(applied)
        assert audit.verify(session)[1] is None

"""An app with a force-generation officer and a Bangladesh delegate, each holding a bearer token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def api(engine, database_url, run_cli, data_dir, monkeypatch):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    with session_scope(engine) as session:
        accounts.create_user(session, username="fgo", password=PASSWORD, organization_code="UN-DPO",
                             roles=["force-generation-officer"], actor="test")
        accounts.create_user(session, username="bgd", password=PASSWORD, roles=["state-delegate"], actor="test",
                             organization_code=accounts.delegation(session, "BGD").code)
        officer, _ = accounts.create_token(session, username="fgo", name="t", actor="test")
        delegate, _ = accounts.create_token(session, username="bgd", name="t", actor="test")
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app()), {"Authorization": f"Bearer {officer}"}, {"Authorization": f"Bearer {delegate}"}
    get_settings.cache_clear()

"""Accounts for the partnership tests: delegates of three states, a force-generation officer, an AU officer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from pko.auth import service
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
ACCOUNTS = (("bgd", "state-delegate", "BGD"), ("npl", "state-delegate", "NPL"), ("fra", "state-delegate", "FRA"),
            ("fgo", "force-generation-officer", None), ("au", "au-officer", None))


@pytest.fixture
def world(engine, database_url, run_cli, data_dir, monkeypatch):
    """A client on a fresh database with member states, and a bearer header per account."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        for username, role, state in ACCOUNTS:
            code = service.delegation(session, state).code if state else {"au": "AU-COMMISSION"}.get(username, "UN-DPO")
            service.create_user(session, username=username, password=PASSWORD, organization_code=code, roles=[role], actor="t")
            token, _ = service.create_token(session, username=username, name="t", actor="t")
            headers[username] = {"Authorization": f"Bearer {token}"}
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app()), headers
    get_settings.cache_clear()


@pytest.fixture
def body():
    """Request bodies of a need and an offer, with any field overridden."""
    return SimpleNamespace(need=need, offer=offer)


def need(state: str, quantity: int = 10, starts_on: str = "2026-01-01", ends_on: str = "2026-03-01", **extra) -> dict:
    return {"state_iso3": state, "category": "training", "capability": "medical", "quantity": quantity,
            "starts_on": starts_on, "ends_on": ends_on, "place": "Entebbe", "languages": ["English"], **extra}


def offer(partner: str, capacity: int = 10, starts_on: str = "2026-01-01", ends_on: str = "2026-12-01", **extra) -> dict:
    return {"partner": partner, "category": "training", "capability": "medical", "capacity": capacity,
            "starts_on": starts_on, "ends_on": ends_on, "place": "Bonn", "languages": ["English", "French"], **extra}

"""Accounts of three organizations, a client of the application, and a local SMTP sink."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from pko.auth import service as accounts
from pko.config import get_settings
from pko.db import session_scope

PASSWORD = "correct horse battery"
USERS = {  # name: (organization, role, e-mail address where notices are mailed)
    "ada": ("UN-DPO", "secretariat-admin", None),
    "au-ops": ("AU-COMMISSION", "au-officer", "ops@au.example.org"),
    "au-desk": ("AU-COMMISSION", "au-officer", "desk@au.example.org"),
    "fra1": ("DELEGATION-FRA", "state-delegate", None),
    "fra2": ("DELEGATION-FRA", "state-delegate", "fra2@fra.example.org"),
}


@pytest.fixture
def tokens(engine, run_cli, data_dir):
    """A bearer header per user."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    headers = {}
    with session_scope(engine) as session:
        accounts.delegation(session, "FRA")
        for name, (organization, role, email) in USERS.items():
            accounts.create_user(session, username=name, password=PASSWORD, organization_code=organization,
                                 roles=[role], email=email, actor="test")
            token, _ = accounts.create_token(session, username=name, name="t", actor="test")
            headers[name] = {"Authorization": f"Bearer {token}"}
    return headers


@pytest.fixture
def client(database_url, monkeypatch):
    monkeypatch.setenv("PKO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    from pko.app import create_app

    yield TestClient(create_app(), follow_redirects=False)
    get_settings.cache_clear()


@dataclass
class Sink:
    """Mail received by the local SMTP server: (recipients, message text) pairs."""

    port: int
    received: list[tuple[list[str], str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    """An SMTP server on 127.0.0.1 that keeps what it receives."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink(port)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink
    controller.stop()

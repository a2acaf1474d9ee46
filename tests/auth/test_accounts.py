"""Accounts, the role matrix, logins that slow down then lock, and scoped, expiring, revocable tokens."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pko.auth import service
from pko.auth.signin import service as signin
from pko.auth.passwords import LoginPolicy
from pko.db import session_scope

DOCS = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
PASSWORD = "correct horse battery"


def _documented_matrix() -> list[dict[str, str]]:
    lines = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[1:]]


def test_matrix_printed_by_the_cli_is_the_documented_one(run_cli):
    result = run_cli("auth", "matrix", "--format", "json")
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed == _documented_matrix()
    delegate = next(row for row in printed if row["role"] == "state-delegate")
    assert delegate["pledges:read"] == "own-state" and delegate["users:write"] == "-"
    assert next(row for row in printed if row["role"] == "public")["pledges:read"] == "-"


@pytest.fixture
def states(run_cli, data_dir):
    assert run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv")).exit_code == 0


def test_first_administrator_is_made_on_the_command_line(run_cli, states):
    result = run_cli("users", "create", "ada", "--organization", "UN-DPO", "--role", "secretariat-admin", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    delegate = run_cli("users", "create", "bgd1", "--state", "BGD", "--role", "state-delegate", "--password", PASSWORD)
    assert delegate.exit_code == 0, delegate.output
    users = json.loads(run_cli("users", "list", "--format", "json").output)
    assert [(user["username"], user["organization_code"]) for user in users] == [("ada", "UN-DPO"), ("bgd1", "DELEGATION-BGD")]
    assert "password" not in json.dumps(users)
    assert run_cli("users", "disable", "bgd1").exit_code == 0
    assert json.loads(run_cli("users", "list", "--format", "json").output)[1]["disabled"] is True


def test_an_account_is_made_with_its_e_mail_address_on_the_command_line(run_cli, states):
    made = run_cli("users", "create", "ada", "--organization", "UN-DPO", "--role", "secretariat-admin",
                   "--email", "ada@UN.example.org", "--password", PASSWORD)
    assert made.exit_code == 0, made.output
    run_cli("users", "create", "bgd1", "--state", "BGD", "--role", "state-delegate", "--password", PASSWORD)
    users = json.loads(run_cli("users", "list", "--format", "json").output)
    assert [(user["username"], user["email"]) for user in users] == [("ada", "ada@un.example.org"), ("bgd1", None)]
    assert "ada@un.example.org" in run_cli("users", "list").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organization", "UN-DPO", "--role", "safety-officer", "--email", "someone@un"], "not an e-mail address"),
        (["--organization", "UN-DPO", "--role", "wizard"], "unknown role(s) wizard"),
        (["--organization", "UN-DPO", "--role", "state-delegate"], "need a member state's delegation"),
        (["--organization", "NOWHERE", "--role", "safety-officer"], "no organization 'NOWHERE'"),
        (["--state", "XXX", "--role", "state-delegate"], "no member state 'XXX'"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(run_cli, states, args, message):
    result = run_cli("users", "create", "someone", *args, "--password", PASSWORD)
    assert result.exit_code == 1
    assert message in result.output


def test_short_password_is_refused(run_cli, states):
    result = run_cli("users", "create", "ada", "--organization", "UN-DPO", "--role", "secretariat-admin", "--password", "short")
    assert result.exit_code == 1 and "at least 12 characters" in result.output


def test_failed_logins_are_slowed_then_locked(engine, states):
    policy = LoginPolicy(slow_after=3, lock_after=5, first_wait=timedelta(seconds=2), lock_for=timedelta(minutes=15))
    with session_scope(engine) as session:
        service.create_user(session, username="ada", password=PASSWORD, organization_code="UN-DPO", roles=["safety-officer"], actor="test")
    at = service.utcnow()
    waits = []
    for _ in range(5):
        with session_scope(engine) as session:
            login = signin.authenticate(session, username="ada", password="wrong password!", policy=policy, at=at)
        assert login.user is None and login.reason == "unknown user or wrong password"
        waits.append(None if login.retry_at is None else (login.retry_at - at).total_seconds())
        at = login.retry_at or at
    assert waits == [None, None, 2.0, 4.0, 900.0]
    with session_scope(engine) as session:
        early = signin.authenticate(session, username="ada", password=PASSWORD, policy=policy, at=at - timedelta(minutes=1))
        assert early.user is None and "wait" in early.reason
    with session_scope(engine) as session:
        login = signin.authenticate(session, username="ada", password=PASSWORD, policy=policy, at=at)
        assert login.user.username == "ada"


def test_tokens_are_scoped_expiring_and_revocable(engine, states):
    with session_scope(engine) as session:
        service.create_user(session, username="bgd1", password=PASSWORD, organization_code=service.delegation(session, "BGD").code,
                            roles=["state-delegate"], actor="test")
        secret, token = service.create_token(session, username="bgd1", name="script", scopes=["pledges:read"], days=7, actor="test")
        with pytest.raises(service.AccountError, match="beyond the user's roles: incidents:read"):
            service.create_token(session, username="bgd1", name="greedy", scopes=["incidents:read"], actor="test")
        everything, _ = service.create_token(session, username="bgd1", name="all", actor="test")
    assert secret.startswith("pko_") and token.scopes == ["pledges:read"]
    with session_scope(engine) as session:
        found = service.bearer(session, secret)
        assert found.user.username == "bgd1" and found.scopes == ["pledges:read"] and found.state_iso3 == "BGD"
        assert "users:read" in service.bearer(session, everything).scopes
        assert service.bearer(session, secret, at=token.expires_at) is None
        assert service.bearer(session, secret + "x") is None
        service.revoke_token(session, token_id=token.id, actor="test")
    with session_scope(engine) as session:
        assert service.bearer(session, secret) is None
        service.disable_user(session, username="bgd1", actor="test")
    with session_scope(engine) as session:
        assert service.bearer(session, everything) is None


def test_accounts_named_by_an_address_keep_being_mailed_there_after_the_upgrade(database_url, engine):
    from alembic import command
    from sqlalchemy import text

    from pko.db import alembic_config

    command.downgrade(alembic_config(database_url), "0012")
    with engine.begin() as connection:
        for name in ("ops@au.example.org", "ada", "ops@nowhere"):
            connection.execute(text("INSERT INTO app_user (username, display_name, organization_code, roles, "
                                    "password_hash, disabled, failed_logins, created_at, version) VALUES "
                                    "(:name, :name, 'UN-DPO', '[\"safety-officer\"]', 'x', false, 0, :at, 1)"),
                               {"name": name, "at": datetime(2026, 1, 1)})
    command.upgrade(alembic_config(database_url), "0013")
    with engine.connect() as connection:
        emails = connection.execute(text("SELECT username, email FROM app_user ORDER BY username")).all()
    assert [tuple(row) for row in emails] == [("ada", None), ("ops@au.example.org", "ops@au.example.org"),
                                              ("ops@nowhere", None)]

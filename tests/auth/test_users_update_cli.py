"""`pko users update`: an account's name, e-mail address and roles changed on the command line, audited, refused when wrong."""

from __future__ import annotations

import json

import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(run_cli, data_dir):
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    run_cli("users", "create", "ada", "--organization", "UN-DPO", "--role", "secretariat-admin", "--password", PASSWORD)
    run_cli("users", "create", "bgd1", "--state", "BGD", "--role", "state-delegate", "--email", "old@bgd.example.org",
            "--password", PASSWORD)


def _user(run_cli, username: str) -> dict:
    return next(u for u in json.loads(run_cli("users", "list", "--format", "json").output) if u["username"] == username)


def test_name_e_mail_and_roles_change_and_the_change_is_audited(run_cli, accounts):
    before = _user(run_cli, "ada")
    done = run_cli("users", "update", "ada", "--name", "Ada L.", "--email", "Ada@UN.example.org",
                   "--role", "secretariat-admin", "--role", "force-generation-officer")
    assert done.exit_code == 0, done.output
    after = _user(run_cli, "ada")
    assert (after["display_name"], after["email"]) == ("Ada L.", "Ada@un.example.org")  # the domain is case-free
    assert after["roles"] == ["secretariat-admin", "force-generation-officer"] and after["version"] == before["version"] + 1
    assert run_cli("users", "update", "bgd1", "--email", "").exit_code == 0
    assert _user(run_cli, "bgd1")["email"] is None
    audit = json.loads(run_cli("audit", "list", "--record-type", "user", "--format", "json").output)
    assert [e["action"] for e in audit].count("update") == 2


def test_a_disabled_account_is_enabled_again(run_cli, accounts):
    run_cli("users", "disable", "bgd1")
    assert _user(run_cli, "bgd1")["disabled"] is True
    assert run_cli("users", "update", "bgd1", "--enable").exit_code == 0
    assert _user(run_cli, "bgd1")["disabled"] is False


@pytest.mark.parametrize("args, reason", [
    (("nobody", "--name", "X"), "no user 'nobody'"),
    (("bgd1", "--email", "not-an-address"), "email"),
    (("bgd1", "--role", "emperor"), "roles"),
    (("bgd1", "--role", "force-generation-officer"), "its accounts hold only state-delegate, council-delegate"),
])
def test_wrong_updates_are_refused_with_the_reason_and_change_nothing(run_cli, accounts, args, reason):
    before = _user(run_cli, "bgd1")
    refused = run_cli("users", "update", *args)
    assert refused.exit_code == 1 and "refused:" in refused.output and reason in refused.output
    assert _user(run_cli, "bgd1") == before


def test_an_update_names_what_to_change(run_cli, accounts):
    nothing = run_cli("users", "update", "ada")
    assert nothing.exit_code == 2 and "give --name, --email, --role or --enable" in " ".join(nothing.output.split())

"""Five audited changes made through the CLI, shared by the audit tests."""

from __future__ import annotations

import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def changes(run_cli, data_dir):
    """Five audited changes made through the CLI."""
    run_cli("import", "member-states", str(data_dir / "un_member_states/un_member_states_193.csv"))
    for args in (
        ("users", "create", "ada", "--organization", "UN-DPO", "--role", "secretariat-admin", "--password", PASSWORD),
        ("users", "create", "bgd1", "--state", "BGD", "--role", "state-delegate", "--password", PASSWORD),
        ("tokens", "create", "bgd1", "--name", "script"),
        ("tokens", "revoke", "1"),
        ("users", "disable", "bgd1"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 0, result.output

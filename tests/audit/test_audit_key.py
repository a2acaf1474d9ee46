"""The keyed audit chain: a rewrite re-hashed with PKO's own unkeyed function is caught, a head held elsewhere
catches even a rewrite made with the key, and the verifier's previous-hash check is needed."""

from __future__ import annotations

import pytest
from pko.audit.chain import GENESIS, entry_hash, first_break
from pko.audit.service import _content
from pko.db import session_scope

KEY = "a-key-kept-outside-the-database"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("PKO_AUDIT_KEY", KEY)


def _rewrite(engine, key: bytes | None) -> None:
    """Change entry 2's actor and recompute every later hash (and the head) with the given key (None: unkeyed)."""
    from pko.audit.models import AuditEntry, AuditHead

    with session_scope(engine) as session:
        entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
        previous = entries[0].hash
        for entry in entries[1:]:
            if entry.id == 2:
                entry.actor = "someone-else"
            entry.previous_hash, entry.hash = previous, entry_hash(previous, _content(entry), key)
            previous = entry.hash
        session.get(AuditHead, 1).last_hash = previous


def test_a_rewrite_rehashed_with_the_unkeyed_function_is_caught(run_cli, engine, changes):
    assert run_cli("audit", "verify").exit_code == 0
    _rewrite(engine, None)
    result = run_cli("audit", "verify")
    assert result.exit_code == 1 and "broken at entry 2:" in result.output


def test_a_head_held_elsewhere_catches_a_rewrite_made_with_the_key(run_cli, engine, changes, tmp_path):
    held = run_cli("audit", "head").output.strip()
    assert held.startswith("5:") and len(held) == 2 + 64
    (tmp_path / "head").write_text(held + "\n", encoding="utf-8")
    assert run_cli("audit", "verify", "--head", str(tmp_path / "head")).exit_code == 0
    _rewrite(engine, KEY.encode())
    assert run_cli("audit", "verify").exit_code == 0  # whole under the key: only the held head tells
    for value in (held, str(tmp_path / "head")):
        result = run_cli("audit", "verify", "--head", value)
        assert result.exit_code == 1 and "no longer reaches the head" in result.output


def test_the_previous_hash_check_is_what_catches_a_relinked_entry():
    key = KEY.encode()
    chain, previous = [], GENESIS
    for entry_id in (1, 2, 3):
        content = {"id": entry_id, "actor": "ada"}
        chain.append((entry_id, previous, entry_hash(previous, content, key), content))
        previous = chain[-1][2]
    assert first_break(chain, key) is None
    # entry 3 re-hashed with the key over a forged previous hash: its own hash holds, its link does not
    forged = "f" * 64
    chain[2] = (3, forged, entry_hash(forged, chain[2][3], key), chain[2][3])
    broken = first_break(chain, key)
    assert broken is not None and broken.entry_id == 3 and "previous hash" in broken.reason


def test_an_unkeyed_chain_is_upgraded_explicitly_by_rekey(run_cli, engine, changes):
    _rewrite_all_unkeyed(engine)
    assert run_cli("audit", "verify").exit_code == 1
    assert run_cli("audit", "rekey", "--old-key-file", "/nonexistent", "--from-unkeyed").exit_code == 2
    result = run_cli("audit", "rekey", "--from-unkeyed")
    assert result.exit_code == 0, result.output
    assert run_cli("audit", "verify").exit_code == 0


def _rewrite_all_unkeyed(engine) -> None:
    """The chain as it was written before the key: every hash plain SHA-256."""
    from pko.audit.models import AuditEntry, AuditHead

    with session_scope(engine) as session:
        previous = GENESIS
        for entry in session.query(AuditEntry).order_by(AuditEntry.id):
            entry.previous_hash, entry.hash = previous, entry_hash(previous, _content(entry))
            previous = entry.hash
        session.get(AuditHead, 1).last_hash = previous

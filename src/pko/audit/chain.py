"""The hash chain of the audit log (pure): each entry's HMAC-SHA256 covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in the audit log")


def canonical(content: dict[str, Any]) -> str:
    """One JSON text per content: sorted keys, no spaces, dates in ISO form."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def entry_hash(previous: str, content: dict[str, Any], key: bytes | None = None) -> str:
    """HMAC-SHA256 under the chain's key over the previous hash and the canonical content
    (plain SHA-256 without a key: the chains written before the key, which `pko audit rekey` upgrades)."""
    message = (previous + canonical(content)).encode("utf-8")
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding: the entry and what is wrong with it."""

    entry_id: int
    reason: str


def first_break(entries: Iterable[tuple[int, str, str, dict[str, Any]]], key: bytes | None = None) -> Break | None:
    """The first entry (id, previous_hash, hash, content), in id order, that breaks the chain; None if whole."""
    previous, expected_id = GENESIS, None
    for entry_id, previous_hash, stored_hash, content in entries:
        if expected_id is not None and entry_id != expected_id:
            return Break(entry_id, f"entries {expected_id}..{entry_id - 1} are missing")
        if previous_hash != previous:
            return Break(entry_id, "its previous hash is not the hash of the entry before it")
        if not hmac.compare_digest(entry_hash(previous_hash, content, key), stored_hash):
            return Break(entry_id, "its content does not match its hash (edited after it was written)")
        previous, expected_id = stored_hash, entry_id + 1
    return None

"""The hash chain of the audit log (pure): each entry's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
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


def entry_hash(previous: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical content."""
    return hashlib.sha256((previous + canonical(content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding: the entry and what is wrong with it."""

    entry_id: int
    reason: str


def first_break(entries: Iterable[tuple[int, str, str, dict[str, Any]]]) -> Break | None:
    """The first entry (id, previous_hash, hash, content), in id order, that breaks the chain; None if whole."""
    previous, expected_id = GENESIS, None
    for entry_id, previous_hash, stored_hash, content in entries:
        if expected_id is not None and entry_id != expected_id:
            return Break(entry_id, f"entries {expected_id}..{entry_id - 1} are missing")
        if previous_hash != previous:
            return Break(entry_id, "its previous hash is not the hash of the entry before it")
        if entry_hash(previous_hash, content) != stored_hash:
            return Break(entry_id, "its content does not match its hash (edited after it was written)")
        previous, expected_id = stored_hash, entry_id + 1
    return None

"""Writing to and reading the audit log; verifying its chain."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.audit.chain import GENESIS, Break, entry_hash, first_break
from pko.audit.key import chain_key
from pko.audit.models import AuditEntry, AuditHead
from pko.errors import QueryError


def _content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
        "record_type": entry.record_type, "record_id": entry.record_id, "owner_iso3": entry.owner_iso3,
        "before": entry.before, "after": entry.after,
    }


def record(session: Session, *, actor: str, action: str, record_type: str, record_id: str | int,
           before: dict | None = None, after: dict | None = None, owner_iso3: str | None = None) -> AuditEntry:
    """Append one change to the log, in the caller's transaction (so it lands with the change or not at all)."""
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS)
        session.add(head)
    entry = AuditEntry(
        id=head.last_id + 1, at=datetime.now(timezone.utc).replace(tzinfo=None), actor=actor, action=action,
        record_type=record_type, record_id=str(record_id), owner_iso3=owner_iso3, before=before, after=after,
        previous_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry.previous_hash, _content(entry), chain_key())
    head.last_id, head.last_hash = entry.id, entry.hash
    session.add(entry)
    session.flush()
    return entry


def verify(session: Session, *, held: tuple[int, str] | None = None) -> tuple[int, Break | None]:
    """How many entries the log holds, and the first that breaks the chain (None when whole); with a head
    held elsewhere (entry id, hash), the chain must still pass through it."""
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    found = first_break(((entry.id, entry.previous_hash, entry.hash, _content(entry)) for entry in entries), chain_key())
    head = session.get(AuditHead, 1)
    if found is None and head is not None and (not entries or entries[-1].id != head.last_id):
        found = Break(head.last_id, "the newest entries were removed (the chain's head names a later entry)")
    if found is None and held is not None:
        entry = session.get(AuditEntry, held[0])
        if entry is None or entry.hash != held[1]:
            found = Break(held[0], "the chain no longer reaches the head held elsewhere (rewritten or cut)")
    return len(entries), found


def current_head(session: Session) -> tuple[int, str]:
    """The newest entry's id and hash, to keep elsewhere as proof against a rewrite."""
    head = session.get(AuditHead, 1)
    return (0, GENESIS) if head is None else (head.last_id, head.last_hash)


def rekey(session: Session, *, old_key: bytes | None) -> int:
    """Re-hash the whole chain under the current key after checking it under the old one (None: unkeyed)."""
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    found = first_break(((entry.id, entry.previous_hash, entry.hash, _content(entry)) for entry in entries), old_key)
    if found is not None:
        raise QueryError(f"not re-keyed: under the old key the chain is broken at entry {found.entry_id}: {found.reason}")
    key, previous = chain_key(), GENESIS
    for entry in entries:
        entry.previous_hash, entry.hash = previous, entry_hash(previous, _content(entry), key)
        previous = entry.hash
    head = session.get(AuditHead, 1)
    if head is not None:
        head.last_hash = previous
    return len(entries)


def _filtered(actor: str | None, record_type: str | None, owner_iso3: str | None):
    query = select(AuditEntry)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if record_type:
        query = query.where(AuditEntry.record_type == record_type)
    if owner_iso3:
        query = query.where(AuditEntry.owner_iso3 == owner_iso3)
    return query


def entries(session: Session, *, actor: str | None = None, record_type: str | None = None,
            owner_iso3: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Log entries, newest first, filtered."""
    query = _filtered(actor, record_type, owner_iso3).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(query))


def count_entries(session: Session, *, actor: str | None = None, record_type: str | None = None,
                  owner_iso3: str | None = None) -> int:
    """How many log entries match."""
    return session.scalar(select(func.count()).select_from(_filtered(actor, record_type, owner_iso3).subquery()))

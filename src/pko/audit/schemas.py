"""Audit entries as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEntryOut(BaseModel):
    """One change with its place in the chain."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    record_type: str
    record_id: str
    owner_iso3: str | None
    before: dict | None
    after: dict | None
    previous_hash: str
    hash: str


class AuditHeadOut(BaseModel):
    """The newest entry of the chain; a copy held elsewhere proves no later rewrite (`pko audit verify --head`)."""

    entry_id: int
    hash: str

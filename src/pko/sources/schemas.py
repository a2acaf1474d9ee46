"""Import runs as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ImportRunOut(BaseModel):
    """One import run: which file, its hash, and what happened to its rows."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    scope: str
    file_name: str
    sha256: str
    started_at: datetime
    finished_at: datetime
    current: bool
    rows_read: int
    rows_stored: int
    rows_skipped: int
    rows_repaired: int
    repairs: dict[str, int]
    skips: dict[str, int]
    notes: list[str]

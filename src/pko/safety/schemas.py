"""What crosses the API about fatalities."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class FatalityOut(BaseModel):
    """One casualty as listed in one release, with its row in the source file."""

    casualty_id: str
    incident_date: date
    year: int
    mission: str
    casualty_type: str
    gender: str | None
    nationality: str | None
    iso3: str | None
    m49: int | None
    personnel_type: str
    incident_type: str
    release: date
    source_row: int


class SummaryRow(BaseModel):
    """Fatalities of one group (the field named by `by` is set)."""

    year: int | None = None
    mission: str | None = None
    nationality: str | None = None
    iso3: str | None = None
    personnel_type: str | None = None
    incident_type: str | None = None
    fatalities: int


class ReleaseOut(BaseModel):
    """A release stored: its file, import run, records, incident span and how it was dated."""

    release: date
    file: str | None
    import_run: int
    records: int
    first_incident: date | None
    last_incident: date | None
    dated_by: str | None


class FieldChange(BaseModel):
    """One field of a record, before and after."""

    field: str
    before: Any
    after: Any


class ChangeOut(BaseModel):
    """A record added, removed or reclassified between two releases."""

    casualty_id: str
    change: str
    incident_date: date | None
    mission: str
    fields: list[FieldChange] = []


class DiffOut(BaseModel):
    """What changed from one release to another."""

    release_from: date = Field(serialization_alias="from")
    release_to: date = Field(serialization_alias="to")
    records_from: int
    records_to: int
    added: int
    removed: int
    reclassified: int
    not_compared: list[str]
    sources: list[str]
    changes: list[ChangeOut]

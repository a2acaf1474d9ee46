"""Incidents as they cross the API: what may be written, what is shown."""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pko.incidents.vocabulary import incident_type

Confidence = Literal["confirmed", "reported", "unverified"]
Count = Field(None, ge=0, le=100_000)
EARLIEST = date(1945, 1, 1)


class IncidentFields(BaseModel):
    """What an editor may set on an incident (every field optional, for edits)."""

    model_config = ConfigDict(extra="forbid")

    incident_type: str | None = Field(None, max_length=30, examples=["explosive-device"])
    incident_date: date | None = None
    incident_time: time | None = None
    country_iso3: str | None = Field(None, pattern=r"^[A-Z]{3}$", examples=["MLI"])
    admin1: str | None = Field(None, max_length=120, examples=["Kidal"])
    admin2: str | None = Field(None, max_length=120)
    location: str | None = Field(None, max_length=200, examples=["Aguelhok"])
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    location_precision: int | None = Field(None, ge=1, le=3)
    mission: str | None = Field(None, min_length=2, max_length=20, examples=["MINUSMA"])
    units: list[str] | None = Field(None, max_length=50, examples=[["Chadian infantry battalion"]])
    killed: int | None = Count
    injured: int | None = Count
    description: str | None = Field(None, max_length=5000)
    source: str | None = Field(None, min_length=1, max_length=80, examples=["MINUSMA JOC daily report"])
    source_event_id: str | None = Field(None, min_length=1, max_length=80)
    confidence: Confidence | None = None
    fatality_casualty_ids: list[str] | None = Field(None, max_length=200)

    @field_validator("incident_type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        return None if value is None else incident_type(value)

    @field_validator("incident_date")
    @classmethod
    def _date(cls, value: date | None) -> date | None:
        if value is not None and not EARLIEST <= value <= date.today():
            raise ValueError(f"an incident date lies between {EARLIEST.isoformat()} and today")
        return value

    @field_validator("units", "fatality_casualty_ids")
    @classmethod
    def _texts(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not item.strip() or len(item) > 200 for item in value):
            raise ValueError("each item is a non-empty text of at most 200 characters")
        return None if value is None else [item.strip() for item in value]

    @model_validator(mode="after")
    def _point(self) -> "IncidentFields":
        given = {"latitude", "longitude"} & self.model_fields_set
        if len(given) == 1 or (given and (self.latitude is None) != (self.longitude is None)):
            raise ValueError("latitude and longitude go together: give both or neither")
        return self


class IncidentCreate(IncidentFields):
    """A new incident: type, date and source are required."""

    incident_type: str = Field(..., max_length=30, examples=["explosive-device"])
    incident_date: date
    source: str = Field(..., min_length=1, max_length=80, examples=["MINUSMA JOC daily report"])
    confidence: Confidence = "reported"


class IncidentOut(BaseModel):
    """An incident with its version (the ETag of its API resource)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    incident_type: str
    incident_date: date
    incident_time: time | None
    country_iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    location_precision: int | None
    mission: str | None
    units: list[str]
    killed: int | None
    injured: int | None
    description: str | None
    source: str
    source_event_id: str | None
    confidence: str
    fatality_casualty_ids: list[str]
    version: int


class IncidentCount(BaseModel):
    """Incidents and their casualties for one mission, year and type."""

    mission: str | None
    year: int
    incident_type: str
    incidents: int
    killed: int
    injured: int


class ImportOut(BaseModel):
    """What an import did: rows read, added, updated, unchanged, skipped and repaired by rule."""

    source: str
    file: str
    rows_read: int
    added: int
    updated: int
    unchanged: int
    skips: dict[str, int]
    repairs: dict[str, int]
    notes: list[str]

"""Missions as the API shows them."""

from __future__ import annotations

from datetime import date

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pko.missions.mandates.lifecycle import check_resolution

Kind = Literal["peacekeeping operation", "special political mission", "AU-led operation", "hybrid", "other"]


class MissionOut(BaseModel):
    """A mission: name and kind from the catalogue, place and dates from the data that mention it."""

    model_config = ConfigDict(from_attributes=True)

    acronym: str
    name: str
    kind: str
    country: str | None
    country_iso3: str | None
    hq: str | None
    hq_lat: float | None
    hq_lon: float | None
    region: str | None
    first_month: date | None
    last_month: date | None
    sources: list[str]
    origin: str
    note: str | None
    mandating_body: str | None = None
    council_authorization: str | None = None
    version: int
    closed_on: date | None = Field(None, description="The day the mandate ended, from the mission catalogue")

    @model_validator(mode="after")
    def _closing(self) -> "MissionOut":
        from pko.missions.catalogue import closed_on

        self.closed_on = self.closed_on or closed_on(self.acronym)
        return self


class MissionFields(BaseModel):
    """What an editor may set on a mission recorded by hand."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=3, max_length=200)
    kind: Kind | None = None
    country_iso3: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    hq: str | None = Field(None, max_length=120)
    hq_lat: float | None = Field(None, ge=-90, le=90)
    hq_lon: float | None = Field(None, ge=-180, le=180)
    note: str | None = Field(None, max_length=2000)
    mandating_body: str | None = Field(None, min_length=2, max_length=120,
                                       examples=["AU Peace and Security Council", "UN Security Council"])
    council_authorization: str | None = Field(None, max_length=40, examples=["S/RES/2628 (2022)"],
                                              description="The Security Council resolution that authorized it")

    @field_validator("mandating_body")
    @classmethod
    def _body(cls, value: str | None) -> str | None:
        if value is not None and len(value.strip()) < 2:
            raise ValueError("name the body that mandated the operation, e.g. 'AU Peace and Security Council'")
        return None if value is None else value.strip()

    @field_validator("council_authorization")
    @classmethod
    def _authorization(cls, value: str | None) -> str | None:
        return None if value is None else check_resolution(value)


class MissionRecord(MissionFields):
    """A mission recorded by hand: a catalogue operation the data does not show, or a new one (then named)."""

    acronym: str = Field(..., pattern=r"^[A-Z][A-Za-z0-9-]{1,19}$", examples=["ATMIS"])

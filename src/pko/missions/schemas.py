"""Missions as the API shows them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


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

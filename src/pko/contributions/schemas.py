"""Deployed personnel as the API shows them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class ContributionOut(BaseModel):
    """Month-end count of one contributor's personnel of one category in one mission, by sex."""

    model_config = ConfigDict(from_attributes=True)

    month: date
    contributor: str
    iso3: str | None
    mission: str
    category: str
    female: int | None
    male: int | None
    total: int | None
    total_matches: bool
    source_row: int


class SummaryRow(BaseModel):
    """One group of a summary: its key, personnel by sex, the published total and women's share."""

    month: date | None = None
    iso3: str | None = None
    contributor: str | None = None
    mission: str | None = None
    category: str | None = None
    sex: str | None = None
    female: int | None = None
    male: int | None = None
    total: int | None = None
    personnel: int | None = None
    share: float | None = None
    women_share: float | None = None


class Figure(BaseModel):
    """A figure from one source: which source, at what granularity, for which period."""

    source: str
    granularity: str
    period: str
    total: int | None
    female: int | None = None
    male: int | None = None
    note: str | None = None


class TotalOut(BaseModel):
    """Every figure for the world total at a date, the most detailed first."""

    date: date
    month: date
    figures: list[Figure]
    sources: list[str]


class TopRow(BaseModel):
    """A contributor's place among the largest at a date."""

    rank: int
    iso3: str | None
    contributor: str
    total: int
    female: int | None = None
    male: int | None = None
    source: str
    granularity: str
    period: str
    note: str | None = None


class RankingOut(BaseModel):
    """A contributor's place in a UN ranking."""

    model_config = ConfigDict(from_attributes=True)

    reported_on: date
    rank: int
    contributor: str
    iso3: str | None
    m49: int | None
    female: int
    male: int
    total: int
    source_row: int


class YearEndOut(BaseModel):
    """World total at year end, with the yearly averages' check for that year where there are averages."""

    year: int
    missions: int | None
    total: int | None
    police: int | None
    observers: int | None
    troops: int | None
    sum_of_yearly_averages: int | None = None
    yearly_averages_incomplete: bool | None = None

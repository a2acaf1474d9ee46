"""What crosses the API about locations: GeoJSON feature collections, places and quick-impact projects."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Contributor(BaseModel):
    """A contributing country at a location: its name as the source spells it, ISO3 when resolved, troops."""

    name: str
    iso3: str | None
    troops: int | float | None


class LocationProperties(BaseModel):
    """One mission location in one year."""

    mission: str
    year: int
    location: str
    troops: int | float | None
    troops_basis: str  # how `troops` was obtained from the source
    as_of: date | None = None  # the map date, where the figure is that of one map
    headquarters: int | None = None  # Geo-PKO: 0 none, 1 sector, 2 regional, 3 mission HQ
    contributors: list[Contributor]
    source: str


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float]  # longitude, latitude


class LocationFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: PointGeometry
    properties: LocationProperties


class LocationCollection(BaseModel):
    """GeoJSON FeatureCollection of deployment locations, with paging and the sources that answered."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    total: int
    limit: int
    offset: int
    sources: list[str]
    features: list[LocationFeature]


class AdminAreaProperties(BaseModel):
    pcode: str
    name: str
    level: int
    parent_pcode: str | None
    valid_on: date | None


class AdminAreaFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: dict[str, Any]
    properties: AdminAreaProperties


class AdminAreaCollection(BaseModel):
    """GeoJSON FeatureCollection of administrative areas."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    sources: list[str]
    features: list[AdminAreaFeature]


class PlaceOut(BaseModel):
    """A populated place."""

    model_config = ConfigDict(from_attributes=True)

    dataset: str
    ref: str
    name: str | None
    name_en: str | None
    country: str
    kind: str | None
    population: int | None
    admin1_name: str | None
    admin2_name: str | None
    latitude: float
    longitude: float


class QipOut(BaseModel):
    """A MINUSMA quick-impact project."""

    model_config = ConfigDict(from_attributes=True)

    ref: str
    start_date: date | None
    end_date: date | None
    category: str
    activity_type: str
    partner_type: str | None
    latitude: float | None
    longitude: float | None
    beneficiaries: int | None
    beneficiary_type: str | None
    amount_disbursed: float

"""Shapes of stored road networks and of route plans on the API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pko.safety.routes import Kernel


class NetworkOut(BaseModel):
    """A stored road network."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    source_file: str
    source_format: str
    checksum: str
    segments: int
    length_km: float
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    imported_by: str
    imported_at: datetime
    version: int


class NetworkIn(BaseModel):
    """A road network sent on the API: a name and a GeoJSON FeatureCollection of LineStrings."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=120)
    geojson: dict

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a network needs a name")
        return value.strip()


class ImportOut(BaseModel):
    """What an import did: created, replaced (same name, other contents) or unchanged (same contents)."""

    outcome: str
    network: NetworkOut


class Point(BaseModel):
    """A place as latitude and longitude, with its name when it was given by name."""

    lat: float = Field(..., ge=-90, le=90)
    lon: float = Field(..., ge=-180, le=180)
    name: str | None = Field(None, max_length=200)


class PairIn(BaseModel):
    """One origin and one destination."""

    origin: Point
    destination: Point


class PlanIn(BaseModel):
    """Pairs to route between on a stored network, the incidents to weigh and the kernel."""

    model_config = ConfigDict(extra="forbid")

    pairs: list[PairIn] = Field(..., min_length=1, max_length=200)
    k: int = Field(1, ge=1, le=10, description="Least-risk routes to give: the best and k - 1 alternatives")
    since: date | None = Field(None, description="Only incidents on or after this date")
    as_of: date | None = Field(None, description="Day incident ages are counted to (default: today)")
    incident_type: str | None = Field(None, max_length=30)
    bandwidth_m: float = Field(Kernel.bandwidth_m, ge=1, le=100_000)
    half_life_days: float = Field(Kernel.half_life_days, ge=1, le=36_500)


class KernelOut(BaseModel):
    """The kernel that gave edge risk, in numbers and words."""

    bandwidth_m: float
    cutoff: float
    half_life_days: float
    description: str


class RouteOut(BaseModel):
    """One route: kind (shortest, least-risk, alternative), rank, length, expected incidents and its line."""

    kind: str
    rank: int
    length_m: float
    expected_incidents: float
    incidents_near: int
    coordinates: list[list[float]]


class PairPlan(BaseModel):
    """The routes between one origin and one destination."""

    pair: int
    origin: Point
    destination: Point
    snap_m: list[float]
    routes: list[RouteOut]
    note: str | None = None


class NearIncident(BaseModel):
    """An incident within the kernel's reach of a planned route."""

    id: int | None
    incident_type: str | None
    incident_date: date | None
    latitude: float
    longitude: float


class PlanOut(BaseModel):
    """Route plans over a stored network, with the kernel, the incidents weighed and those near the routes."""

    network: NetworkOut
    kernel: KernelOut
    as_of: date
    since: date | None
    incidents_source: str
    incidents_weighed: int
    plans: list[PairPlan]
    incidents_near: list[NearIncident]
    notes: list[str]

"""What crosses the API about mission footprints: assumptions, demand cells, plans, curves, evaluations, drawdowns."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Model = Literal["maximal-covering", "set-covering", "p-center", "p-median", "backup"]


class SiteIn(BaseModel):
    """A candidate site a user adds."""

    name: str = Field(min_length=1, max_length=120)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Assumptions(BaseModel):
    """Every assumption of a footprint computation, stated and printed with its result."""

    limit_minutes: float = Field(120.0, gt=0, le=24 * 60, description="Response time within which a cell counts as covered")
    speed_kmh: float = Field(40.0, gt=0, le=200, description="Ground speed")
    detour: float = Field(1.4, ge=1, le=5, description="Road distance over straight-line distance")
    network: str | None = Field(None, max_length=200, description="A stored road network to travel on instead")
    helicopter: bool = Field(False, description="Also reach cells by helicopter")
    air_speed_kmh: float = Field(200.0, gt=0, le=1000)
    air_range_km: float = Field(250.0, gt=0, le=2000, description="Helicopter radius of action")
    launch_minutes: float = Field(30.0, ge=0, le=600, description="Minutes from alert to take-off")
    resolution: int = Field(7, ge=4, le=9, description="H3 resolution of the demand cells")
    people: float = Field(0.5, ge=0, le=1, description="Share of demand weight given to people")
    threat: float = Field(0.5, ge=0, le=1, description="Share of demand weight given to the incident threat")
    half_life_days: float = Field(180.0, gt=0, le=3650)
    incident_types: list[str] = Field(default_factory=list, description="Incident types counted (all if empty)")
    source: Literal["geopko-v2", "radpko"] = Field("geopko-v2", description="Where the mission's real sites come from")
    town_candidates: bool = Field(True, description="Towns and cities of the area are candidate sites too")
    sites: list[SiteIn] = Field(default_factory=list, max_length=500, description="Candidate sites a user adds")
    time_limit: float = Field(60.0, gt=0, le=600, description="Solver seconds per model")


class CellOut(BaseModel):
    """One H3 demand cell with its people, threat and weight (percent of the area's demand)."""

    cell: str
    latitude: float
    longitude: float
    people: float
    threat: float
    weight: float


class DemandOut(BaseModel):
    mission: str
    as_of: date
    resolution: int
    cells: list[CellOut]
    sources: list[str]
    notes: list[str]


class SiteOut(BaseModel):
    """A site: where it is, where it came from, and (in a plan) the demand it covers and that only it covers."""

    name: str
    latitude: float
    longitude: float
    source: str
    reaches: float | None = None
    only_it: float | None = None


class SitesOut(BaseModel):
    mission: str
    year: int
    actual: list[SiteOut]
    candidates: list[SiteOut]
    notes: list[str]


class PlanOut(BaseModel):
    """One solved model: the solver's status, objective, bound, gap and time; the sites and why each was chosen."""

    mission: str
    as_of: date
    model: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    p: int
    covered: float = Field(description="Percent of demand covered within the limit")
    covered_twice: float
    unreachable: float = Field(description="Percent of demand no candidate reaches within the limit")
    sites: list[SiteOut]
    assumptions: list[str]
    notes: list[str]


class CurvePoint(BaseModel):
    p: int
    covered: float
    gain: float
    status: str
    gap: float | None
    seconds: float
    added: list[str]


class CurveOut(BaseModel):
    mission: str
    as_of: date
    points: list[CurvePoint]
    assumptions: list[str]


class HotspotOut(BaseModel):
    """A demand cell the footprint leaves uncovered: a Gi* hot spot of incidents, or among the heaviest cells."""

    cell: str
    latitude: float
    longitude: float
    weight: float
    kind: str


class EvaluationOut(BaseModel):
    """The real footprint of a mission on a date against the best one with as many sites."""

    mission: str
    as_of: date
    year: int
    actual: PlanOut
    optimum: PlanOut
    difference: float = Field(description="Percentage points of demand the optimum covers beyond the real sites")
    uncovered_hotspots: list[HotspotOut]
    assumptions: list[str]


class PhaseOut(BaseModel):
    number: int
    open: int
    closed: list[str]
    covered: float
    best: float


class DrawdownOut(BaseModel):
    mission: str
    as_of: date
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    start: float = Field(description="Percent of demand today's sites cover")
    phases: list[PhaseOut]
    assumptions: list[str]
    notes: list[str]

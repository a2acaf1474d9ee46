"""Pledges, requirements and plans as the API reads and writes them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class PledgeIn(BaseModel):
    state_iso3: str = Field(pattern=r"^[A-Z]{3}$")
    unit_type: str
    strength: int = Field(gt=0, le=10_000)
    women_share: float = Field(ge=0, le=1)
    levels: dict[str, date] = Field(description="PCRS level (L1, L2, L3, RDL) -> date reached, in PCRS order")
    equipment: list[str] = []
    self_sustained: bool = False
    languages: list[str] = []
    mobility: str = "motorized"
    caveats: list[str] = []
    available_from: date | None = None
    available_until: date | None = None


class LevelIn(BaseModel):
    level: str
    reached_on: date


class PledgeOut(PledgeIn):
    id: int
    readiness: str


class RequirementIn(BaseModel):
    mission: str
    unit_type: str
    count: int = Field(ge=1, le=1000)
    location: str
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    need_by: date
    language: str | None = None
    mobility: str | None = None
    min_readiness: str = "L1"
    priority: int = Field(1, ge=1, le=5)
    urgent: bool = False
    mandatory: bool = False


class RequirementOut(RequirementIn):
    id: int


class ExtraPledgeIn(BaseModel):
    """A hypothetical pledge for a what-if: planned as if pledged, never stored."""

    id: str = Field("EXTRA", min_length=1, max_length=40, description="Its id in the plan; must not be an existing unit's")
    state_iso3: str = Field(pattern=r"^[A-Z]{3}$")
    unit_type: str = Field(max_length=40)
    readiness: Literal["L1", "L2", "L3", "RDL"]
    strength: int = Field(gt=0, le=10_000)
    women_share: float = Field(ge=0, le=1)
    mobility: Literal["foot", "motorized", "mechanized", "air-mobile"] = "motorized"
    languages: list[str] = []
    caveats: list[str] = []
    self_sustained: bool = False
    available_from: date | None = None
    available_until: date | None = None

    def as_unit(self) -> dict:
        """The pledge as a scenario document writes a unit."""
        data = self.model_dump(mode="json", exclude={"state_iso3"})
        return data | {"state": self.state_iso3}


class ScenarioRequest(BaseModel):
    """The stored pledges and requirements, or a scenario document, under a policy."""

    scenario: dict | None = None
    request_date: date | None = None
    max_state_share: float | None = Field(0.4, gt=0, le=1)
    women_target: float | None = Field(None, ge=0, le=1)
    time_limit: float = Field(10.0, gt=0, le=120)


class PlanRequest(ScenarioRequest):
    """Plan the stored pledges and requirements, or a scenario document; optionally a what-if against it."""

    solver: Literal["auto", "cpsat", "highs"] = Field(
        "auto", description="CP-SAT or HiGHS on the same model; auto takes CP-SAT for small models and HiGHS for large ones")
    without_unit: str | None = Field(None, max_length=40)
    extra_pledge: ExtraPledgeIn | None = Field(None, description="What-if: plan again with this hypothetical unit added")
    relax: Literal["state_share", "women_share", "urgent_rdl"] | None = Field(None, description="What-if: plan again with this constraint off")


class AlternativeOut(BaseModel):
    unit_id: str
    state: str
    score: int
    went_to: str | None


class AssignmentOut(BaseModel):
    slot_id: str
    mission: str
    unit_id: str
    state: str
    unit_type: str
    score: int
    terms: dict[str, int]
    late_days: int
    alternatives: list[AlternativeOut]


class GapOut(BaseModel):
    slot_id: str
    mission: str
    unit_type: str
    priority: int
    reason: str
    detail: str


class PlanOut(BaseModel):
    label: str | None = None
    status: str
    solver: str
    objective: int
    best_bound: float | None = Field(description="None when the solver stopped before it bounded the optimum")
    gap: float | None
    seconds: float
    pairs: int
    assignments_total: int
    unfilled_total: int
    limit: int
    offset: int
    assignments: list[AssignmentOut] = Field(description="One page (limit, offset) of the assignments, by slot")
    unfilled: list[GapOut] = Field(description="One page (limit, offset) of the unfilled slots")
    conflict: list[str]
    difference: dict | None = None


class TimelineRequest(ScenarioRequest):
    """Plan, then simulate the planned units' arrivals (Monte Carlo, seeded)."""

    runs: int = Field(10_000, ge=1, le=100_000, description="Monte Carlo runs")
    seed: int = Field(1, ge=0, le=2**32 - 1, description="The same seed gives the same answer")
    share: float = Field(0.8, ge=0.01, le=1, description="Share of a mission's slots to be met")


class MissionTimelineOut(BaseModel):
    mission: str
    slots: int
    planned: int
    days_90: float | None = Field(description="Days after the request by which the share is met with 90% confidence")
    date_90: date | None


class RdlUnitOut(BaseModel):
    unit_id: str
    mission: str
    lift: str
    distance_km: float
    p_within_60_days: float


class TimelineOut(BaseModel):
    label: str | None = None
    status: str = Field(description="Status of the plan whose units are simulated")
    runs: int
    seed: int
    share: float
    missions: list[MissionTimelineOut]
    rdl_units: list[RdlUnitOut] = Field(description="Each planned Rapid Deployment Level unit's chance to arrive within 60 days")

"""Pledges, requirements and plans as the API reads and writes them."""

from __future__ import annotations

from datetime import date

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


class PlanRequest(BaseModel):
    """Plan the stored pledges and requirements, or a scenario document; optionally a what-if against it."""

    scenario: dict | None = None
    request_date: date | None = None
    max_state_share: float | None = Field(0.4, gt=0, le=1)
    women_target: float | None = Field(None, ge=0, le=1)
    time_limit: float = Field(10.0, gt=0, le=120)
    without_unit: str | None = None
    relax: str | None = Field(None, description="state_share, women_share or urgent_rdl")


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
    best_bound: float
    gap: float
    seconds: float
    pairs: int
    assignments: list[AssignmentOut]
    unfilled: list[GapOut]
    conflict: list[str]
    difference: dict | None = None

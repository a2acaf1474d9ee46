"""Needs, offers, matches and partnerships as they cross the API: what may be written, what is shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CATEGORIES = ("training", "equipment", "enabling-unit-support")
CAPABILITIES = (
    "heavy-engineering", "medical", "signals", "counter-ied", "explosive-ordnance-disposal", "aviation",
    "logistics", "force-protection", "peacekeeping-intelligence", "language", "environmental-management",
    "gender-and-protection", "command-and-staff", "police",
)
Category = Literal["training", "equipment", "enabling-unit-support"]
Capability = Literal[CAPABILITIES]  # type: ignore[valid-type]
Unit = Literal["people", "units"]
STEPS = ("agreed", "delivered", "evaluated")
Amount = Field(..., ge=1, le=100_000)
Languages = Field(default_factory=list, max_length=10, examples=[["English", "French"]])


def _languages(value: list[str]) -> list[str]:
    cleaned = [language.strip() for language in value]
    if any(not language or len(language) > 40 for language in cleaned):
        raise ValueError("each language is a non-empty name of at most 40 characters")
    return sorted(set(cleaned), key=cleaned.index)


class _Window(BaseModel):
    """Fields needs and offers share, with the window check."""

    model_config = ConfigDict(extra="forbid")

    starts_on: date
    ends_on: date
    place: str = Field(..., min_length=1, max_length=200, examples=["Entebbe"])
    languages: list[str] = Languages
    note: str | None = Field(None, max_length=2000)

    @field_validator("languages")
    @classmethod
    def _clean(cls, value: list[str]) -> list[str]:
        return _languages(value)

    @field_validator("place")
    @classmethod
    def _place(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("place must not be blank")
        return value.strip()

    @model_validator(mode="after")
    def _window(self):
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not come before starts_on")
        if self.starts_on.year < 1945 or self.ends_on.year > 2200:
            raise ValueError("the window must lie between 1945 and 2200")
        return self


class NeedIn(_Window):
    """A capability need of a contributing country."""

    state_iso3: str = Field(..., pattern=r"^[A-Z]{3}$", examples=["BGD"])
    category: Category
    capability: Capability
    quantity: int = Amount
    unit: Unit = "people"
    priority: int = Field(1, ge=1, le=5, description="1 (routine) to 5 (most pressing)")
    pledge_id: int | None = Field(None, ge=1, le=2**31 - 1, description="The pledged unit this need would raise")


class OfferIn(_Window):
    """A partner's offer."""

    partner: str = Field(..., min_length=2, max_length=40, pattern=r"^[A-Z][A-Z0-9-]*$",
                         description="ISO3 of a member state or an organization code", examples=["FRA", "EU"])
    category: Category
    capability: Capability
    capacity: int = Amount
    unit: Unit = "people"


class NeedFields(BaseModel):
    """What an editor may change on a need (the state stays)."""

    model_config = ConfigDict(extra="forbid")

    quantity: int | None = Field(None, ge=1, le=100_000)
    starts_on: date | None = None
    ends_on: date | None = None
    place: str | None = Field(None, min_length=1, max_length=200)
    languages: list[str] | None = Field(None, max_length=10)
    priority: int | None = Field(None, ge=1, le=5)
    note: str | None = Field(None, max_length=2000)

    @field_validator("languages")
    @classmethod
    def _clean(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _languages(value)


class OfferFields(BaseModel):
    """What an editor may change on an offer (the partner stays)."""

    model_config = ConfigDict(extra="forbid")

    capacity: int | None = Field(None, ge=1, le=100_000)
    starts_on: date | None = None
    ends_on: date | None = None
    place: str | None = Field(None, min_length=1, max_length=200)
    languages: list[str] | None = Field(None, max_length=10)
    note: str | None = Field(None, max_length=2000)

    @field_validator("languages")
    @classmethod
    def _clean(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _languages(value)


class NeedOut(BaseModel):
    """A need with its version (the ETag of its resource) and what agreed partnerships already cover."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    state_iso3: str
    category: str
    capability: str
    quantity: int
    unit: str
    starts_on: date
    ends_on: date
    place: str
    languages: list[str]
    priority: int
    pledge_id: int | None
    note: str | None
    version: int
    covered: int = 0


class OfferOut(BaseModel):
    """An offer with its version and what agreed partnerships already take of it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    partner: str
    owner_iso3: str | None
    category: str
    capability: str
    capacity: int
    unit: str
    starts_on: date
    ends_on: date
    place: str
    languages: list[str]
    note: str | None
    version: int
    committed: int = 0


class MatchRequest(BaseModel):
    """How long the solver may search."""

    model_config = ConfigDict(extra="forbid")

    time_limit: float = Field(10.0, gt=0, le=60, description="Seconds")


class AssignmentOut(BaseModel):
    """Quantity of an offer given to a need; the other party's side is left out for a state that is not it."""

    id: int | None
    need_id: int | None
    offer_id: int | None
    state_iso3: str | None
    partner: str | None
    capability: str
    quantity: int


class MatchOut(BaseModel):
    """A match: the solver's status, objective, bound, gap and time; the assignments; why needs stay uncovered."""

    id: int | None
    run_at: datetime
    solver: str
    status: str
    objective: int | None = Field(description="The whole run's; none for a state, which sees only its own part")
    best_bound: float | None = Field(description="The whole run's; none for a state")
    gap: float | None = Field(description="The whole run's; none for a state")
    seconds: float
    covered: int = Field(description="Quantity assigned, over the needs the caller may see")
    requested: int = Field(description="Quantity asked, over the needs the caller may see")
    assignments: list[AssignmentOut]
    unmatched: dict[str, str]
    stored: bool = Field(description="False for a preview over the caller's own needs and offers only")


class PartnershipIn(BaseModel):
    """Accept one assignment of a stored match: it becomes an agreed partnership."""

    model_config = ConfigDict(extra="forbid")

    assignment_id: int = Field(..., ge=1, le=2**31 - 1)
    agreed_on: date | None = None
    note: str | None = Field(None, max_length=2000)


class StepIn(BaseModel):
    """The next step of a partnership."""

    model_config = ConfigDict(extra="forbid")

    step: Literal["delivered", "evaluated"]
    taken_on: date
    note: str | None = Field(None, max_length=2000)


class StepOut(BaseModel):
    """A step taken."""

    model_config = ConfigDict(from_attributes=True)

    step: str
    taken_on: date
    note: str | None
    actor: str


class CapabilityFed(BaseModel):
    """The pledged unit a partnership fed, and whether it reached a higher PCRS level after delivery."""

    pledge_id: int
    level_at_delivery: str | None = None
    level_now: str | None = None
    raised: bool | None = Field(None, description="None until delivered, or when the caller may not read pledges")
    raised_to: str | None = None
    raised_on: date | None = None


class PartnershipOut(BaseModel):
    """A partnership with its steps and the capability it fed."""

    id: int
    need_id: int
    offer_id: int
    assignment_id: int | None = Field(None, description="The match assignment it was accepted from")
    state_iso3: str
    partner: str
    capability: str
    quantity: int
    status: str
    agreed_on: date
    delivered_on: date | None
    evaluated_on: date | None
    version: int
    steps: list[StepOut] = []
    capability_fed: CapabilityFed | None = None

"""Action items, notifications, support requests and joint reviews as they cross the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pko.actions.lifecycle import RECORD_TYPES, REQUEST_KINDS, REQUEST_NEXT, REVIEW_NEXT, STATUSES

RecordType = Literal[RECORD_TYPES]
Status = Literal[STATUSES]
Id = Field(..., ge=1, le=2**31 - 1)
OrganizationCode = Field(..., min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["AU-COMMISSION"])
Code = Annotated[str, Field(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$")]
Mission = Field(..., min_length=2, max_length=20, examples=["ATMIS"])
Amount = Field(None, ge=0, le=Decimal("99999999999999.99"), max_digits=16, decimal_places=2)


def _text(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    return value.strip() if value is not None else None


class LinkIn(BaseModel):
    """A record an action item concerns."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    record_type: RecordType
    record_id: int = Id


class ActionFields(BaseModel):
    """What an owner or the Secretariat may change on an action item."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=5000)
    owner: str | None = Field(None, min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    due_on: date | None = None
    status: Status | None = None
    decision_id: int | None = Field(None, ge=1, le=2**31 - 1)
    links: list[LinkIn] | None = Field(None, max_length=50)

    _blank = field_validator("title")(classmethod(lambda cls, value: _text(value)))


class ActionCreate(BaseModel):
    """A new action item (open until someone moves it on)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., min_length=1, max_length=300, examples=["Deploy the pledged engineering company"])
    description: str | None = Field(None, max_length=5000)
    owner: str = OrganizationCode
    due_on: date
    decision_id: int | None = Field(None, ge=1, le=2**31 - 1)
    links: list[LinkIn] = Field([], max_length=50)

    _blank = field_validator("title")(classmethod(lambda cls, value: _text(value)))


class ActionOut(BaseModel):
    """An action item with its links, whether it is overdue today, and its version (the ETag)."""

    id: int
    title: str
    description: str | None
    owner: str
    due_on: date
    status: str
    overdue: bool
    decision_id: int | None
    links: list[LinkIn]
    created_by: str
    created_at: datetime
    version: int


class NotificationOut(BaseModel):
    """An in-app message: to the caller, or to the caller's organization."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    link: str | None
    organization_code: str | None
    created_at: datetime
    read_at: datetime | None


class DecisionOut(BaseModel):
    """A decision taken about a support request or joint review (recorded in the consultations)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    decided_by: str
    decided_on: date
    text: str


class SupportRequestCreate(BaseModel):
    """A request for UN support to an AU-led operation."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[REQUEST_KINDS]
    requesting: str = OrganizationCode
    mission: str = Mission
    amount_usd: Decimal | None = Amount
    description: str = Field(..., min_length=1, max_length=5000)
    submitted_on: date

    _blank = field_validator("description")(classmethod(lambda cls, value: _text(value)))


class SupportRequestFields(BaseModel):
    """What may change on a support request."""

    model_config = ConfigDict(extra="forbid")

    amount_usd: Decimal | None = Amount
    description: str | None = Field(None, min_length=1, max_length=5000)
    status: Literal[tuple(REQUEST_NEXT)] | None = None

    _blank = field_validator("description")(classmethod(lambda cls, value: _text(value)))


class SupportRequestOut(BaseModel):
    """A support request with its decisions and version."""

    id: int
    kind: str
    requesting: str
    mission: str
    amount_usd: Decimal | None
    description: str
    submitted_on: date
    status: str
    created_by: str
    version: int
    decisions: list[DecisionOut] = []


class JointReviewCreate(BaseModel):
    """An AU-UN joint review of an operation."""

    model_config = ConfigDict(extra="forbid")

    mission: str = Mission
    held_on: date
    participants: list[Code] = Field(..., min_length=1, max_length=50, examples=[["AU-COMMISSION", "UN-DPO"]])
    findings: str | None = Field(None, max_length=20000)


class JointReviewFields(BaseModel):
    """What may change on a joint review."""

    model_config = ConfigDict(extra="forbid")

    held_on: date | None = None
    participants: list[Code] | None = Field(None, min_length=1, max_length=50)
    findings: str | None = Field(None, max_length=20000)
    status: Literal[tuple(REVIEW_NEXT)] | None = None


class JointReviewOut(BaseModel):
    """A joint review with its decisions and version."""

    id: int
    mission: str
    held_on: date
    participants: list[str]
    findings: str | None
    status: str
    created_by: str
    version: int
    decisions: list[DecisionOut] = []

"""Mandates as they cross the API: what may be written, what is shown."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pko.missions.mandates.lifecycle import check_resolution

Ceiling = Field(None, ge=0, le=100_000)


class MandateFields(BaseModel):
    """What an editor may set on a mandate."""

    model_config = ConfigDict(extra="forbid")

    resolution: str | None = Field(None, max_length=40, examples=["S/RES/2100 (2013)"])
    adopted_on: date | None = None
    expires_on: date | None = None
    military_ceiling: int | None = Ceiling
    police_ceiling: int | None = Ceiling
    tasks: list[str] | None = Field(None, max_length=100)

    @field_validator("resolution")
    @classmethod
    def _symbol(cls, value: str | None) -> str | None:
        return None if value is None else check_resolution(value)

    @field_validator("tasks")
    @classmethod
    def _tasks(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not task.strip() or len(task) > 500 for task in value):
            raise ValueError("each task is a non-empty text of at most 500 characters")
        return value

    @model_validator(mode="after")
    def _dates(self) -> "MandateFields":
        if self.adopted_on and self.expires_on and self.expires_on <= self.adopted_on:
            raise ValueError("expires_on must come after adopted_on")
        return self


class MandateCreate(MandateFields):
    """A new mandate (a draft until adopted)."""

    mission: str = Field(..., min_length=2, max_length=20, examples=["MINUSMA"])
    resolution: str = Field(..., max_length=40, examples=["S/RES/2100 (2013)"])


class MandateStepIn(BaseModel):
    """A lifecycle step, with what changes with it."""

    model_config = ConfigDict(extra="forbid")

    step: Literal["adopted", "renewed", "amended", "closed"]
    taken_on: date
    resolution: str | None = Field(None, max_length=40)
    note: str | None = Field(None, max_length=2000)
    changes: MandateFields | None = None

    @field_validator("resolution")
    @classmethod
    def _symbol(cls, value: str | None) -> str | None:
        return None if value is None else check_resolution(value)


class MandateStepOut(BaseModel):
    """A step taken."""

    model_config = ConfigDict(from_attributes=True)

    step: str
    taken_on: date
    resolution: str | None
    note: str | None
    actor: str


class MandateOut(BaseModel):
    """A mandate with its version (the ETag of its API resource) and its steps."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    mission: str
    resolution: str
    adopted_on: date | None
    expires_on: date | None
    military_ceiling: int | None
    police_ceiling: int | None
    tasks: list[str]
    status: str
    version: int
    steps: list[MandateStepOut] = []

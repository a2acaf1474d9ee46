"""Meetings, participants and decisions as they cross the API: what may be written, what is shown."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KINDS = {
    "triangular": "Triangular consultation (Security Council, contributors, Secretariat)",
    "wgpko": "Working Group on Peacekeeping Operations",
    "psc-sc": "AU Peace and Security Council - UN Security Council consultation",
    "force-generation": "Force-generation conference",
}
Kind = Literal["triangular", "wgpko", "psc-sc", "force-generation"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
Attendance = Literal["invited", "attended", "absent"]
SubjectType = Field(None, min_length=2, max_length=40, pattern=r"^[a-z][a-z0-9-]*$", examples=["support-request"])


def _text(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    return value


class MeetingFields(BaseModel):
    """What an editor may set on a meeting."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=3, max_length=300)
    mission: str | None = Field(None, min_length=2, max_length=20, examples=["MINUSMA"])
    theme: str | None = Field(None, min_length=3, max_length=300)
    held_on: date | None = None
    place: str | None = Field(None, min_length=2, max_length=200)
    agenda: list[str] | None = Field(None, max_length=50)
    minutes: str | None = Field(None, max_length=50_000)
    status: MeetingStatus | None = None

    @field_validator("title", "theme", "place", "minutes")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return _text(value)

    @field_validator("agenda")
    @classmethod
    def _agenda(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not item.strip() or len(item) > 500 for item in value):
            raise ValueError("each agenda item is a non-empty text of at most 500 characters")
        return value

    @field_validator("held_on")
    @classmethod
    def _held_on(cls, value: date | None) -> date | None:
        if value is not None and not 1945 <= value.year <= 2100:
            raise ValueError("a meeting is held between 1945 and 2100")
        return value


class ParticipantIn(BaseModel):
    """An organization or a person invited to a meeting (or recorded as attending)."""

    model_config = ConfigDict(extra="forbid")

    organization_code: str | None = Field(None, min_length=2, max_length=40, examples=["UN-DPO"])
    state_iso3: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="A member state: its delegation is invited")
    person: str | None = Field(None, min_length=2, max_length=200)
    capacity: str = Field("participant", min_length=2, max_length=120)
    status: Attendance = "invited"

    @model_validator(mode="after")
    def _someone(self) -> "ParticipantIn":
        if not (self.organization_code or self.state_iso3 or self.person):
            raise ValueError("name an organization_code, a state_iso3 or a person")
        if self.organization_code and self.state_iso3:
            raise ValueError("name an organization_code or a state_iso3, not both")
        _text(self.person)
        return self


class MeetingCreate(MeetingFields):
    """A new meeting; a mission or a theme says what it is about."""

    kind: Kind
    title: str = Field(..., min_length=3, max_length=300)
    held_on: date
    participants: list[ParticipantIn] = Field([], max_length=300)

    @model_validator(mode="after")
    def _about(self) -> "MeetingCreate":
        if not (self.mission or self.theme):
            raise ValueError("a meeting is about a mission or a theme")
        return self


class AttendanceIn(BaseModel):
    """Whether an invited participant attended."""

    model_config = ConfigDict(extra="forbid")

    status: Attendance


class ParticipantOut(BaseModel):
    """A participant with its version (the ETag of its resource)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    organization_code: str | None
    organization_name: str | None = None
    state_iso3: str | None = None
    person: str | None
    capacity: str
    status: str
    version: int


class DecisionFields(BaseModel):
    """What an editor may change on a decision."""

    model_config = ConfigDict(extra="forbid")

    decided_by: str | None = Field(None, min_length=2, max_length=300, examples=["UN-SC, AU-PSC"])
    decided_on: date | None = None
    text: str | None = Field(None, min_length=3, max_length=20_000)

    @field_validator("decided_by", "text")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return _text(value)


class DecisionCreate(DecisionFields):
    """A decision: who decided what, when; at a meeting or not; about a record or not."""

    meeting_id: int | None = Field(None, ge=1, le=2**31 - 1)
    subject_type: str | None = SubjectType
    subject_id: int | None = Field(None, ge=1, le=2**31 - 1)
    decided_by: str = Field(..., min_length=2, max_length=300)
    decided_on: date
    text: str = Field(..., min_length=3, max_length=20_000)

    @model_validator(mode="after")
    def _subject(self) -> "DecisionCreate":
        if (self.subject_type is None) != (self.subject_id is None):
            raise ValueError("a subject is a subject_type and a subject_id together")
        return self


class DecisionOut(BaseModel):
    """A decision with its version."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int | None
    subject_type: str | None
    subject_id: int | None
    decided_by: str
    decided_on: date
    text: str
    version: int


class MeetingOut(BaseModel):
    """A meeting with its version, participants and decisions."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    title: str
    mission: str | None
    theme: str | None
    held_on: date
    place: str | None
    agenda: list[str]
    minutes: str | None
    status: str
    mandate_id: int | None
    prepares_expiry: date | None
    created_by: str
    version: int
    participants: list[ParticipantOut] = []
    decisions: list[DecisionOut] = []


class ScheduleIn(BaseModel):
    """Which triangular consultations to schedule: one mission's, or those of every mission with a mandate in force."""

    model_config = ConfigDict(extra="forbid")

    mission: str | None = Field(None, min_length=2, max_length=20, examples=["MINUSMA"])
    all: bool = Field(False, description="Every mission with a mandate in force")
    lead_weeks: int | None = Field(None, ge=0, le=52, description="Weeks before expiry (default: PKO_CONSULTATION_LEAD_WEEKS)")
    allow_stale: bool = Field(False, description="Schedule even more than 12 months past the contributions on record")

    @model_validator(mode="after")
    def _one(self) -> "ScheduleIn":
        if bool(self.mission) == self.all:
            raise ValueError("name one mission or set all to true, not both")
        return self


class ScheduledOut(BaseModel):
    """What scheduling did for one mission."""

    mission: str
    outcome: str
    meeting_id: int | None = None
    held_on: date | None = None
    mandate_id: int | None = None
    expires_on: date | None = None
    contributors_month: date | None = None
    invited: int = 0
    note: str | None = None
    as_of: date | None = Field(None, description="Month of the contributors invited")
    stale: bool = Field(False, description="The contributions on record end before the meeting (the note gives the gap)")
    moved_from: date | None = Field(None, description="The weekend day the meeting was moved from, to the Friday before")
    council_complete: bool | None = Field(None, description="False when the record lacks some of the year's Council seats")


class FigureOut(BaseModel):
    """One figure of a briefing pack and its source."""

    label: str
    value: int | float | str | date | None
    source: str
    unit: str | None = None
    note: str | None = None
    as_of: date | None = Field(None, description="Date of the data behind the figure")


class PackSectionOut(BaseModel):
    """A part of a briefing pack."""

    key: str
    title: str
    figures: list[FigureOut]
    table: list[dict]
    table_source: str | None
    note: str | None
    warning: str | None = Field(None, description="Set when the section's data ends before the date asked, with the gap")


class PackOut(BaseModel):
    """A mission's briefing pack at a date."""

    mission: str
    as_of: date
    sections: list[PackSectionOut]

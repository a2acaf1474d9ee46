"""Registry records as the API shows them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MemberStateOut(BaseModel):
    """A UN member state with its codes, M49 regions and UN regional group."""

    model_config = ConfigDict(from_attributes=True)

    iso3: str
    iso2: str
    m49: int
    name: str
    m49_english_name: str
    m49_region: str | None
    m49_subregion: str | None
    m49_intermediate_region: str | None
    regional_group: str
    regional_group_note: str | None


class OrganizationOut(BaseModel):
    """A body that acts on peacekeeping."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    kind: str
    parent_code: str | None
    member_state_iso3: str | None
    version: int


class OrganizationFields(BaseModel):
    """What an editor may set on an organization."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=3, max_length=200)
    kind: str | None = Field(None, min_length=3, max_length=40)
    parent_code: str | None = Field(None, pattern=r"^[A-Z0-9-]{2,40}$")
    member_state_iso3: str | None = Field(None, pattern=r"^[A-Z]{3}$")


class OrganizationCreate(OrganizationFields):
    """A new organization: a code, a name and what kind of body it is."""

    code: str = Field(..., pattern=r"^[A-Z0-9-]{2,40}$", examples=["AU-PSOD"])
    name: str = Field(..., min_length=3, max_length=200)
    kind: str = Field(..., min_length=3, max_length=40, examples=["AU department"])


class CouncilSeatOut(BaseModel):
    """A Security Council seat in one year: the name as published, today's state, and how it was mapped."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    name_in_source: str
    iso3: str | None
    state_name: str | None = None
    permanent: bool
    name_repaired: bool
    mapping_note: str | None


class CouncilYearOut(BaseModel):
    """The Council of one year as the record holds it: its members, and whether every seat is in the record."""

    year: int
    seats: int  # seats the Charter gives that year
    recorded: int
    complete: bool
    note: str | None = None
    members: list[CouncilSeatOut]

"""Accounts and tokens as they are shown (never a hash)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,79}$"
LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
DOMAIN = re.compile(r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")


def email_address(value: str) -> str:
    """An e-mail address as name@domain.tld (no display name, no IP literal), its domain in lower case."""
    local, at, domain = value.rpartition("@")
    if not at or len(value) > 254 or len(local) > 64 or not LOCAL_PART.fullmatch(local) or not DOMAIN.fullmatch(domain):
        raise ValueError(f"'{value}' is not an e-mail address such as name@example.org")
    return f"{local}@{domain.lower()}"


Email = Annotated[str, Field(max_length=254, examples=["j.doe@example.org"]),
                  AfterValidator(email_address)]
Role = Annotated[str, Field(min_length=1, max_length=40)]
Roles = Field(None, min_length=1, max_length=10, examples=[["force-generation-officer"]])


class UserOut(BaseModel):
    """An account: who, for which organization, with which roles."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str | None = None
    organization_code: str
    roles: list[str]
    disabled: bool
    created_at: datetime
    version: int = 1


class UserFields(BaseModel):
    """What an administrator may change on an account (the password is its owner's)."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(None, min_length=1, max_length=200)
    email: Email | None = Field(None, description="Where notices are mailed; null removes it")
    roles: list[Role] | None = Roles
    disabled: bool | None = Field(None, description="true disables the account and revokes its tokens")


class UserCreate(BaseModel):
    """A new member of an organization: give the organization's code, or the ISO3 of a state for its delegation."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(..., pattern=USERNAME, examples=["j.doe"])
    password: str = Field(..., min_length=1, max_length=200, description="At least 12 characters, not the username")
    roles: list[Role] = Field(..., min_length=1, max_length=10, examples=[["force-generation-officer"]])
    organization_code: str | None = Field(None, min_length=2, max_length=40, examples=["UN-DPO"])
    state_iso3: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", examples=["BGD"])
    display_name: str | None = Field(None, min_length=1, max_length=200)
    email: Email | None = Field(None, description="Where notices are mailed")

    @model_validator(mode="after")
    def _one_organization(self) -> "UserCreate":
        if (self.organization_code is None) == (self.state_iso3 is None):
            raise ValueError("give exactly one of organization_code or state_iso3")
        return self


class TokenOut(BaseModel):
    """A bearer token's record (its secret is shown once, at creation)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

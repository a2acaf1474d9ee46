"""Accounts and tokens as they are shown (never a hash)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class UserOut(BaseModel):
    """An account: who, for which organization, with which roles."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    organization_code: str
    roles: list[str]
    disabled: bool
    created_at: datetime


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

"""Errors every domain shares."""

from __future__ import annotations


class QueryError(ValueError):
    """A query value that names nothing known or cannot be answered; the API answers it with 422."""


class Conflict(Exception):
    """A change the record's current state does not allow (a lifecycle step out of order); answered 409."""


class StaleVersion(Exception):
    """A change made against an older version than the stored one; answered 412 (or 409 for a race)."""

    def __init__(self, current: int | None, message: str):
        super().__init__(message)
        self.current = current


class NotFound(LookupError):
    """A record asked for by id that does not exist; answered 404."""

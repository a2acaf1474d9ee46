"""Errors every domain shares."""

from __future__ import annotations


class QueryError(ValueError):
    """A query value that names nothing known or cannot be answered; the API answers it with 422."""

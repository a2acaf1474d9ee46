"""What every API route shares: paging, a page of results that names its source, strict query strings."""

from __future__ import annotations

from typing import Generic, TypeVar

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel

T = TypeVar("T")


class Paging(BaseModel):
    """Which slice of a result to return."""

    limit: int
    offset: int


def paging(
    limit: int = Query(100, ge=1, le=10_000, description="Rows per page"),
    offset: int = Query(0, ge=0, le=2**31 - 1, description="Rows to skip"),
) -> Paging:
    """The paging parameters of a list route."""
    return Paging(limit=limit, offset=offset)


class Page(BaseModel, Generic[T]):
    """One page of a list: the rows, the total that matched, and which sources answered."""

    total: int
    limit: int
    offset: int
    sources: list[str] = []
    items: list[T]


def _query_names(dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    """Answer 422 for a query parameter the route does not define, instead of ignoring it."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "unknown_parameter",
                    "loc": ("query", name),
                    "msg": f"unknown query parameter '{name}'; this route accepts: {', '.join(sorted(known)) or 'none'}",
                    "input": request.query_params.get(name),
                }
                for name in unknown
            ]
        )


def get_session():
    """A database session for one request (read-only routes simply never commit)."""
    from pko.db import get_engine, session_scope

    with session_scope(get_engine()) as session:
        yield session

"""What every route shares: paging, a page of results that names its source, strict query strings, error answers."""

from __future__ import annotations

import json
import math
import re
from typing import Generic, TypeVar
from urllib.parse import quote

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY

from pko.errors import Conflict, NotFound, QueryError, StaleVersion

T = TypeVar("T")
MAX_ID = 2**31 - 1


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
    """Answer 422 for a query parameter the route does not define (instead of ignoring it), for a NUL
    character in the query or path (no database stores one in text), and for an id beyond 32 bits."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    problems = [
        {"type": "unknown_parameter", "loc": ("query", name), "input": request.query_params.get(name),
         "msg": f"unknown query parameter '{name}'; this route accepts: {', '.join(sorted(known)) or 'none'}"}
        for name in sorted(set(request.query_params) - known)
    ]
    problems += [
        {"type": "nul_character", "loc": (where, name), "input": value, "msg": "contains a NUL character"}
        for where, values in (("query", request.query_params.multi_items()), ("path", request.path_params.items()))
        for name, value in values if "\x00" in str(value)
    ]
    # Record ids are 32-bit integers in every database PKO runs on.
    problems += [
        {"type": "out_of_range", "loc": ("path", name), "input": value, "msg": f"{value} is beyond the largest id"}
        for name, value in request.path_params.items() if str(value).isascii() and str(value).isdigit() and int(value) > MAX_ID
    ]
    if problems:
        raise RequestValidationError(problems)


MAX_DEPTH = 64  # nesting no request of PKO needs (GeoJSON is about 6 deep); deeper JSON is refused
SHOWN_ERRORS = 20  # a 422 lists at most this many problems
SHOWN_INPUT = 100  # and each problem's input cut to this many characters


def _unstorable(text: str) -> bool:
    """True for text no database stores: a NUL character, or half of a UTF-16 surrogate pair."""
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _strings(value) -> list[str]:
    """Every string (keys too) of a parsed JSON document, walked without recursion; too deep is a ValueError."""
    found, pending = [], [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return found


def _invalid(kind: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": ("body",), "input": None, "msg": message}])


async def reject_unstorable_body(request: Request) -> None:
    """Answer 422 for a JSON or form body holding text no database stores (a NUL, a lone surrogate),
    for NaN or Infinity in JSON, and for JSON nested deeper than any route needs."""
    kind = request.headers.get("content-type", "")
    if request.method in ("GET", "HEAD", "OPTIONS") or not any(
        name in kind for name in ("json", "form-urlencoded", "multipart/form-data")
    ):
        return
    if "json" in kind:
        try:
            document = json.loads(await request.body(), parse_constant=_refuse_constant)
        except RecursionError:
            raise _invalid("json_too_deep", f"JSON nested more than {MAX_DEPTH} levels deep")
        except UnicodeDecodeError:
            return  # answered by the route's own validation
        except json.JSONDecodeError:
            return  # malformed JSON is answered by the route's own validation
        except ValueError as error:  # NaN, Infinity, -Infinity
            raise _invalid("json_invalid", f"{error}: send a number or null")
    else:  # the route has parsed its form already; Starlette keeps it
        document = [value for value in (await request.form()).values() if isinstance(value, str)]
    try:
        texts = _strings(document)
    except ValueError as error:
        raise _invalid("json_too_deep", f"JSON {error}")
    if any(_unstorable(text) for text in texts):
        raise _invalid("unstorable_text", "contains a NUL character or a lone surrogate, which cannot be stored")


def _shown(value):
    """A JSON-safe excerpt of a rejected input: short text, finite numbers, containers by their size."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple, dict)):
        return f"<{'object' if isinstance(value, dict) else 'array'} of {len(value)} items>"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= SHOWN_INPUT else text[:SHOWN_INPUT] + f"... ({len(text)} characters)"


def validation_excerpt(errors) -> list[dict]:
    """The first problems of a validation error, each with its input cut short, safe to encode as JSON."""
    errors, shown = list(errors), []
    for error in errors[:SHOWN_ERRORS]:
        item = {"type": str(error.get("type", "")), "loc": [_shown(part) for part in error.get("loc", ())],
                "msg": _shown(error.get("msg", "")), "input": _shown(error.get("input"))}
        if error.get("ctx"):
            item["ctx"] = {str(key): _shown(value) for key, value in error["ctx"].items()}
        shown.append(item)
    if len(errors) > SHOWN_ERRORS:
        shown.append({"type": "more_errors", "loc": [], "input": None,
                      "msg": f"{len(errors) - SHOWN_ERRORS:,} more problems not shown (of {len(errors):,})"})
    return shown


def upload_limit() -> int:
    """The body limit of a route that takes an upload (a network, a list of incidents): PKO_MAX_UPLOAD_BYTES."""
    from pko.config import get_settings

    return get_settings().max_upload_bytes


def etag(version: int) -> str:
    """The entity tag of a record's version."""
    return f'"{version}"'


def expected_version(if_match: str | None = Header(None, description='The ETag you read, e.g. "3"')) -> int:
    """The version a client edits against; a write without it is refused (428), a malformed one too (412)."""
    if if_match is None:
        raise HTTPException(428, "send If-Match with the ETag of the record you edit, so no change is lost")
    found = re.fullmatch(r'\s*(?:W/)?"?(\d{1,9})"?\s*', if_match)
    if found is None:
        raise HTTPException(412, f"If-Match '{if_match}' is not an ETag of this API (e.g. \"3\")")
    return int(found.group(1))


def get_session():
    """A database session for one request (read-only routes simply never commit)."""
    from pko.db import get_engine, session_scope

    with session_scope(get_engine()) as session:
        yield session


def answer_errors(app: FastAPI) -> None:
    """Map the domain's errors to HTTP answers with a message; send a browser that must sign in to the login page.

    A browser reading an HTML route gets each refusal as a page in the site's frame; the API answers JSON.
    """
    from pko.web.error_pages import error_page, wants_page

    def handler(status: int):
        async def answer(request: Request, error: Exception):
            if wants_page(request):
                return error_page(request, status, [str(error)])
            return JSONResponse({"detail": str(error)}, status_code=status)
        return answer

    app.add_exception_handler(QueryError, handler(422))
    app.add_exception_handler(NotFound, handler(404))
    app.add_exception_handler(Conflict, handler(409))

    async def stale(_request: Request, error: StaleVersion) -> JSONResponse:
        if error.current is None:  # lost a race inside the transaction
            return JSONResponse({"detail": str(error)}, status_code=409)
        return JSONResponse({"detail": str(error)}, status_code=412, headers={"ETag": f'"{error.current}"'})

    async def sign_in_first(request: Request, error: StarletteHTTPException):
        if error.status_code == 413:
            return await too_large(request)
        if error.status_code == 401 and not request.url.path.startswith("/api/") and request.method == "GET":
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(here)}", status_code=303)
        if wants_page(request):
            return error_page(request, error.status_code, [str(error.detail)])
        return await http_exception_handler(request, error)

    async def invalid(request: Request, error: RequestValidationError):
        problems = validation_excerpt(error.errors())
        if wants_page(request):
            lines = [f"{' '.join(str(part) for part in problem['loc'][1:]) or 'request'}: {problem['msg']}"
                     for problem in problems]
            return error_page(request, 422, lines)
        return JSONResponse({"detail": problems}, status_code=422)

    async def too_large(request: Request) -> JSONResponse:
        limit = request.scope.get(MAX_BODY_SIZE_SCOPE_KEY)
        return JSONResponse({"detail": f"request body larger than {limit:,} bytes" if limit else "request body too large"},
                            status_code=413, headers={"Connection": "close"})

    app.add_exception_handler(StaleVersion, stale)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, sign_in_first)

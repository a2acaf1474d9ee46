"""The OpenAPI document as the API really answers: who needs a token, and every refusal a route can give."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from pko.auth.permissions import api_routes, declared
from pko.auth.roles import scope_of
from pko.http import expected_version

PROBLEM = {"title": "Problem", "type": "object", "required": ["detail"],
           "properties": {"detail": {"title": "Detail", "type": "string", "description": "Why the request was refused"}}}
REFUSALS = {
    "401": "No valid token or session: sign in, or the token is invalid, expired or revoked",
    "403": "The caller's roles or token do not allow this",
    "404": "No such record, or one the caller may not see (answered alike)",
    "409": "The record's current state does not allow this change",
    "412": "If-Match names an older version than the stored one (or is no ETag of this API)",
    "428": "A change must send If-Match with the ETag of the record it edits",
}


def _uses(route: APIRoute, dependency) -> bool:
    pending = [route.dependant]
    while pending:
        found = pending.pop()
        if found.call is dependency:
            return True
        pending.extend(found.dependencies)
    return False


def _refusals(route: APIRoute, public: bool, method: str) -> list[str]:
    """The refusals a route can answer besides 422."""
    codes = ["401"] + ([] if public else ["403"]) + ["404"]
    if method != "get":
        codes.append("409")
    if _uses(route, expected_version):
        codes += ["412", "428"]
    return codes


UTC_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"


def _utc_times(node) -> None:
    """Times are stored and sent in UTC without an offset: say so, where `date-time` would demand one."""
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            node.pop("format")
            node["pattern"] = UTC_TIME
            node.setdefault("description", "UTC (ISO 8601; no offset means UTC)")
        for value in node.values():
            _utc_times(value)
    elif isinstance(node, list):
        for value in node:
            _utc_times(value)


def document(app: FastAPI) -> None:
    """Build the app's OpenAPI document once: public routes without bearer auth; 401/403/404/409/412/428 and
    domain 422s (whose detail is a sentence, where a malformed request's is a list) documented."""

    def build() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM
        if "HTTPValidationError" in components:
            components["HTTPValidationError"]["properties"]["detail"] = {"title": "Detail", "anyOf": [
                {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
                {"type": "string", "description": "A value that names nothing known or cannot be answered"}]}
        else:
            components["HTTPValidationError"] = PROBLEM
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for route in api_routes(app.routes):
            if not route.include_in_schema:
                continue
            permission = declared(route)
            public = permission is not None and scope_of(("public",), *permission) is not None
            for method in route.methods:
                operation = schema["paths"].get(route.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                if public:
                    operation.pop("security", None)
                responses = operation.setdefault("responses", {})
                responses.setdefault("422", {"description": "Validation Error", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}})
                for code in _refusals(route, public, method.lower()):
                    responses.setdefault(code, {"description": REFUSALS[code], "content": problem})
        _utc_times(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = build

"""Refusals as pages in the site's frame, for a browser reading an HTML route (the API keeps answering JSON)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse

from pko import __version__
from pko.auth.permissions import declared
from pko.auth.roles import ROLES, scope_of
from pko.web.pages import NAVIGATION, templates

TITLES = {401: "Sign in to see this", 403: "Not allowed", 404: "Not found", 405: "Not allowed", 409: "Conflict",
          422: "Not understood"}


def wants_page(request: Request) -> bool:
    """True for a browser's request to an HTML route: not the API, not htmx, and it accepts text/html."""
    path = request.url.path
    return (not path.startswith(("/api/", "/static/")) and request.headers.get("HX-Request") != "true"
            and "text/html" in request.headers.get("accept", ""))


def _roles(request: Request) -> list[str]:
    """The roles that would allow the route the request reached."""
    route = request.scope.get("route")
    permission = declared(route) if route is not None and hasattr(route, "dependant") else None
    if permission is None:
        return []
    return [role for role in ROLES if role != "public" and scope_of((role,), *permission) is not None]


def error_page(request: Request, status: int, problems: list[str]) -> HTMLResponse:
    """The page for a refusal: what went wrong and where to go from here."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context = {"navigation": NAVIGATION, "version": __version__, "section": None, "loaded": True,
               "title": TITLES.get(status, f"Error {status}"), "status": status, "problems": problems,
               "roles": _roles(request) if status == 403 else [], "sign_in": f"/login?next={quote(here)}"}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)

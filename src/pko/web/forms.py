"""How a form post is answered: htmx gets fragments and HX-Redirect, a plain post (no JavaScript) gets whole pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pko import __version__
from pko.errors import StaleVersion
from pko.web.pages import NAVIGATION, templates


def htmx(request: Request) -> bool:
    """True when htmx sent the request rather than a plain form post."""
    return request.headers.get("HX-Request") == "true"


def done(request: Request, session: Session, target: str, message: str) -> Response:
    """A write succeeded: say so on the next page (a flash message) and send the browser to the page showing it.

    The change is committed first, so the page the browser is sent to always shows it.
    """
    session.commit()
    request.session["flash"] = message
    if htmx(request):
        return HTMLResponse(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _back(request: Request) -> str:
    """The page the form was on (same site only), else the home page."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/"
    return (referer.path or "/") + (f"?{referer.query}" if referer.query else "")


def messages(error: Exception) -> list[str]:
    """One line per problem, each naming the field it is about."""
    if isinstance(error, ValidationError):
        return [f"{'.'.join(map(str, e['loc'])) or 'form'}: {e['msg']}" for e in error.errors()]
    return [str(error)]


def refused(request: Request, error: Exception, status: int | None = None) -> HTMLResponse:
    """A write refused: the problems beside the form for htmx, a page with them and a way back for a plain post."""
    status = status or (409 if isinstance(error, StaleVersion) else 422)  # a stale version is a conflict, not a bad form
    context = {"problems": messages(error)}
    if htmx(request):
        return templates.TemplateResponse(request, "partials/_form_errors.html", context, status_code=status)
    return templates.TemplateResponse(
        request, "form_refused.html", {**context, "navigation": NAVIGATION, "version": __version__, "section": None,
                                       "loaded": True, "title": "Not recorded", "back": _back(request)},
        status_code=status)

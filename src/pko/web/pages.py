"""The pages of the UI: server-rendered HTML, with htmx partials for filtered lists."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from pko.auth.permissions import Principal, principal, require
from pko import __version__
from pko.forcegen.units import UNIT_TYPES
from pko.http import get_session
from pko.web import TEMPLATES, figures

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse, dependencies=[Depends(require("record", "read"))])
templates = Jinja2Templates(directory=TEMPLATES)
templates.env.filters["thousands"] = lambda value: "–" if value is None else f"{value:,.0f}"
templates.env.filters["unit_name"] = lambda code: UNIT_TYPES.get(code, (code,))[0]  # a unit type by its name, not its code


@jinja2.pass_context
def _path_for(context, name: str, /, **params) -> str:
    """A route's path (not its absolute URL, so the pages work behind any host name or proxy)."""
    return context["request"].url_for(name, **params).path


templates.env.globals["url_for"] = _path_for


@dataclass(frozen=True)
class Section:
    """One entry of the main navigation."""

    key: str
    label: str
    href: str


NAVIGATION = (
    Section("missions", "Missions", "/missions"),
    Section("states", "Member states", "/states"),
    Section("contributions", "Contributions", "/contributions"),
    Section("safety", "Safety", "/safety"),
    Section("incidents", "Incidents", "/incidents"),
    Section("forcegen", "Force generation", "/force-generation"),
    Section("finance", "Finance", "/finance"),
    Section("coordination", "Coordination", "/consultations"),
    Section("actions", "Action items", "/actions"),
    Section("partnerships", "Partnerships", "/partnerships"),
)


VARY = {"Vary": "HX-Request"}  # a list answers htmx with its table only, so caches must tell the two apart


def render(request: Request, session: Session, template: str, status_code: int = 200, headers: dict | None = None,
            **context) -> HTMLResponse:
    context.setdefault("section", None)
    context.setdefault("loaded", figures.loaded(session))
    return templates.TemplateResponse(
        request, template, {"navigation": NAVIGATION, "version": __version__, **context}, status_code=status_code,
        headers=headers,
    )


def _partial(request: Request) -> bool:
    """True when htmx asks for the fragment only (not for a history restore, which wants the page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def _not_found(request: Request, session: Session, what: str) -> HTMLResponse:
    return render(request, session, "not_found.html", status_code=404, title="Not found", what=what)


@router.get("/", name="home")
def home(request: Request, session: Session = Depends(get_session)):
    """Key figures, fatalities by year and where peacekeepers were deployed."""
    return render(request, session, "home.html", title="Overview", **figures.home(session))


@router.get("/missions", name="missions")
def missions(
    request: Request,
    q: str = Query("", max_length=80, description="Part of an acronym or name"),
    kind: str = Query("", max_length=60, description="Kind of mission"),
    session: Session = Depends(get_session),
):
    """Every mission seen in the data, filtered as one types."""
    listing = figures.missions(session, q=q.strip(), kind=kind)
    if _partial(request):
        return templates.TemplateResponse(request, "partials/_missions_table.html", listing, headers=VARY)
    return render(request, session, "missions.html", headers=VARY, title="Missions", section="missions", q=q, kind=kind, **listing)


@router.get("/missions/{acronym}", name="mission")
def mission(request: Request, acronym: str, session: Session = Depends(get_session)):
    """One mission: what, where, when, how many deployed and how many died."""
    page = figures.mission(session, acronym)
    if page is None:
        return _not_found(request, session, f"mission {acronym}")
    return render(request, session, "mission.html", title=page["mission"]["acronym"], section="missions", **page)


@router.get("/states", name="states")
def states(
    request: Request,
    q: str = Query("", max_length=80, description="Part of a name or ISO code"),
    group: str = Query("", max_length=40, description="UN regional group"),
    session: Session = Depends(get_session),
):
    """The member states, filtered as one types."""
    listing = figures.states(session, q=q.strip(), group=group)
    if _partial(request):
        return templates.TemplateResponse(request, "partials/_states_table.html", listing, headers=VARY)
    return render(request, session, "states.html", headers=VARY, title="Member states", section="states", q=q, group=group, **listing)


@router.get("/states/{iso3}", name="state")
def state(request: Request, iso3: str, session: Session = Depends(get_session), caller: Principal = Depends(principal)):
    """One member state: its seats on the Council, its contributions, its nationals who died, its assessments."""
    from pko.web.finance_pages import state_finance

    page = figures.state(session, iso3.upper())
    if page is None:
        return _not_found(request, session, f"member state {iso3}")
    return render(request, session, "state.html", title=page["state"]["name"], section="states", **page,
                  **state_finance(session, caller, page["state"]["iso3"]))


@router.get("/contributions", name="contributions")
def contributions(request: Request, session: Session = Depends(get_session)):
    """Uniformed personnel deployed over time and the largest contributors."""
    return render(request, session, "contributions.html", title="Contributions", section="contributions",
                   **figures.contributions(session))


@router.get("/safety", name="safety")
def safety(request: Request, session: Session = Depends(get_session)):
    """Fatalities of peacekeeping personnel by year, cause and mission."""
    return render(request, session, "safety.html", title="Safety", section="safety", **figures.safety(session))


@router.get("/sources", name="sources")
def sources(request: Request, session: Session = Depends(get_session)):
    """The current import run of every source: file, hash, rows stored, repairs."""
    return render(request, session, "sources.html", title="Sources and imports", runs=figures.import_runs(session))

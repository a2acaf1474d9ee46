"""The incident page: a map of incidents with hotspot hexagons, filters, counts, the latest entries and the entry form."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.auth.roles import scope_of
from pko.errors import QueryError
from pko.http import get_session
from pko.incidents import service
from pko.incidents.schemas import IncidentCreate
from pko.incidents.vocabulary import CONFIDENCE, TYPES
from pko.web.account_pages import csrf_token
from pko.web.forms import done
from pko.web.mandate_pages import REFUSED, problems
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _day(value: str, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise QueryError(f"{name} '{value}' is not a date (YYYY-MM-DD)") from None


@router.get("/incidents", name="incidents")
def incidents_page(
    request: Request,
    mission: str = Query("", max_length=20), incident_type: str = Query("", alias="type", max_length=30),
    date_from: str = Query("", alias="from", max_length=10), date_to: str = Query("", alias="to", max_length=10),
    resolution: int = Query(6, ge=3, le=9),
    access: Access = Depends(require("incidents", "read")), session: Session = Depends(get_session),
):
    """Incidents on a map with their hotspots, counts by mission x year x type, the latest entries, the form."""
    chosen = {"mission": mission.strip(), "type": incident_type.strip(), "from": date_from, "to": date_to}
    problem = None
    try:
        where = service.Filters(mission=chosen["mission"] or None, incident_type=chosen["type"] or None,
                                date_from=_day(date_from, "from"), date_to=_day(date_to, "to"))
        total = service.count_incidents(session, where=where)
        latest = service.list_incidents(session, where=where, limit=50)
        counts = service.counts(session, where=where)
    except QueryError as error:
        problem, total, latest, counts = str(error), 0, [], []
        chosen = {key: "" for key in chosen}
        where = service.Filters()
    try:
        hexagons = service.hotspots_geojson(service.hotspots(session, where=where, resolution=resolution))
    except QueryError as error:  # too few located incidents: said under the map
        hexagons = {"type": "FeatureCollection", "features": [], "properties": {"note": str(error)}}
    query = urlencode({key: value for key, value in chosen.items() if value})
    return render(
        request, session, "incidents.html", title="Incidents", section="safety", chosen=chosen, problem=problem,
        total=total, latest=latest, counts=counts, types=TYPES, confidences=CONFIDENCE, resolution=resolution,
        points_url=f"/api/v1/incidents/map?{query}",
        hexagons=hexagons,
        killed=sum(row.killed for row in counts), csrf=csrf_token(request),
        writer=scope_of(access.principal.roles, "incidents", "write") is not None,
    )


@router.post("/incidents")
def incident_create(
    request: Request, incident_type: str = Form(..., max_length=30), incident_date: str = Form(..., max_length=10),
    incident_time: str = Form("", max_length=8), source: str = Form(..., max_length=80),
    latitude: str = Form("", max_length=20), longitude: str = Form("", max_length=20),
    location: str = Form("", max_length=200), admin1: str = Form("", max_length=120),
    mission: str = Form("", max_length=20), units: str = Form("", max_length=2000),
    killed: str = Form("", max_length=7), injured: str = Form("", max_length=7),
    confidence: str = Form("reported", max_length=12), source_event_id: str = Form("", max_length=80),
    fatality_casualty_ids: str = Form("", max_length=2000), description: str = Form("", max_length=5000),
    access: Access = Depends(require("incidents", "write")), session: Session = Depends(get_session),
):
    """Record an incident from the form (htmx, with the CSRF header); errors come back beside the form."""
    try:
        data = IncidentCreate(
            incident_type=incident_type, incident_date=incident_date, incident_time=incident_time or None,
            source=source, latitude=latitude or None, longitude=longitude or None, location=location or None,
            admin1=admin1 or None, mission=mission or None, units=[u.strip() for u in units.splitlines() if u.strip()],
            killed=killed or None, injured=injured or None, confidence=confidence,
            source_event_id=source_event_id or None, description=description or None,
            fatality_casualty_ids=[i.strip() for i in fatality_casualty_ids.replace(";", "\n").splitlines() if i.strip()],
        )
        incident = service.create_incident(session, data=data, actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    answer = done(request, session, "/incidents", f"Incident {incident.id} recorded.")
    answer.headers["X-Incident-Id"] = str(incident.id)
    return answer

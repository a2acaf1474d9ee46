"""Mandates in the UI: the list, recording one, editing one against its version, stepping it through its life."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, Principal, principal, require
from pko.auth.roles import scope_of
from pko.errors import Conflict, NotFound, QueryError, StaleVersion
from pko.http import get_session
from pko.missions.mandates import service as mandates
from pko.missions.mandates.lifecycle import allowed_steps
from pko.missions.mandates.schemas import MandateCreate, MandateFields, MandateStepIn
from pko.web.account_pages import PUBLIC, csrf_token
from pko.web.forms import done, htmx, refused
from pko.web.pages import render, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
REFUSED = (ValidationError, QueryError, Conflict, NotFound, StaleVersion)


def problems(request: Request, error: Exception) -> HTMLResponse:
    return refused(request, error)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.get("/mandates", name="mandates", dependencies=PUBLIC)
def mandate_list(request: Request, caller: Principal = Depends(principal), session: Session = Depends(get_session)):
    """Mandates, and a form to record one for those allowed to."""
    writer = scope_of(caller.roles, "record", "write") is not None
    return render(request, session, "mandates.html", title="Mandates", section="missions",
                  mandates=mandates.list_mandates(session), writer=writer, csrf=csrf_token(request))


@router.post("/mandates")
def mandate_create(
    request: Request, mission: str = Form(..., max_length=20), resolution: str = Form(..., max_length=40),
    adopted_on: str = Form("", max_length=10), expires_on: str = Form("", max_length=10),
    military_ceiling: str = Form("", max_length=7), police_ceiling: str = Form("", max_length=7),
    tasks: str = Form("", max_length=5000),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Record a mandate from the form (htmx, with the CSRF header); errors come back beside the form."""
    try:
        data = MandateCreate(
            mission=mission, resolution=resolution, adopted_on=adopted_on or None, expires_on=expires_on or None,
            military_ceiling=military_ceiling or None, police_ceiling=police_ceiling or None,
            tasks=_lines(tasks),
        )
        mandates.create_mandate(session, data=data, actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    if not htmx(request):
        return done(request, session, "/mandates", f"Mandate {data.resolution} of {data.mission} recorded.")
    return templates.TemplateResponse(request, "partials/_mandates_table.html", {"mandates": mandates.list_mandates(session)},
                                      headers={"HX-Retarget": "#mandates-table", "HX-Reswap": "outerHTML"})


@router.get("/mandates/{mandate_id}", name="mandate", dependencies=PUBLIC)
def mandate_page(request: Request, mandate_id: int, caller: Principal = Depends(principal),
                 session: Session = Depends(get_session)):
    """One mandate with its steps; those allowed edit it (against the version shown) and step it on."""
    mandate = mandates.get_mandate(session, mandate_id=mandate_id) if 0 < mandate_id < 2**31 else None
    if mandate is None:
        return render(request, session, "not_found.html", status_code=404, title="Not found", what=f"mandate {mandate_id}")
    return render(request, session, "mandate.html", title=f"{mandate.mission} {mandate.resolution}", section="missions",
                  mandate=mandate, steps=allowed_steps(mandate.status), csrf=csrf_token(request),
                  writer=scope_of(caller.roles, "record", "write") is not None)


@router.post("/mandates/{mandate_id}")
def mandate_edit(
    request: Request, mandate_id: int, version: int = Form(...), expires_on: str = Form("", max_length=10),
    military_ceiling: str = Form("", max_length=7), police_ceiling: str = Form("", max_length=7),
    tasks: str = Form("", max_length=5000),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Save the edit form against the version it was loaded at; a newer version is reported, never overwritten."""
    try:
        fields = MandateFields(expires_on=expires_on or None, military_ceiling=military_ceiling or None,
                               police_ceiling=police_ceiling or None, tasks=_lines(tasks))
        mandates.update_mandate(session, mandate_id=mandate_id, expected_version=version, fields=fields,
                                actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/mandates/{mandate_id}", "Mandate saved.")


@router.post("/mandates/{mandate_id}/steps")
def mandate_step(
    request: Request, mandate_id: int, version: int = Form(...), step: str = Form(..., max_length=10),
    taken_on: str = Form(..., max_length=10), resolution: str = Form("", max_length=40),
    access: Access = Depends(require("record", "write")), session: Session = Depends(get_session),
):
    """Take a lifecycle step against the version shown."""
    try:
        data = MandateStepIn(step=step, taken_on=taken_on, resolution=resolution or None)
        mandates.take_step(session, mandate_id=mandate_id, expected_version=version, step=data,
                           actor=access.principal.username)
    except REFUSED as error:
        return problems(request, error)
    return done(request, session, f"/mandates/{mandate_id}", f"Step '{data.step}' taken.")

"""Force generation forms in the UI: pledging a unit, promoting it to its next PCRS level, stating a mission's requirement."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, Principal, granted, require, visibility
from pko.errors import Conflict, NotFound, QueryError
from pko.forcegen import service
from pko.forcegen.schemas import LevelIn, PledgeIn, RequirementIn
from pko.forcegen.units import PCRS_ORDER, UNIT_TYPES, Mobility
from pko.http import get_session
from pko.missions.catalogue import canonical
from pko.web.account_pages import csrf_token
from pko.web.forms import done
from pko.web.mandate_pages import REFUSED, problems

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
LEVELS = [level.value for level in PCRS_ORDER]
NEXT_LEVEL = dict(zip(LEVELS, LEVELS[1:]))
STATUS = {NotFound: 404, Conflict: 409}  # another state's pledge is hidden as the API hides it; a wrong order conflicts


def form_context(request: Request, caller: Principal) -> dict:
    """What the force-generation pages need to show the forms the caller may use (and only those)."""
    pledges, requirements = granted(caller, "pledges", "write"), granted(caller, "requirements", "write") is not None
    writes = visibility(caller, "pledges", "write")
    return {"pledge_writer": pledges is not None, "requirement_writer": requirements,
            "fixed_state": None if pledges is None or writes.everything else writes.state or "---",
            "csrf": csrf_token(request) if pledges is not None or requirements else None, "unit_types": UNIT_TYPES,
            "mobilities": [m.value for m in Mobility], "levels": LEVELS, "next_level": NEXT_LEVEL}


def _refused(request: Request, error: Exception) -> HTMLResponse:
    answer = problems(request, error)
    answer.status_code = STATUS.get(type(error), answer.status_code)
    return answer


def _unit_name(code: str) -> str:
    return UNIT_TYPES.get(code, (code,))[0]


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _share(percent: str) -> float:
    """Women's share from a percentage typed in the form."""
    try:
        value = float(percent)
    except ValueError:
        raise QueryError(f"women_share: {percent!r} is not a percentage") from None
    if not 0 <= value <= 100:
        raise QueryError(f"women_share: {percent}% is not between 0 and 100")
    return value / 100


@router.post("/force-generation/pledges")
def pledge(
    request: Request, state_iso3: str = Form("", max_length=3), unit_type: str = Form(..., max_length=40),
    strength: str = Form(..., max_length=7), women_share: str = Form(..., max_length=10), l1_on: str = Form("", max_length=10),
    l2_on: str = Form("", max_length=10), l3_on: str = Form("", max_length=10), rdl_on: str = Form("", max_length=10),
    languages: str = Form("", max_length=500), mobility: str = Form("motorized", max_length=20),
    self_sustained: str = Form("", max_length=5), caveats: str = Form("", max_length=2000), equipment: str = Form("", max_length=2000),
    available_from: str = Form("", max_length=10), available_until: str = Form("", max_length=10),
    access: Access = Depends(require("pledges", "write")), session: Session = Depends(get_session),
):
    """Pledge a unit from the form; a state delegate pledges only its own state's units (404 for another's)."""
    state = state_iso3.strip().upper() or None
    try:
        state = state or access.visibility.state
        levels = {"L1": l1_on} | {code: day for code, day in (("L2", l2_on), ("L3", l3_on), ("RDL", rdl_on)) if day}
        data = PledgeIn(state_iso3=state or "", unit_type=unit_type, strength=strength, women_share=_share(women_share),
                        levels=levels, languages=_items(languages), mobility=mobility, self_sustained=self_sustained == "true",
                        caveats=_items(caveats), equipment=_items(equipment), available_from=available_from or None, available_until=available_until or None)
        service.create_pledge(session, data, access.principal.username, access.visibility)
    except REFUSED as error:
        return _refused(request, error)
    return done(request, session, request.url_for("forcegen_pledges").path,
                f"Pledged: {data.state_iso3}, {_unit_name(data.unit_type)}, {data.strength} personnel.")


@router.post("/force-generation/pledges/{pledge_id}/levels", name="forcegen_promote")
def promote(
    request: Request, pledge_id: int = Path(ge=1, le=2**31 - 1), level: str = Form(..., max_length=3),
    reached_on: str = Form(..., max_length=10), access: Access = Depends(require("pledges", "write")),
    session: Session = Depends(get_session),
):
    """Record the next PCRS level a pledge reached; a wrong order (409) or an earlier date (422) comes back beside the form."""
    try:
        data = LevelIn(level=level, reached_on=reached_on)
        service.promote(session, pledge_id, data.level, data.reached_on, access.principal.username, access.visibility)
    except REFUSED as error:
        return _refused(request, error)
    return done(request, session, request.url_for("forcegen_pledges").path, f"Pledge {pledge_id} reached {data.level}.")


@router.post("/force-generation/requirements", name="forcegen_requirement")
def requirement(
    request: Request, mission: str = Form(..., max_length=20), unit_type: str = Form(..., max_length=40),
    count: str = Form(..., max_length=5), location: str = Form(..., max_length=200), latitude: str = Form("", max_length=20),
    longitude: str = Form("", max_length=20), need_by: str = Form("", max_length=10), min_readiness: str = Form("L1", max_length=3),
    language: str = Form("", max_length=40), mobility: str = Form("", max_length=20), priority: str = Form("1", max_length=2),
    urgent: str = Form("", max_length=5), mandatory: str = Form("", max_length=5),
    access: Access = Depends(require("requirements", "write")), session: Session = Depends(get_session),
):
    """State a mission's unit requirement from the form; the mission's requirements page follows."""
    try:
        data = RequirementIn(mission=mission.strip(), unit_type=unit_type, count=count, location=location.strip(),
                             latitude=latitude or None, longitude=longitude or None, need_by=need_by,
                             min_readiness=min_readiness, language=language.strip() or None, mobility=mobility or None,
                             priority=priority, urgent=urgent == "true", mandatory=mandatory == "true")
        stored = service.create_requirement(session, data, access.principal.username)
    except REFUSED as error:
        return _refused(request, error)
    return done(request, session, request.url_for("forcegen_mission", acronym=canonical(stored.mission) or stored.mission).path,
                f"Requirement recorded: {stored.count} × {_unit_name(data.unit_type)} at {stored.location}.")

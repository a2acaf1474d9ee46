"""Routes for pledges, unit requirements and plans: /api/v1/forcegen/..."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, require
from pko.forcegen import service
from pko.forcegen.schemas import (LevelIn, PlanOut, PlanRequest, PledgeIn, PledgeOut, RequirementIn, RequirementOut, ScenarioRequest,
                                  TimelineOut, TimelineRequest)
from pko.http import Page, Paging, get_session, paging

router = APIRouter(prefix="/api/v1/forcegen", tags=["forcegen"])
SOURCES = ["pledges and requirements entered in PKO"]


def _pledge_out(pledge) -> PledgeOut:
    return PledgeOut(id=pledge.id, state_iso3=pledge.state_iso3, unit_type=pledge.unit_type, strength=pledge.strength,
                     women_share=pledge.women_share, levels={lv.level: lv.reached_on for lv in pledge.levels},
                     equipment=pledge.equipment, self_sustained=pledge.self_sustained, languages=pledge.languages,
                     mobility=pledge.mobility, caveats=pledge.caveats, available_from=pledge.available_from,
                     available_until=pledge.available_until, readiness=pledge.readiness)


@router.get("/pledges", response_model=Page[PledgeOut])
def list_pledges(
    state: str | None = Query(None, pattern=r"^[A-Z]{3}$", description="ISO3 of the pledging state"),
    page: Paging = Depends(paging), session: Session = Depends(get_session), access: Access = Depends(require("pledges", "read")),
) -> Page[PledgeOut]:
    """Pledged units with their readiness history, by id."""
    total, rows = service.list_pledges(session, state, page.limit, page.offset, access.visibility)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=SOURCES, items=[_pledge_out(p) for p in rows])


@router.post("/pledges", response_model=PledgeOut, status_code=201)
def create_pledge(data: PledgeIn, session: Session = Depends(get_session),
                  access: Access = Depends(require("pledges", "write"))) -> PledgeOut:
    """Pledge a unit (levels reached so far, in PCRS order)."""
    pledge = service.create_pledge(session, data, access.principal.username, access.visibility)
    return _pledge_out(pledge)


@router.post("/pledges/{pledge_id}/levels", response_model=PledgeOut)
def promote(data: LevelIn, pledge_id: int = Path(ge=1, le=2**31 - 1), session: Session = Depends(get_session),
            access: Access = Depends(require("pledges", "write"))) -> PledgeOut:
    """Record the next PCRS level a pledge reached (409 if it is not the next one)."""
    pledge = service.promote(session, pledge_id, data.level, data.reached_on, access.principal.username, access.visibility)
    return _pledge_out(pledge)


@router.get("/requirements", response_model=Page[RequirementOut], dependencies=[Depends(require("requirements", "read"))])
def list_requirements(mission: str | None = Query(None, max_length=20), page: Paging = Depends(paging),
                      session: Session = Depends(get_session)) -> Page[RequirementOut]:
    """Unit requirements of missions, by need-by date."""
    total, rows = service.list_requirements(session, mission, page.limit, page.offset)
    items = [RequirementOut.model_validate(r, from_attributes=True) for r in rows]
    return Page(total=total, limit=page.limit, offset=page.offset, sources=SOURCES, items=items)


@router.post("/requirements", response_model=RequirementOut, status_code=201)
def create_requirement(data: RequirementIn, session: Session = Depends(get_session),
                       access: Access = Depends(require("requirements", "write"))) -> RequirementOut:
    """State a mission's unit requirement."""
    requirement = service.create_requirement(session, data, access.principal.username)
    return RequirementOut.model_validate(requirement, from_attributes=True)


def _scenario(request: ScenarioRequest, session: Session) -> tuple[dict, dict]:
    """The scenario a request names (the stored record without one) and the policy changes it asks for."""
    document = request.scenario or service.stored_scenario(session, request.request_date or date.today())
    changes = {name: getattr(request, name) for name in ("max_state_share", "women_target") if name in request.model_fields_set}
    if request.request_date:
        changes["request_date"] = request.request_date
    if request.scenario is None:
        changes = {"max_state_share": request.max_state_share, "women_target": request.women_target} | changes
    return document, changes


@router.post("/plan", response_model=PlanOut, dependencies=[Depends(require("requirements", "write"))])
def plan(request: PlanRequest, page: Paging = Depends(paging), session: Session = Depends(get_session)) -> PlanOut:
    """The optimal plan for the stored pledges and requirements, or for a scenario; with a what-if, the difference.

    Assignments and unfilled slots are paged alike by limit and offset; the totals and the objective are the whole plan's.
    """
    document, changes = _scenario(request, session)
    extra = request.extra_pledge.as_unit() if request.extra_pledge else None
    answer = service.plan(document, request.time_limit, changes, request.without_unit, request.relax,
                          extra_unit=extra, solver=request.solver)
    window = slice(page.offset, page.offset + page.limit)
    return PlanOut(**answer | {"assignments_total": len(answer["assignments"]), "unfilled_total": len(answer["unfilled"]),
                               "limit": page.limit, "offset": page.offset, "assignments": answer["assignments"][window],
                               "unfilled": answer["unfilled"][window]})


@router.post("/timeline", response_model=TimelineOut, dependencies=[Depends(require("requirements", "write"))])
def timeline(request: TimelineRequest, session: Session = Depends(get_session)) -> TimelineOut:
    """Plan, then simulate arrivals: per mission the date its share of slots is met with 90% confidence, and per RDL unit
    the chance to arrive within 60 days. Run serially here; `pko forcegen timeline` also runs on a pool or a Dask cluster."""
    document, changes = _scenario(request, session)
    return TimelineOut(**service.timeline(document, request.runs, request.seed, request.share, time_limit=request.time_limit,
                                          policy_changes=changes))

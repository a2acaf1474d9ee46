"""Force generation in the UI: a state's pledges, a mission's requirements and gaps, the plan on a map with its timeline."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.auth.permissions import Access, Principal, granted, principal, require, visibility
from pko.errors import NotFound
from pko.forcegen import service
from pko.forcegen.models import UnitRequirement
from pko.forcegen.units import UNIT_TYPES
from pko.http import get_session
from pko.missions.catalogue import canonical
from pko.web import figures
from pko.web.forcegen_forms import form_context
from pko.web.account_pages import PUBLIC
from pko.web.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
SHARES = (0.5, 0.8, 1.0)
MILESTONE_COLOURS = ("#4f9d69", "#d0a21c", "#b3261e")
TIMELINE_RUNS = 2000
DEFAULT_STATE_SHARE = 0.4  # as the plan API's default


def _not_found(request: Request, session: Session, what: str) -> HTMLResponse:
    return render(request, session, "not_found.html", status_code=404, title="Not found", what=what)


def _stored_plan(session: Session, request_date: date, max_state_share: float | None, solver: str = "auto",
                 time_limit: float = 10.0) -> tuple[dict, dict]:
    """The stored pledges and requirements as a scenario, and their best plan."""
    document = service.stored_scenario(session, request_date)
    answer = service.plan(document, time_limit, {"max_state_share": max_state_share}, solver=solver)
    return document, answer


@router.get("/force-generation", name="forcegen", dependencies=PUBLIC)
def overview(request: Request, caller: Principal = Depends(principal), session: Session = Depends(get_session)):
    """What force generation holds, within what the caller may see."""
    reads_pledges = granted(caller, "pledges", "read") is not None
    seen = visibility(caller, "pledges")
    pledges = service.pledge_counts(session, seen) if reads_pledges else []
    reads_requirements = granted(caller, "requirements", "read") is not None
    missions = []
    if reads_requirements:
        missions = session.execute(
            select(UnitRequirement.mission, func.count(), func.sum(UnitRequirement.count), func.min(UnitRequirement.need_by))
            .group_by(UnitRequirement.mission).order_by(UnitRequirement.mission)).all()
    return render(request, session, "forcegen.html", title="Force generation", section="forcegen", signed_in=not caller.anonymous,
                  pledges=pledges, own_state=reads_pledges and not seen.everything and seen.state, missions=missions,
                  can_read_pledges=reads_pledges, can_read_requirements=reads_requirements,
                  can_plan=granted(caller, "requirements", "write") is not None, **form_context(request, caller))


@router.get("/force-generation/pledges", name="forcegen_pledges")
def pledges(
    request: Request, state: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3 of the pledging state"),
    access: Access = Depends(require("pledges", "read")), session: Session = Depends(get_session),
):
    """Pledged units with the date each PCRS level was reached; a state delegate sees only its own state's."""
    seen = access.visibility
    chosen = state.upper() if state else seen.state
    try:
        _, rows = service.list_pledges(session, chosen, limit=2000, visibility=seen)
    except NotFound:
        return _not_found(request, session, f"pledges of {chosen}")
    states = service.pledging_states(session) if seen.everything else []
    return render(request, session, "forcegen_pledges.html", title=f"Pledges{f' of {chosen}' if chosen and chosen != '---' else ''}",
                  section="forcegen", pledges=rows, chosen=chosen, states=states, unit_names={k: v[0] for k, v in UNIT_TYPES.items()},
                  **form_context(request, access.principal))


@router.get("/force-generation/missions/{acronym}", name="forcegen_mission")
def mission(request: Request, acronym: str, access: Access = Depends(require("requirements", "read")),
            session: Session = Depends(get_session)):
    """A mission's unit requirements, how many slots of each the best plan fills, and why the rest stay empty."""
    code = canonical(acronym)
    _, rows = service.list_requirements(session, code or acronym, limit=2000)
    if code is None or not rows:
        return _not_found(request, session, f"unit requirements of {acronym}")
    document, answer = _stored_plan(session, date.today(), DEFAULT_STATE_SHARE)
    # Who fills a slot is the pledging state's confidence: only those who read every state's pledges see it.
    named = visibility(access.principal, "pledges").everything
    filled: dict[int, list[dict]] = {}
    for a in answer["assignments"]:
        requirement = int(a["slot_id"][1:].split("-")[0])
        filled.setdefault(requirement, []).append(a)
    gaps: dict[int, list[dict]] = {}
    for g in answer["unfilled"]:
        gaps.setdefault(int(g["slot_id"][1:].split("-")[0]), []).append(g)
    requirements = [{"row": r, "filled": filled.get(r.id, []), "gaps": gaps.get(r.id, [])} for r in rows]
    totals = {"slots": sum(r.count for r in rows), "filled": sum(len(item["filled"]) for item in requirements)}
    key_figures = [figures.figure("slots", "Units required", totals["slots"], f"{len(rows)} requirements"),
                   figures.figure("filled", "Filled by the best plan", totals["filled"], f"plan {answer['status']}"),
                   figures.figure("gaps", "Gaps", totals["slots"] - totals["filled"], alarm=totals["slots"] > totals["filled"])]
    return render(request, session, "forcegen_mission.html", title=f"{code} unit requirements", section="forcegen", mission=code,
                  requirements=requirements, named=named, key_figures=key_figures, answer=answer,
                  **form_context(request, access.principal))


def plan_points(document: dict, answer: dict) -> dict:
    """Requirement locations as GeoJSON: per location its slots, which are filled (and by what) and why others are not."""
    by_slot = {a["slot_id"]: a for a in answer["assignments"]}
    gaps = {g["slot_id"]: g for g in answer["unfilled"]}
    places: dict[tuple, dict] = {}
    for s in document["slots"]:
        if s.get("latitude") is None or s.get("longitude") is None:
            continue
        key = (s["mission"], s.get("location") or "", round(s["latitude"], 4), round(s["longitude"], 4))
        place = places.setdefault(key, {"mission": s["mission"], "location": s.get("location") or s["mission"],
                                        "slots": 0, "filled": 0, "units": [], "gaps": []})
        place["slots"] += 1
        if s["id"] in by_slot:
            a = by_slot[s["id"]]
            place["filled"] += 1
            place["units"].append(f"{a['unit_id']} ({a['state']}, {a['unit_type']})")
        elif s["id"] in gaps:
            place["gaps"].append(f"{s['unit_type']}: {gaps[s['id']]['reason']}")
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [key[3], key[2]]},
                 "properties": place | {"unfilled": place["slots"] - place["filled"]}} for key, place in sorted(places.items())]
    return {"type": "FeatureCollection", "features": features}


def timeline_chart(found: dict) -> dict | None:
    """Per mission, the days by which half, 80% and all of its slots are met with 90% confidence."""
    missions = sorted(found)
    datasets = [{"label": f"{share:.0%} of slots met", "color": colour,
                 "data": [None if found[m][share] is None else round(found[m][share], 1) for m in missions]}
                for share, colour in zip(SHARES, MILESTONE_COLOURS)]
    return figures.chart(missions, datasets, unit="days after the request (90% confidence)")


@router.get("/force-generation/plan", name="forcegen_plan", dependencies=[Depends(require("requirements", "write"))])
def plan(
    request: Request,
    request_date: date | None = Query(None, description="Date of the request (default today)"),
    max_state_share: float = Query(DEFAULT_STATE_SHARE, gt=0, le=1, description="At most this share of a mission's slots from one state"),
    solver: str = Query("auto", pattern="^(auto|cpsat|highs)$", description="auto, cpsat or highs"),
    session: Session = Depends(get_session),
):
    """The best plan for the stored pledges and requirements: its quality, the reasons, the gaps, a map and a timeline."""
    day = request_date or date.today()
    document, answer = _stored_plan(session, day, max_state_share, solver)
    points = plan_points(document, answer)
    located = sum(f["properties"]["slots"] for f in points["features"])
    timeline = service.milestones(document, answer, TIMELINE_RUNS, seed=1, shares=SHARES)
    return render(request, session, "forcegen_plan.html", title="Force generation plan", section="forcegen", answer=answer,
                  points=points, unlocated=len(document["slots"]) - located, timeline=timeline_chart(timeline["missions"]),
                  rdl_units=timeline["rdl_units"],
                  request_date=day, max_state_share=max_state_share, solver=solver, runs=TIMELINE_RUNS)

"""Routes of mission footprints: evaluations of historical footprints are public; plans are Secretariat work."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.footprint import service
from pko.footprint.schemas import (
    Assumptions,
    CurveOut,
    DemandOut,
    DrawdownOut,
    EvaluationOut,
    Model,
    PlanOut,
    SitesOut,
)
from pko.http import get_session

router = APIRouter(prefix="/api/v1/footprint", tags=["footprint"])
MissionPath = Path(..., min_length=2, max_length=20, pattern=r"^[A-Za-z0-9-]+$")
PLANNER = [Depends(require("footprint", "read"))]
PUBLIC = [Depends(require("record", "read"))]


class PlanIn(BaseModel):
    as_of: date
    model: Model = "maximal-covering"
    p: int | None = Field(None, ge=1, le=5000, description="Number of sites (default: as many as the real ones)")
    share: float = Field(0.9, gt=0, le=1, description="Required covered share (set covering)")
    assumptions: Assumptions = Field(default_factory=Assumptions)


class CurveIn(BaseModel):
    as_of: date
    most: int = Field(20, ge=1, le=200)
    assumptions: Assumptions = Field(default_factory=Assumptions)


class DrawdownIn(BaseModel):
    as_of: date
    close: list[int] = Field(min_length=1, max_length=50, description="Sites closed in each phase")
    assumptions: Assumptions = Field(default_factory=Assumptions)


def _stated(limit_minutes: float = Query(120.0, gt=0, le=1440), speed_kmh: float = Query(40.0, gt=0, le=200),
            detour: float = Query(1.4, ge=1, le=5), resolution: int = Query(7, ge=4, le=9),
            source: str = Query("geopko-v2", pattern="^(geopko-v2|radpko)$")) -> Assumptions:
    return Assumptions(limit_minutes=limit_minutes, speed_kmh=speed_kmh, detour=detour, resolution=resolution,
                       source=source, time_limit=30.0)


@router.get("/{mission}/evaluate", response_model=EvaluationOut, dependencies=PUBLIC)
def evaluate(mission: str = MissionPath, as_of: date = Query(..., alias="date"), stated: Assumptions = Depends(_stated),
             session: Session = Depends(get_session)) -> EvaluationOut:
    """The real footprint on a date (its year's sites) against the optimal one with as many sites."""
    return service.evaluate(session, mission=mission, as_of=as_of, assumptions=stated)


@router.get("/{mission}/sites", response_model=SitesOut, dependencies=PUBLIC)
def sites(mission: str = MissionPath, as_of: date = Query(..., alias="date"), stated: Assumptions = Depends(_stated),
          session: Session = Depends(get_session)) -> SitesOut:
    """The mission's real sites in the date's year and every candidate site."""
    return service.sites(session, mission=mission, as_of=as_of, assumptions=stated)


@router.get("/{mission}/demand", response_model=DemandOut, dependencies=PLANNER)
def demand(mission: str = MissionPath, as_of: date = Query(..., alias="date"), stated: Assumptions = Depends(_stated),
           session: Session = Depends(get_session)) -> DemandOut:
    """Weighted demand cells of the mission's area, heaviest first."""
    return service.demand(session, mission=mission, as_of=as_of, assumptions=stated)


@router.post("/{mission}/plan", response_model=PlanOut, dependencies=PLANNER)
def plan(data: PlanIn, mission: str = MissionPath, session: Session = Depends(get_session)) -> PlanOut:
    """Choose sites with one model; status, objective, bound, gap, time and why each site."""
    return service.plan(session, mission=mission, as_of=data.as_of, model=data.model, p=data.p, share=data.share,
                        assumptions=data.assumptions)


@router.post("/{mission}/curve", response_model=CurveOut, dependencies=PLANNER)
def curve(data: CurveIn, mission: str = MissionPath, session: Session = Depends(get_session)) -> CurveOut:
    """Coverage for p = 1..most sites."""
    return service.curve(session, mission=mission, as_of=data.as_of, most=data.most, assumptions=data.assumptions)


@router.post("/{mission}/drawdown", response_model=DrawdownOut, dependencies=PLANNER)
def drawdown(data: DrawdownIn, mission: str = MissionPath, session: Session = Depends(get_session)) -> DrawdownOut:
    """The closing order of the real sites, phase by phase, that keeps the most coverage."""
    return service.drawdown(session, mission=mission, as_of=data.as_of, close=data.close, assumptions=data.assumptions)

"""Routes for fatalities of mission personnel: records, summaries, releases and what changed between releases."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.http import Page, Paging, get_session, paging
from pko.safety import service
from pko.safety.schemas import ChangeOut, DiffOut, FatalityOut, FieldChange, ReleaseOut, SummaryRow

router = APIRouter(prefix="/api/v1/fatalities", tags=["fatalities"], dependencies=[Depends(require("record", "read"))])


def filters(
    incident_type: str | None = Query(None, description="One of Illness, Accident, Malicious Act, Self-Inflicted, To Be Determined, Unknown"),
    personnel: str | None = Query(None, description="uniformed (Military + Police + Military Observer), all, or one personnel type"),
    mission: str | None = Query(None, description="Mission acronym"),
    year_from: int | None = Query(None, alias="from", ge=1900, le=2100, description="First year of incident"),
    year_to: int | None = Query(None, alias="to", ge=1900, le=2100, description="Last year of incident"),
    release: date | None = Query(None, description="Release date YYYY-MM-DD (default: the newest)"),
) -> service.Filters:
    """The filters of the fatality records."""
    return service.Filters(incident_type, personnel, mission, year_from, year_to, release)



@router.get("", response_model=Page[FatalityOut])
def list_fatalities(
    where: service.Filters = Depends(filters), page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[FatalityOut]:
    """Casualties of one release (the newest by default), by incident date."""
    total, rows = service.list_fatalities(session, where, limit=page.limit, offset=page.offset)
    release = service.resolve_release(session, where.release)
    items = [FatalityOut(**row) for row in rows]
    return Page(total=total, limit=page.limit, offset=page.offset, sources=service.sources_of(session, release), items=items)


@router.get("/summary", response_model=Page[SummaryRow], response_model_exclude_none=True)
def summary(
    by: str = Query(..., description=f"One of {', '.join(service.SUMMARY_BY)}"),
    where: service.Filters = Depends(filters), page: Paging = Depends(paging), session: Session = Depends(get_session),
) -> Page[SummaryRow]:
    """Fatalities by year, mission, nationality, personnel type or type of incident, in one release."""
    rows = service.summary(session, by, where)
    release = service.resolve_release(session, where.release)
    items = [SummaryRow(**row) for row in rows[page.offset:page.offset + page.limit]]
    return Page(total=len(rows), limit=page.limit, offset=page.offset, sources=service.sources_of(session, release), items=items)


@router.get("/releases", response_model=Page[ReleaseOut])
def releases(session: Session = Depends(get_session)) -> Page[ReleaseOut]:
    """Every release stored, oldest first."""
    rows = service.list_releases(session)
    sources = service.sources_of(session, *(row["release"] for row in rows))
    return Page(total=len(rows), limit=len(rows), offset=0, sources=sources, items=[ReleaseOut(**row) for row in rows])


@router.get("/diff", response_model=DiffOut)
def diff(
    release_from: date | None = Query(None, alias="from", description="Older release (default: the one before `to`)"),
    release_to: date | None = Query(None, alias="to", description="Newer release (default: the newest)"),
    session: Session = Depends(get_session),
) -> DiffOut:
    """Records added, removed and reclassified (with the fields that changed) between two releases."""
    found = service.diff(session, release_from, release_to)
    changes = [
        ChangeOut(casualty_id=change.casualty_id, change=change.change, incident_date=change.incident_date,
                  mission=change.mission,
                  fields=[FieldChange(field=name, before=old, after=new) for name, (old, new) in change.fields.items()])
        for change in found["changes"]
    ]
    return DiffOut(
        release_from=found["from"], release_to=found["to"], records_from=found["records_from"],
        records_to=found["records_to"], added=found["added"], removed=found["removed"],
        reclassified=found["reclassified"], not_compared=found["not_compared"],
        sources=service.sources_of(session, found["from"], found["to"]), changes=changes,
    )

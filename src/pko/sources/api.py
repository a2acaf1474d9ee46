"""Routes for import runs."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from sqlalchemy.orm import Session

from pko.auth.permissions import require
from pko.http import Page, Paging, get_session, paging
from pko.sources import service
from pko.sources.schemas import ImportRunOut

router = APIRouter(prefix="/api/v1/import-runs", tags=["import runs"], dependencies=[Depends(require("record", "read"))])


@router.get("", response_model=Page[ImportRunOut])
def list_import_runs(
    source: str | None = Query(None, description="Only runs of this source"),
    include_replaced: bool = Query(False, description="Include runs whose rows a newer run replaced"),
    page: Paging = Depends(paging),
    session: Session = Depends(get_session),
) -> Page[ImportRunOut]:
    """Import runs, newest first."""
    items = service.list_runs(session, source=source, current_only=not include_replaced, limit=page.limit, offset=page.offset)
    total = service.count_runs(session, source=source, current_only=not include_replaced)
    return Page(total=total, limit=page.limit, offset=page.offset, sources=["import_run"], items=items)


@router.get("/{run_id}", response_model=ImportRunOut)
def get_import_run(run_id: int = Path(..., ge=1, le=2**31 - 1), session: Session = Depends(get_session)) -> ImportRunOut:
    """One import run with its repair and skip rules."""
    run = service.get_run(session, run_id=run_id)
    if run is None:
        raise HTTPException(404, f"no import run {run_id}")
    return run

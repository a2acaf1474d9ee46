"""Use cases over import runs."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.sources.models import ImportRun
from pko.sources.schemas import ImportRunOut


def _filtered(source: str | None, current_only: bool):
    query = select(ImportRun)
    if source:
        query = query.where(ImportRun.source == source)
    if current_only:
        query = query.where(ImportRun.current.is_(True))
    return query


def list_runs(session: Session, *, source: str | None = None, current_only: bool = True,
              limit: int | None = None, offset: int = 0) -> list[ImportRunOut]:
    """Import runs, newest first."""
    query = _filtered(source, current_only).order_by(ImportRun.id.desc()).offset(offset).limit(limit)
    return [ImportRunOut.model_validate(run) for run in session.scalars(query)]


def count_runs(session: Session, *, source: str | None = None, current_only: bool = True) -> int:
    """How many import runs match."""
    return session.scalar(select(func.count()).select_from(_filtered(source, current_only).subquery()))


def get_run(session: Session, *, run_id: int) -> ImportRunOut | None:
    """One import run by id."""
    run = session.get(ImportRun, run_id)
    return ImportRunOut.model_validate(run) if run else None

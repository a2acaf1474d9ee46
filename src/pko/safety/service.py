"""Use cases over fatalities: releases, records, summaries and what changed between two releases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.missions.catalogue import canonical
from pko.safety import releases as engine
from pko.safety.models import Fatality
from pko.sources.fatalities_2023 import INCIDENT_TYPES, PERSONNEL_TYPES, SOURCE
from pko.sources.models import ImportRun
from pko.errors import QueryError

UNIFORMED = ("Military", "Police", "Military Observer")
PERSONNEL_CHOICES = ("uniformed", "all", *PERSONNEL_TYPES)
# --by value -> (output key, column)
SUMMARY_BY: dict[str, tuple[str, Any]] = {
    "year": ("year", Fatality.year),
    "mission": ("mission", Fatality.mission),
    "nationality": ("nationality", Fatality.nationality),
    "personnel": ("personnel_type", Fatality.personnel_type),
    "incident-type": ("incident_type", Fatality.incident_type),
}
RECORD_FIELDS = ("casualty_id", "incident_date", "year", "mission", "casualty_type", "gender", "nationality",
                 "iso3", "m49", "personnel_type", "incident_type", "release", "source_row")



@dataclass
class Filters:
    """Filters of fatality records; `release` None means the newest release."""

    incident_type: str | None = None
    personnel: str | None = None
    mission: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    release: date | None = None


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    for option in allowed:
        if option.casefold() == value.strip().casefold():
            return option
    raise QueryError(f"'{value}' is not a {what} (one of: {', '.join(allowed)})")


def release_dates(session: Session) -> list[date]:
    """The releases stored, oldest first."""
    return list(session.scalars(select(Fatality.release).distinct().order_by(Fatality.release)))


def resolve_release(session: Session, release: date | None) -> date:
    """The release asked for, or the newest; an unknown one is a QueryError."""
    known = release_dates(session)
    if not known:
        raise QueryError("no fatalities release imported: run `pko import fatalities FILE`")
    if release is None:
        return known[-1]
    if release not in known:
        raise QueryError(f"no release {release.isoformat()} (releases: {', '.join(day.isoformat() for day in known)})")
    return release


def _conditions(session: Session, where: Filters) -> tuple[date, list]:
    release = resolve_release(session, where.release)
    conditions = [Fatality.release == release]
    if where.incident_type:
        conditions.append(Fatality.incident_type == _choice(where.incident_type, INCIDENT_TYPES, "type of incident"))
    personnel = _choice(where.personnel, PERSONNEL_CHOICES, "personnel type") if where.personnel else "all"
    if personnel == "uniformed":
        conditions.append(Fatality.personnel_type.in_(UNIFORMED))
    elif personnel != "all":
        conditions.append(Fatality.personnel_type == personnel)
    if where.mission:
        acronym = canonical(where.mission)
        if acronym is None:
            raise QueryError(f"'{where.mission}' is not a known mission")
        conditions.append(Fatality.mission == acronym)
    if where.year_from is not None:
        conditions.append(Fatality.year >= where.year_from)
    if where.year_to is not None:
        conditions.append(Fatality.year <= where.year_to)
    if where.year_from is not None and where.year_to is not None and where.year_from > where.year_to:
        raise QueryError(f"year from {where.year_from} is after year to {where.year_to}")
    return release, conditions


def summary(session: Session, by: str, where: Filters) -> list[dict[str, Any]]:
    """Fatalities counted by year, mission, nationality, personnel type or type of incident, in one release."""
    if by not in SUMMARY_BY:
        raise QueryError(f"'{by}' is not a summary (one of: {', '.join(SUMMARY_BY)})")
    key, column = SUMMARY_BY[by]
    _, conditions = _conditions(session, where)
    count = func.count(Fatality.id)
    if by == "nationality":
        query = select(column, func.max(Fatality.iso3), count).where(*conditions).group_by(column)
        rows = [{key: name, "iso3": iso3, "fatalities": n} for name, iso3, n in session.execute(query)]
    else:
        query = select(column, count).where(*conditions).group_by(column)
        rows = [{key: value, "fatalities": n} for value, n in session.execute(query)]
    if by == "year":
        return sorted(rows, key=lambda row: row["year"])
    return sorted(rows, key=lambda row: (-row["fatalities"], str(row[key])))


def list_fatalities(session: Session, where: Filters, *, limit: int | None = None, offset: int = 0) -> tuple[int, list[dict]]:
    """The records of one release that match, by incident date; and how many match in all."""
    _, conditions = _conditions(session, where)
    total = session.scalar(select(func.count(Fatality.id)).where(*conditions))
    query = (select(Fatality).where(*conditions).order_by(Fatality.incident_date, Fatality.casualty_id)
             .offset(offset).limit(limit))
    rows = [{name: getattr(record, name) for name in RECORD_FIELDS} for record in session.scalars(query)]
    return total, rows


def list_releases(session: Session) -> list[dict[str, Any]]:
    """Each release stored: its file, import run, records, incident span and the rule that dated it."""
    query = (
        select(Fatality.release, Fatality.import_run_id, func.count(Fatality.id), func.min(Fatality.incident_date),
               func.max(Fatality.incident_date))
        .group_by(Fatality.release, Fatality.import_run_id).order_by(Fatality.release)
    )
    runs = {run.id: run for run in session.scalars(select(ImportRun).where(ImportRun.source == SOURCE))}
    found = []
    for release, run_id, records, first, last in session.execute(query):
        run = runs.get(run_id)
        dated = next((note for note in (run.notes or []) if note.startswith("release dated")), None) if run else None
        found.append({
            "release": release, "file": run.file_name if run else None, "import_run": run_id, "records": records,
            "first_incident": first, "last_incident": last, "dated_by": dated,
        })
    return found


def sources_of(session: Session, *releases: date) -> list[str]:
    """The import runs behind some releases, as 'fatalities: file (release R, import run N)'."""
    query = (select(Fatality.release, Fatality.import_run_id).where(Fatality.release.in_(releases)).distinct())
    pairs = sorted(session.execute(query).all())
    names = dict(session.execute(select(ImportRun.id, ImportRun.file_name).where(
        ImportRun.id.in_([run_id for _, run_id in pairs]))).all())
    return [f"{SOURCE}: {names.get(run_id)} (release {release.isoformat()}, import run {run_id})" for release, run_id in pairs]


def _frame(session: Session, release: date) -> pd.DataFrame:
    columns = ["casualty_id", *engine.COMPARED]
    rows = session.execute(select(*(getattr(Fatality, name) for name in columns)).where(Fatality.release == release)).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=columns, dtype=object)


def diff(session: Session, release_from: date | None = None, release_to: date | None = None) -> dict[str, Any]:
    """Records added, removed and reclassified from one release to another (default: the two newest)."""
    known = release_dates(session)
    if release_to is None:
        release_to = resolve_release(session, None)
    if release_from is None:
        older = [day for day in known if day < release_to]
        if not older:
            raise QueryError(f"no release before {release_to.isoformat()} to compare with")
        release_from = older[-1]
    release_from, release_to = resolve_release(session, release_from), resolve_release(session, release_to)
    before, after = _frame(session, release_from), _frame(session, release_to)
    changes = engine.diff(before, after)
    counts = {kind: sum(change.change == kind for change in changes) for kind in ("added", "removed", "reclassified")}
    skipped = sorted(set(engine.COMPARED) - (engine.carried(before) & engine.carried(after)))
    return {
        "from": release_from, "to": release_to, "records_from": len(before), "records_to": len(after), **counts,
        "not_compared": skipped, "changes": changes,
    }

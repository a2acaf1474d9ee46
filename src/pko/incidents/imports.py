"""Import incidents from an ACLED export, a UCDP GED file or a PKO incident CSV: all-or-nothing, re-runnable."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import session_scope
from pko.errors import QueryError
from pko.incidents import acled, csv_format, service, ucdp
from pko.incidents.imported import FIELDS
from pko.incidents.models import Incident
from pko.incidents.schemas import ImportOut
from pko.missions.service import known_acronym, refresh_seen
from pko.registry.service import country_names
from pko.sources.base import sha256_of
from pko.sources.models import ImportRun
from pko.sources.report import ImportReport, SourceError

READERS = {"acled": acled, "ucdp": ucdp, "csv": csv_format}
CHUNK = 500


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _validate(session: Session, path: Path, rows: list[dict[str, Any]], report: ImportReport) -> int:
    """Resolve missions, check fatality links and place rows that name a Mali place without coordinates;
    returns how many rows stay without coordinates."""
    unplaced = 0
    for row in rows:
        if row.get("mission"):
            acronym = known_acronym(session, row["mission"])
            if acronym is None:
                raise SourceError(path, row["source_row"], "mission", f"'{row['mission']}' is not a known mission")
            row["mission"] = acronym
        try:
            service.check_fatalities(session, row["fatality_casualty_ids"], row.get("mission"), row["incident_date"])
        except QueryError as error:
            raise SourceError(path, row["source_row"], "fatality_casualty_ids", str(error)) from None
        if row["latitude"] is None:
            found = (service.place_point(session, row["location"], row["admin1"])
                     if row["location"] and row.get("country_iso3") in (None, "MLI") else None)
            if found:
                row["latitude"], row["longitude"] = found[0], found[1]
                row["admin1"], row["admin2"] = row["admin1"] or found[2], row["admin2"] or found[3]
                row["country_iso3"] = "MLI"
                report.repair("coordinates missing: taken from the populated place of Mali named in location")
            else:
                unplaced += 1
    areas = service.MaliAreas(session)
    report.repair("admin areas missing: set from the Mali region and cercle (OCHA COD-AB) holding the point",
                  sum(service.fill_admin(areas, row) for row in rows))
    if unplaced:
        report.note(f"{unplaced} incident(s) stored without coordinates (none given, no single Mali place of that name): "
                    "listed and counted, left off maps and hotspots")
    return unplaced


def _existing(session: Session, rows: list[dict[str, Any]]) -> dict[tuple[str, str], Incident]:
    found: dict[tuple[str, str], Incident] = {}
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row["source_event_id"])
    for source, ids in by_source.items():
        for start in range(0, len(ids), CHUNK):
            query = select(Incident).where(Incident.source == source, Incident.source_event_id.in_(ids[start:start + CHUNK]))
            found.update({(i.source, i.source_event_id): i for i in session.scalars(query)})
    return found


def _store(session: Session, path: Path, rows: list[dict[str, Any]], report: ImportReport, sha: str,
           actor: str) -> ImportOut:
    started = _now()
    _validate(session, path, rows, report)
    existing = _existing(session, rows)
    new, updated, unchanged = [], 0, 0
    for row in rows:
        values = {name: row.get(name) for name in FIELDS}
        incident = existing.get((row["source"], row["source_event_id"]))
        if incident is None:
            new.append({**values, "version": 1})
        elif any(getattr(incident, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(incident, name, value)
            updated += 1
        else:
            unchanged += 1
    session.flush()
    for start in range(0, len(new), CHUNK * 10):
        session.execute(insert(Incident), new[start:start + CHUNK * 10])
    added = len(new)
    report.rows_stored = added + updated
    run = ImportRun(source=report.source, scope="all", file_name=path.name, sha256=sha, started_at=started,
                    finished_at=_now(), current=True, rows_read=report.rows_read, rows_stored=report.rows_stored,
                    rows_skipped=report.rows_skipped, rows_repaired=report.rows_repaired, repairs=dict(report.repairs),
                    skips=dict(report.skips), notes=list(report.notes))
    session.add(run)
    session.flush()
    outcome = ImportOut(source=report.source, file=path.name, rows_read=report.rows_read, added=added, updated=updated,
                        unchanged=unchanged, skips=dict(report.skips), repairs=dict(report.repairs), notes=list(report.notes))
    audit.record(session, actor=actor, action="import", record_type="incident-import", record_id=run.id,
                 after=outcome.model_dump(mode="json"))
    if any(row.get("mission") for row in rows):
        refresh_seen(session)
    return outcome


def import_file(engine: Engine, fmt: str, path: Path, *, actor: str) -> ImportOut:
    """Read a whole file, then store it in one transaction: a bad row changes nothing; a re-run adds nothing
    (an event already stored under the same source and event id is updated if the file changed it)."""
    path = Path(path)
    if fmt not in READERS:
        raise SourceError(path, None, None, f"no incident reader '{fmt}' (known: {', '.join(READERS)})")
    if not path.is_file():
        raise SourceError(path, None, None, "file not found")
    report = ImportReport(source=f"incidents-{fmt}", path=path)
    with session_scope(engine) as session:
        names = country_names(session)
    rows = READERS[fmt].read(path, report, names=names)
    with session_scope(engine) as session:
        return _store(session, path, rows, report, sha256_of(path), actor)

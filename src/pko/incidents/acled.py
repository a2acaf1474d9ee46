"""Reader of ACLED exports (the columns of the ACLED codebook: event_id_cnty, event_date, event_type, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pko.incidents import imported
from pko.incidents.vocabulary import ACLED_EVENTS, ACLED_SUB_EVENTS, acled_type
from pko.sources.base import parse_coordinates, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "ACLED"
COLUMNS = ("event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "country",
           "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities")
# ACLED's CSV exports wrote "12 March 2018" for years; its API and newer exports write ISO dates.
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD", "%d %B %Y": "text ('12 March 2018')", "%d-%B-%Y": "text ('12-March-2018')"}


def read(path: Path, report: ImportReport, names: Any = None) -> list[dict[str, Any]]:
    """Incidents of an ACLED export; strategic developments that are not security incidents are left out."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    stamp = imported.integers(path, frame, "timestamp", 0, 10**11).astype("float64") if "timestamp" in frame else None
    scratch = ImportReport(source=report.source, path=path)  # every row is checked, the versions dropped below too
    imported.dates(path, frame, "event_date", DATE_FORMATS, scratch)
    imported.integers(path, frame, "year", 1900, 2100)
    parse_coordinates(path, frame, scratch)
    frame = imported.keep_one_per_id(path, frame, "event_id_cnty", report, stamp)
    day = imported.dates(path, frame, "event_date", DATE_FORMATS, report)
    year = imported.integers(path, frame, "year", 1900, 2100)
    wrong = year.notna() & (year != day.map(lambda d: d.year))
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), "year", f"year {year[first]} disagrees with event_date {day[first]}")
    lat, lon = parse_coordinates(path, frame, report)
    precision = imported.integers(path, frame, "geo_precision", 1, 3)
    killed = imported.integers(path, frame, "fatalities")
    notes, sources = imported.text(frame, "notes", 4000), imported.text(frame, "source", 500)
    actor1, actor2 = imported.text(frame, "actor1"), imported.text(frame, "actor2")
    admin1, admin2, place = imported.text(frame, "admin1", 120), imported.text(frame, "admin2", 120), imported.text(frame, "location")
    columns = {name: values.tolist() for name, values in {
        "event_type": frame["event_type"].str.strip(), "sub_event_type": frame["sub_event_type"].str.strip(),
        "id": frame["event_id_cnty"].str.strip(), "country": frame["country"].str.strip(), "day": day, "lat": lat,
        "lon": lon, "precision": precision, "killed": killed, "notes": notes, "sources": sources, "actor1": actor1,
        "actor2": actor2, "admin1": admin1, "admin2": admin2, "place": place}.items()}
    rows = []
    for position, index in enumerate(frame.index):
        c = {name: values[position] for name, values in columns.items()}
        event_type, sub_type = c["event_type"], c["sub_event_type"]
        if sub_type not in ACLED_SUB_EVENTS and event_type not in ACLED_EVENTS:
            raise SourceError(path, row_number(index), "sub_event_type",
                              f"'{event_type} / {sub_type}' is not an event type of the ACLED codebook")
        kind = acled_type(event_type, sub_type, c["notes"])
        if kind is None:
            report.skip(f"strategic development that is not a security incident ({sub_type})")
            continue
        if kind == "ambush":
            report.repair("armed clash or attack whose notes say ambush recorded as an ambush")
        actors = (c["actor1"], c["actor2"])
        text = "; ".join(part for part in (f"{event_type} / {sub_type}", " / ".join(a for a in actors if a), c["notes"],
                                           f"sources: {c['sources']}" if c["sources"] else None) if part)
        row = {"source_row": row_number(index), "incident_type": kind, "incident_date": c["day"], "incident_time": None,
               "admin1": c["admin1"], "admin2": c["admin2"], "location": c["place"],
               "latitude": None if pd.isna(c["lat"]) else float(c["lat"]),
               "longitude": None if pd.isna(c["lon"]) else float(c["lon"]),
               "location_precision": c["precision"], "units": [a for a in actors if a and imported.mission_from_actors(a)],
               "killed": c["killed"], "injured": None, "description": text[:5000], "source": SOURCE,
               "source_event_id": c["id"][:80], "confidence": "reported", "fatality_casualty_ids": []}
        imported.assign_mission(row, c["country"], names, report, actors)
        rows.append(row)
    return rows

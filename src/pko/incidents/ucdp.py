"""Reader of UCDP Georeferenced Event Dataset (GED) files (the columns of the GED codebook: id, relid, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pko.incidents import imported
from pko.incidents.vocabulary import UCDP_VIOLENCE, UCDP_VIOLENCE_NAMES, ucdp_precision
from pko.sources.base import parse_coordinates, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "UCDP GED"
COLUMNS = ("id", "relid", "year", "type_of_violence", "conflict_name", "side_a", "side_b", "country", "adm_1",
           "adm_2", "latitude", "longitude", "date_start", "date_end", "best", "high", "low", "where_prec",
           "source_article")
# GED CSV releases write "2018-03-12 00:00:00.000"; the API and the R/Stata files write "2018-03-12".
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD", "%Y-%m-%d %H:%M:%S.%f": "a date and time ('2018-03-12 00:00:00.000')",
                "%Y-%m-%d %H:%M:%S": "a date and time ('2018-03-12 00:00:00')"}


def read(path: Path, report: ImportReport, names: Any = None) -> list[dict[str, Any]]:
    """Incidents of a GED file: one per event, dated by its first day, killed = the best estimate."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    scratch = ImportReport(source=report.source, path=path)  # every row is checked, the versions dropped below too
    for column in ("date_start", "date_end"):
        imported.dates(path, frame, column, DATE_FORMATS, scratch)
    frame = imported.keep_one_per_id(path, frame, "id", report)
    start = imported.dates(path, frame, "date_start", DATE_FORMATS, report)
    end = imported.dates(path, frame, "date_end", DATE_FORMATS, report)
    before = end < start
    if before.any():
        first = before.idxmax()
        raise SourceError(path, row_number(first), "date_end", f"{end[first]} comes before date_start {start[first]}")
    report.repair("event over several days dated by its date_start", int((end > start).sum()))
    violence = imported.integers(path, frame, "type_of_violence", 1, 3)
    if violence.isna().any():
        raise SourceError(path, row_number(violence.isna().idxmax()), "type_of_violence", "missing (1, 2 or 3)")
    best, low, high = (imported.integers(path, frame, column) for column in ("best", "low", "high"))
    order = (low.fillna(0) > best.fillna(0)) | (best.fillna(0) > high.fillna(10**9))
    if order.any():
        first = order.idxmax()
        raise SourceError(path, row_number(first), "best", f"best {best[first]} is not between low {low[first]} and high {high[first]}")
    where = imported.integers(path, frame, "where_prec", 1, 7)
    lat, lon = parse_coordinates(path, frame, report)
    clarity = imported.integers(path, frame, "event_clarity", 1, 2) if "event_clarity" in frame else None
    conflict, side_a, side_b = (imported.text(frame, c) for c in ("conflict_name", "side_a", "side_b"))
    articles = imported.text(frame, "source_article", 1000)
    place = imported.text(frame, "where_coordinates")
    admin1, admin2 = imported.text(frame, "adm_1", 120), imported.text(frame, "adm_2", 120)
    columns = {name: list(values) for name, values in {
        "violence": violence, "best": best, "low": low, "high": high, "conflict": conflict, "side_a": side_a,
        "side_b": side_b, "articles": articles, "start": start, "admin1": admin1, "admin2": admin2, "place": place,
        "lat": lat, "lon": lon, "where": where, "id": frame["id"].str.strip(), "country": frame["country"].str.strip(),
        "clarity": clarity if clarity is not None else [None] * len(frame)}.items()}
    rows = []
    for position, index in enumerate(frame.index):
        c = {name: values[position] for name, values in columns.items()}
        kind = int(c["violence"])
        deaths = f"deaths: best {c['best']}, low {c['low']}, high {c['high']}"
        text = "; ".join(part for part in (f"{c['conflict']} ({UCDP_VIOLENCE_NAMES[kind]})",
                                           " / ".join(s for s in (c["side_a"], c["side_b"]) if s), deaths,
                                           f"sources: {c['articles']}" if c["articles"] else None) if part)
        row = {"source_row": row_number(index), "incident_type": UCDP_VIOLENCE[kind], "incident_date": c["start"],
               "incident_time": None, "admin1": c["admin1"], "admin2": c["admin2"], "location": c["place"],
               "latitude": None if pd.isna(c["lat"]) else float(c["lat"]),
               "longitude": None if pd.isna(c["lon"]) else float(c["lon"]),
               "location_precision": None if c["where"] is None else ucdp_precision(c["where"]),
               "units": [], "killed": c["best"], "injured": None, "description": text[:5000], "source": SOURCE,
               "source_event_id": c["id"][:80], "confidence": "unverified" if c["clarity"] == 2 else "reported",
               "fatality_casualty_ids": []}
        imported.assign_mission(row, c["country"], names, report, (c["side_a"], c["side_b"]))
        rows.append(row)
    return rows

"""Reader of PKO's own incident CSV: one row per incident, columns named as the incident's fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pko.incidents import imported
from pko.incidents.vocabulary import CONFIDENCE, incident_type
from pko.sources.base import parse_coordinates, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "csv"
COLUMNS = ("source", "source_event_id", "incident_type", "incident_date")
OPTIONAL = ("incident_time", "country", "admin1", "admin2", "location", "latitude", "longitude", "location_precision",
            "mission", "units", "killed", "injured", "confidence", "description", "fatality_casualty_ids")
DATE_FORMATS = {"%Y-%m-%d": "YYYY-MM-DD"}


def _listed(value: str | None) -> list[str]:
    """Items of a cell that lists several, separated by semicolons."""
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def read(path: Path, report: ImportReport, names: Any = None) -> list[dict[str, Any]]:
    """Incidents of a PKO incident CSV (`source` and `source_event_id` identify each, so re-imports update)."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    for column in OPTIONAL:
        if column not in frame:
            frame[column] = ""
    report.rows_read = len(frame)
    for column in ("source", "source_event_id"):
        empty = frame[column].str.strip() == ""
        if empty.any():
            raise SourceError(path, row_number(empty.idxmax()), column, f"{column} missing")
    frame = _per_source(path, frame, report)
    day = imported.dates(path, frame, "incident_date", DATE_FORMATS, report)
    lat, lon = parse_coordinates(path, frame, report)
    precision = imported.integers(path, frame, "location_precision", 1, 3)
    killed, injured = imported.integers(path, frame, "killed"), imported.integers(path, frame, "injured")
    names_read = [column for column in (*COLUMNS, *OPTIONAL) if column not in ("latitude", "longitude")]
    cells = {column: [value.strip() or None for value in frame[column].tolist()] for column in names_read}
    rows = []
    for position, index in enumerate(frame.index):
        cell = {column: cells[column][position] for column in names_read}
        try:
            kind = incident_type(cell["incident_type"] or "")
            moment = imported.clock(cell["incident_time"])
        except ValueError as error:
            field = "incident_time" if "time of day" in str(error) else "incident_type"
            raise SourceError(path, row_number(index), field, str(error)) from None
        confidence = (cell["confidence"] or "reported").lower()
        if confidence not in CONFIDENCE:
            raise SourceError(path, row_number(index), "confidence", f"'{cell['confidence']}' is not one of {', '.join(CONFIDENCE)}")
        row = {"source_row": row_number(index), "incident_type": kind, "incident_date": day[index], "incident_time": moment,
               "admin1": cell["admin1"], "admin2": cell["admin2"], "location": cell["location"],
               "latitude": None if pd.isna(lat[index]) else float(lat[index]),
               "longitude": None if pd.isna(lon[index]) else float(lon[index]),
               "location_precision": precision[index], "units": _listed(cell["units"]), "killed": killed[index],
               "injured": injured[index], "description": cell["description"], "source": cell["source"][:80],
               "source_event_id": cell["source_event_id"][:80], "confidence": confidence,
               "fatality_casualty_ids": _listed(cell["fatality_casualty_ids"])}
        if cell["mission"]:
            row["mission"] = cell["mission"]
            country = cell["country"]
            row["country_iso3"] = (country.upper() if country and len(country) == 3 else
                                   (names.iso3(country) if names is not None and country else None))
        else:
            imported.assign_mission(row, cell["country"], names, report)
        rows.append(row)
    return rows


def _per_source(path: Path, frame: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """One row per (source, event id) when a file mixes several sources."""
    keyed = frame.assign(source_event_id=frame["source"].str.strip() + "\x1f" + frame["source_event_id"].str.strip())
    kept = imported.keep_one_per_id(path, keyed, "source_event_id", report)
    return frame.loc[kept.index]

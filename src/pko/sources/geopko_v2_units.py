"""Reader of Geo-PKO v2.3 TTMap: units by type (infantry, engineering, medical, ...) per mission location and year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import GeoPKOV2UnitTypes
from pko.sources.base import Batch, parse_coordinates, parse_numbers, read_csv, require_columns
from pko.sources.geopko_v1 import strict_missions
from pko.sources.report import ImportReport

SOURCE = "geopko-v2-units"
COMMAND = "geopko"
TITLE = "Geo-PKO v2.3 TTMap: unit types by mission location and year, 1994-2024"
FILES = ("geo_pko/TTMap_v.2.3.csv",)
UNITS = {"Infantry": "infantry", "eng": "engineering", "med": "medical", "sig": "signals", "av": "aviation",
         "riv": "riverine", "maint": "maintenance", "trans": "transport"}
COLUMNS = ("mission", "year", "location", "latitude", "longitude", *UNITS)


def accepts(header: list[str]) -> bool:
    """True for the TTMap schema."""
    return "riv" in header and "maint" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Validate missions, years, coordinates and unit counts."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    latitude, longitude = parse_coordinates(path, frame, report, missing=())
    rows = pd.DataFrame({
        "source_row": frame.index + 2, "mission": strict_missions(path, frame, "mission"),
        "year": parse_numbers(path, frame, "year", missing=(), integer=True), "location": frame["location"].str.strip(),
        "latitude": latitude, "longitude": longitude,
        **{name: parse_numbers(path, frame, column, missing=(), integer=True) for column, name in UNITS.items()},
    })
    batch = Batch()
    batch.add(GeoPKOV2UnitTypes, rows)
    return batch

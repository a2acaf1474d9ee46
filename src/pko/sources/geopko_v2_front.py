"""Reader of Geo-PKO v2.3 FrontMap: mission x year x location, troops and presence of HQ, police, medical, aviation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import GeoPKOV2Location
from pko.sources.base import Batch, parse_coordinates, parse_numbers, read_csv, require_columns
from pko.sources.geopko_v1 import strict_missions
from pko.sources.report import ImportReport

SOURCE = "geopko-v2-front"
COMMAND = "geopko"
TITLE = "Geo-PKO v2.3 FrontMap: locations by mission and year, 1994-2024"
FILES = ("geo_pko/FrontMap_v.2.3.csv",)
COLUMNS = (
    "mission", "year", "country", "location", "latitude", "longitude", "Infantry", "NoTroops", "Reserve", "hq",
    "UNPOL", "Med", "Av", "UNMO", "ave.no.troops",
)


def accepts(header: list[str]) -> bool:
    """True for the FrontMap schema."""
    return "NoTroops" in header and "ave.no.troops" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Validate missions, years, coordinates and figures ('NA' is missing)."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    latitude, longitude = parse_coordinates(path, frame, report, missing=())
    number = {column: parse_numbers(path, frame, column, integer=True)
              for column in ("year", "Infantry", "NoTroops", "Reserve", "hq", "UNPOL", "Med", "Av", "UNMO")}
    locations = pd.DataFrame({
        "source_row": frame.index + 2, "mission": strict_missions(path, frame, "mission"), "year": number["year"],
        "country": frame["country"].str.strip(), "location": frame["location"].str.strip(),
        "latitude": latitude, "longitude": longitude, "infantry": number["Infantry"], "troops": number["NoTroops"],
        "reserve": number["Reserve"].fillna(0), "headquarters": number["hq"].fillna(0),
        "police": number["UNPOL"].fillna(0).astype(bool), "medical": number["Med"].fillna(0).astype(bool),
        "aviation": number["Av"].fillna(0), "military_observers": number["UNMO"].fillna(0).astype(bool),
        "average_troops": parse_numbers(path, frame, "ave.no.troops"),
    })
    maps = locations.duplicated(["mission", "year", "location", "latitude", "longitude"]).sum()
    report.note(f"{maps} rows repeat a mission's location within a year (one row per map; ave.no.troops is the year's mean)")
    batch = Batch()
    batch.add(GeoPKOV2Location, locations)
    return batch

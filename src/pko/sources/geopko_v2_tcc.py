"""Reader of Geo-PKO v2.3 TCCMap: the contributors at each mission location and year, parsed from free text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import GeoPKOV2Contingent, GeoPKOV2Contributors
from pko.registry.names import CountryNames
from pko.sources.base import Batch, parse_coordinates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.geopko_v1 import require_states, resolve_contributors, strict_missions
from pko.sources.report import ImportReport, SourceError

SOURCE = "geopko-v2-tcc"
COMMAND = "geopko"
TITLE = "Geo-PKO v2.3 TCCMap: contributors by mission location and year, 1994-2024"
FILES = ("geo_pko/TCCMap_v.2.3.csv",)
COLUMNS = ("mission", "year", "location", "latitude", "longitude", "No.TCC", "year.overview")
# One entry of an overview: 'Nepal (650)', 'Korea (ROK) (150)', 'India (size unknown)'.
ENTRY = r"\s*(?P<name>[^(),]+?(?:\s\((?!\d|size unknown)[^()]*\))?)\s*\((?P<troops>\d+|size unknown)\)\s*(?:,|$)"


def accepts(header: list[str]) -> bool:
    """True for the TCCMap schema."""
    return "year.overview" in header


def read(path: Path, report: ImportReport, names: CountryNames | None = None, **_: object) -> Batch:
    """Validate the rows; each overview entry becomes a contingent (troops None where 'size unknown')."""
    names = require_states(path, names)
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    latitude, longitude = parse_coordinates(path, frame, report, missing=())
    overview = frame["year.overview"].str.strip()
    parsed = overview.str.fullmatch(f"(?:{ENTRY})+")
    if not parsed.all():
        first = (~parsed).idxmax()
        raise SourceError(path, row_number(first), "year.overview", f"'{overview.loc[first]}' is not a list of 'Country (troops)'")
    count = parse_numbers(path, frame, "No.TCC", integer=True)
    rows = pd.DataFrame({
        "source_row": frame.index + 2, "mission": strict_missions(path, frame, "mission"),
        "year": parse_numbers(path, frame, "year", integer=True), "location": frame["location"].str.strip(),
        "latitude": latitude, "longitude": longitude, "contributor_count": count, "overview": overview,
    })
    entries = overview.str.extractall(ENTRY)
    listed = entries.groupby(level=0).size().reindex(frame.index, fill_value=0)
    report.note(f"{int((listed != count).sum())} rows whose No.TCC differs from the contributors listed")
    row = entries.index.get_level_values(0)
    unknown = entries["troops"].eq("size unknown")
    report.note(f"{int(unknown.sum())} contingents of unknown size ('size unknown') stored with troops None")
    contingents = pd.DataFrame({
        "source_row": row + 2, "position": entries.index.get_level_values(1) + 1, "name": entries["name"].to_numpy(),
        "troops": pd.to_numeric(entries["troops"].where(~unknown), errors="raise").astype("Int64").to_numpy(),
    })
    contingents["iso3"] = resolve_contributors(names, contingents["name"], report)
    batch = Batch()
    batch.add(GeoPKOV2Contributors, rows)
    batch.add(GeoPKOV2Contingent, contingents)
    return batch

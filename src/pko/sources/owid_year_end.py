"""Reader of Our World in Data's year-end world totals of UN peacekeepers, 1947-2021."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import YearEndTotal
from pko.sources.base import Batch, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "owid-year-end"
COMMAND = "contributions"
TITLE = "Our World in Data: UN peacekeepers at year end (1947-2021)"
FILES = ("owid_un_peacekeeping/un_peacekeeping_year_end_totals.csv",)
FIELDS = {
    "Number of peacekeeping missions (United Nations Peacekeeping)": "missions",
    "Size of total peacekeeping force (United Nations Peacekeeping)": "total",
    "Civilian police (peacekeepers) (United Nations Peacekeeping)": "police",
    "Military Observers and staff officers (peacekeepers) (United Nations Peacekeeping)": "observers",
    "Troops (peacekeepers) (United Nations Peacekeeping)": "troops",
}
COLUMNS = ("Entity", "Year", *FIELDS)


def accepts(header: list[str]) -> bool:
    """True for the OWID file's header."""
    return "Entity" in header


def year_end_totals(path: Path, report: ImportReport | None = None) -> pd.DataFrame:
    """The World rows of the file: year, missions, total, police, observers, troops, source_row."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    other = frame["Entity"].str.strip() != "World"
    if report is not None:
        report.rows_read = len(frame)
        report.skip("row of an entity other than World skipped", other.sum())
    frame = frame[~other]
    out = pd.DataFrame({"year": parse_numbers(path, frame, "Year", integer=True), "source_row": frame.index + 2})
    if out["year"].isna().any():
        raise SourceError(path, row_number(out["year"].isna().idxmax()), "Year", "year missing")
    twice = out["year"].duplicated()
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "Year", f"year {out.at[twice.idxmax(), 'year']} appears twice")
    for column, field in FIELDS.items():
        out[field] = parse_numbers(path, frame, column, integer=True)
    return out


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """One row per year of the World entity."""
    batch = Batch()
    batch.add(YearEndTotal, year_end_totals(path, report))
    return batch

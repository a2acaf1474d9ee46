"""Reader of the UN "Mission Fatalities" data set in its older schema (odp_noticas.csv, 2021): one row per casualty.

Capitalised columns, a UTF-8 BOM, no gender and no last_update: a file is dated by the release option,
else by its latest incident. Validation is the 2023 schema's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pko.sources import fatalities_2023
from pko.sources.base import Batch, read_csv, require_columns
from pko.sources.report import ImportReport

SOURCE = fatalities_2023.SOURCE
COMMAND = "fatalities"
TITLE = "UN mission fatalities, one row per casualty (2021 schema, dated by --release or latest incident)"
FILES = ("un_fatalities/odp_noticas_*.csv",)
COLUMNS = (
    "Casualty_ID", "Incident_Date", "Mission_Acronym", "Type_of_Casualty", "Casualty_Nationality",
    "M49_Code", "ISOCode3", "Casualty_Personnel_Type", "Type_Of_Incident",
)
FIELDS = {
    "casualty_id": "Casualty_ID", "incident_date": "Incident_Date", "mission": "Mission_Acronym",
    "casualty_type": "Type_of_Casualty", "nationality": "Casualty_Nationality",
    "personnel_type": "Casualty_Personnel_Type", "incident_type": "Type_Of_Incident",
    "m49": "M49_Code", "iso3": "ISOCode3",
}


def accepts(header: list[str]) -> bool:
    """The 2021 schema: capitalised column names (most of them present)."""
    return 2 * len(set(COLUMNS) & set(header)) >= len(COLUMNS)


def read(path: Path, report: ImportReport, names=None, release: date | str | None = None, **_: object) -> Batch:
    """One release, dated by the release option or else by its latest incident date."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    return fatalities_2023.read_release(path, frame, report, names, FIELDS, None, release)

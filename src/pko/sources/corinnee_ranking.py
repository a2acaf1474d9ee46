"""Reader of the UN ranking of contributors of uniformed personnel, 31 January 2021."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import Ranking
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.ipi_gender import resolve_contributors
from pko.sources.report import ImportReport, SourceError

SOURCE = "un-ranking"
COMMAND = "contributions"
TITLE = "UN ranking of contributors of uniformed personnel (31 January 2021)"
FILES = ("un_contributions_corinnee/Rank_*.csv",)
COLUMNS = (
    "ISOCode3", "M49_Code", "Contributing_Country", "Personnel_Contribution_Rank", "Female_Personnel",
    "Male_Personnel", "Total_Uniformed_Personnel", "Last_Reporting_Date",
)


def accepts(header: list[str]) -> bool:
    """True for the ranking file's header."""
    return "Personnel_Contribution_Rank" in header


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """Dates are written `31-Jan-21`; the country name is resolved, and must agree with the file's ISO3."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    reported = parse_dates(path, frame, "Last_Reporting_Date", fmt="%d-%b-%y")
    frame["Contributing_Country"] = frame["Contributing_Country"].str.strip()
    iso3 = resolve_contributors(path, report, names, frame["Contributing_Country"], frame["ISOCode3"].str.strip())
    disagree = iso3.notna() & (iso3 != frame["ISOCode3"].str.strip())
    if disagree.any():
        first = disagree.idxmax()
        raise SourceError(path, row_number(first), "ISOCode3", f"'{frame.at[first, 'ISOCode3']}' is not the code of {frame.at[first, 'Contributing_Country']} ({iso3[first]})")
    out = pd.DataFrame({
        "reported_on": reported, "rank": parse_numbers(path, frame, "Personnel_Contribution_Rank", integer=True),
        "contributor": frame["Contributing_Country"], "iso3": iso3, "m49": parse_numbers(path, frame, "M49_Code", integer=True),
        "female": parse_numbers(path, frame, "Female_Personnel", integer=True),
        "male": parse_numbers(path, frame, "Male_Personnel", integer=True),
        "total": parse_numbers(path, frame, "Total_Uniformed_Personnel", integer=True), "source_row": frame.index + 2,
    })
    for field in ("rank", "female", "male", "total"):
        if out[field].isna().any():
            raise SourceError(path, row_number(out[field].isna().idxmax()), field, "value missing")
    if reported.nunique() > 1:
        report.note(f"{reported.nunique()} reporting dates in one ranking file")
    mismatch = out["female"] + out["male"] != out["total"]
    report.note(f"{int(mismatch.sum())} rows whose total is not female + male")
    batch = Batch(scope=str(reported.iloc[0]) if len(reported) else "all")
    batch.add(Ranking, out)
    return batch

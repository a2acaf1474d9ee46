"""Reader of CountryByYear: average monthly uniformed personnel, contributor x mission x year, 2010-2021."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import YearAverage
from pko.sources import owid_year_end
from pko.sources.base import Batch, parse_numbers, read_csv, require_columns, row_number
from pko.sources.ipi_gender import count_renamed, resolve_contributors, resolve_missions
from pko.sources.report import ImportReport, SourceError

SOURCE = "un-country-year"
COMMAND = "contributions"
TITLE = "UN contributions by gender: yearly averages by contributor and mission (2010-2021)"
FILES = ("un_contributions_corinnee/CountryByYear.csv",)
COLUMNS = ("Year", "Country", "Mission", "Female", "Male", "Total")
# A year whose averages add up to less than this share of the year-end world total is flagged incomplete.
COMPLETE_SHARE = 0.8


def accepts(header: list[str]) -> bool:
    """True for the CountryByYear header."""
    return "Year" in header and "Country" in header and "Mission" in header


def year_checks(sums: pd.Series, year_end: pd.Series) -> pd.DataFrame:
    """Each year's sum of averages beside the year-end world total, and whether it looks complete."""
    checks = pd.DataFrame({"sum_of_averages": sums, "year_end_total": year_end.reindex(sums.index)})
    checks["share"] = checks["sum_of_averages"] / checks["year_end_total"]
    checks["incomplete"] = checks["share"] < COMPLETE_SHARE
    return checks


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """Drop the zero padding; check every year against the year-end world totals (OWID) found beside the file."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    numbers = {field: parse_numbers(path, frame, field.capitalize(), integer=True) for field in ("year", "female", "male", "total")}
    for field, values in numbers.items():
        if values.isna().any():
            raise SourceError(path, row_number(values.isna().idxmax()), field.capitalize(), "value missing")
    zero = (numbers["female"] == 0) & (numbers["male"] == 0) & (numbers["total"] == 0)
    report.skip("zero padding row (female, male and total all 0) dropped", zero.sum())
    keep = ~zero
    frame = frame[keep]
    for column in ("Country", "Mission"):
        frame[column] = frame[column].str.strip()
    twice = frame.duplicated(["Year", "Country", "Mission"])
    if twice.any():
        first = twice.idxmax()
        raise SourceError(path, row_number(first), "Mission", f"{frame.at[first, 'Country']} in {frame.at[first, 'Mission']} appears twice in {frame.at[first, 'Year']}")
    out = pd.DataFrame({
        "year": numbers["year"][keep], "contributor": frame["Country"],
        "iso3": resolve_contributors(path, report, names, frame["Country"]), "mission": resolve_missions(path, frame, "Mission"),
        "female": numbers["female"][keep], "male": numbers["male"][keep], "total": numbers["total"][keep],
        "source_row": frame.index + 2,
    })
    count_renamed(report, frame["Mission"], out["mission"])
    off = (out["female"] + out["male"] - out["total"]).abs()
    report.note(f"{int((off > 0).sum())} rows where female + male differs from the total by rounding (at most {int(off.max() or 0)})")
    beside = path.parents[1] / owid_year_end.FILES[0]
    sums = out.groupby("year")["total"].sum()
    if beside.is_file():
        year_end = owid_year_end.year_end_totals(beside).set_index("year")["total"]
        checks = year_checks(sums, year_end)
        flagged = checks[checks["incomplete"]]
        report.note(
            "years whose averages add up to far less than the year-end world total (flagged incomplete): "
            + (", ".join(f"{year} ({row.sum_of_averages:,} of {row.year_end_total:,}, {row.share:.0%})" for year, row in flagged.iterrows()) or "none")
        )
    else:
        report.note(f"year-end world totals not found at {beside}: years are checked at query time against stored totals")
    batch = Batch()
    batch.add(YearAverage, out)
    return batch

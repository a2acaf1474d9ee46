"""Reader of the IPI per-contributor monthly totals (troops, police, experts), 1990-11..2014-03."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import ContributorMonth
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.ipi_gender import resolve_contributors
from pko.sources.report import ImportReport, SourceError

SOURCE = "ipi-country-monthly"
COMMAND = "contributions"
TITLE = "IPI Peacekeeping Database: contributor totals by month (1990-11..2014-03)"
FILES = ("un_contributions_ipi/ipi_country_monthly_totals_long.csv",)
COLUMNS = ("Date", "Contributor", "Troops", "Police", "Experts")


def accepts(header: list[str]) -> bool:
    """True for the stacked per-country file's header."""
    return header[:2] == ["Date", "Contributor"] and "Experts" in header


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """Counts are written as floats ("1.0"); empty cells mean no personnel of that kind."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    months = parse_dates(path, frame, "Date")
    frame["Contributor"] = frame["Contributor"].str.strip()
    empty = frame["Contributor"] == ""
    if empty.any():
        raise SourceError(path, row_number(empty.idxmax()), "Contributor", "value missing")
    twice = frame.duplicated(["Date", "Contributor"])
    if twice.any():
        first = twice.idxmax()
        raise SourceError(path, row_number(first), "Contributor", f"'{frame.at[first, 'Contributor']}' appears twice in {frame.at[first, 'Date']}")
    counts = {field: parse_numbers(path, frame, column, integer=True) for field, column in (("troops", "Troops"), ("police", "Police"), ("experts", "Experts"))}
    out = pd.DataFrame({
        "month": months, "contributor": frame["Contributor"],
        "iso3": resolve_contributors(path, report, names, frame["Contributor"]), **counts,
        "total": sum(values.fillna(0) for values in counts.values()).astype(int), "source_row": frame.index + 2,
    })
    batch = Batch()
    batch.add(ContributorMonth, out)
    return batch

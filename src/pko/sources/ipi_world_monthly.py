"""Reader of the IPI monthly world file: totals by category and their spread across contributors, 1990-11..2017-03."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import WorldMonth
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "ipi-world-monthly"
COMMAND = "contributions"
TITLE = "IPI Peacekeeping Database: world totals by month (1990-11..2017-03)"
FILES = ("un_contributions_ipi/ipi_data_monthly.csv",)
KINDS = {"troops": "Troop", "police": "Police", "experts": "EOM", "total": "Total"}
COLUMNS = ("Date", "Number of Contributors") + tuple(
    column for prefix in KINDS.values() for column in (
        f"{prefix} Contributions", f"Average {prefix} Contribution", f"Median {prefix} Contribution", f"{prefix} Contributions - SD",
    )
)


def accepts(header: list[str]) -> bool:
    """True for the monthly world file's header."""
    return "Troop Contributions" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """One row per month; `NA` statistics (no contributor of a kind) become None."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    out = pd.DataFrame({"month": parse_dates(path, frame, "Date"), "source_row": frame.index + 2})
    twice = frame["Date"].duplicated()
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "Date", f"month {frame.at[twice.idxmax(), 'Date']} appears twice")
    out["contributors"] = parse_numbers(path, frame, "Number of Contributors", integer=True)
    for field, prefix in KINDS.items():
        out[field] = parse_numbers(path, frame, f"{prefix} Contributions", integer=True)
        out[f"{field}_mean"] = parse_numbers(path, frame, f"Average {prefix} Contribution")
        out[f"{field}_median"] = parse_numbers(path, frame, f"Median {prefix} Contribution")
        out[f"{field}_sd"] = parse_numbers(path, frame, f"{prefix} Contributions - SD")
    batch = Batch()
    batch.add(WorldMonth, out)
    return batch

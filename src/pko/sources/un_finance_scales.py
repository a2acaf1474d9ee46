"""Reader of un_regular_budget_scale_YYYY-YYYY.csv: one regular-budget scale period, 193 rates in percent."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pko.finance.models import ScaleRate
from pko.sources.base import Batch, blank, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "un-finance-scale"
COMMAND = "finance"
TITLE = "UN regular-budget scale of assessment (one period)"
FILES = ("un_finance/un_regular_budget_scale_*.csv",)
COLUMNS = ("iso3", "member_state", "rate_percent", "source")
PERIOD = re.compile(r"(\d{4})-(\d{4})")


def accepts(header: list[str]) -> bool:
    return list(header) == list(COLUMNS)


def check_codes(path: Path, frame: pd.DataFrame, fields: tuple[str, ...] = ("iso3", "member_state")) -> None:
    """Every row names a state by a 3-capital-letter code and a name."""
    for field in fields:
        empty = blank(frame[field], ("",))
        if empty.any():
            raise SourceError(path, row_number(empty.idxmax()), field, "value missing")
    wrong = ~frame["iso3"].str.fullmatch(r"[A-Z]{3}")
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), "iso3", f"'{frame.at[first, 'iso3']}' is not 3 capital letters")


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """One period's rates; the period comes from the file name; the sum is checked and stated."""
    found = PERIOD.search(Path(path).name)
    if not found:
        raise SourceError(path, None, None, "the file name does not give the scale period (YYYY-YYYY)")
    first, last = int(found.group(1)), int(found.group(2))
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    check_codes(path, frame)
    twice = frame["iso3"].duplicated()
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "iso3", f"'{frame.at[twice.idxmax(), 'iso3']}' appears twice")
    rate = parse_numbers(path, frame, "rate_percent", missing=())
    negative = rate < 0
    if negative.any():
        raise SourceError(path, row_number(negative.idxmax()), "rate_percent", "a rate cannot be negative")
    total = round(float(rate.sum()), 3)
    report.note(f"{len(frame)} rates summing to {total:.3f}%" + ("" if total == 100 else " (not 100: a defect of the source)"))
    frame = frame.assign(rate_percent=rate, period=f"{first}-{last}", first_year=first, last_year=last)
    frame["source_row"] = frame.index + 2
    batch = Batch(scope=f"{first}-{last}")
    batch.add(ScaleRate, frame[["period", "first_year", "last_year", "iso3", "member_state", "rate_percent", "source", "source_row"]])
    return batch

"""Reader of MINUSMA quick-impact projects 2017-2021: dates, place, beneficiaries and amount disbursed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import QuickImpactProject
from pko.sources.base import Batch, blank, parse_coordinates, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "minusma-qips"
COMMAND = "qips"
TITLE = "MINUSMA quick-impact projects, 2017-2021"
FILES = ("minusma_qips/qips.csv",)
COLUMNS = (
    "ref", "event_type", "start_date", "end_date", "category", "activity_type", "implementing_partner_type",
    "latitude", "longitude", "total_beneficiaries", "beneficiary_type1", "amount_disbursed",
)


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Parse ISO start dates and dd.mm.yy end dates; a project's ref must be unique."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    ref = frame["ref"].str.strip()
    for wrong, reason in ((blank(ref), "project reference missing"), (ref.duplicated(), "project reference appears twice")):
        if wrong.any():
            first = wrong.idxmax()
            raise SourceError(path, row_number(first), "ref", reason)
    other = frame["event_type"].str.strip() != "qip"
    if other.any():
        first = other.idxmax()
        raise SourceError(path, row_number(first), "event_type", f"'{frame.at[first, 'event_type']}' is not 'qip'")
    start = parse_dates(path, frame, "start_date", required=False)
    # The file's end dates are day.month.two-digit-year while its start dates are ISO.
    end = parse_dates(path, frame, "end_date", fmt="%d.%m.%y", required=False)
    report.note("end_date read as dd.mm.yy (two-digit years as 20yy), start_date as ISO YYYY-MM-DD")
    both = start.notna() & end.notna()
    backwards = both & (pd.to_datetime(end.where(both)) < pd.to_datetime(start.where(both)))
    report.note(f"{int(start.isna().sum())} projects without start_date, {int(end.isna().sum())} without end_date; "
                f"{int(backwards.sum())} end before they start (kept as published)")
    latitude, longitude = parse_coordinates(path, frame, report)
    report.note(f"{int(latitude.isna().sum())} projects without coordinates (not mapped)")
    text = {column: frame[column].str.strip().where(~blank(frame[column]), None)
            for column in ("category", "activity_type", "implementing_partner_type", "beneficiary_type1")}
    for column in ("category", "activity_type"):
        if text[column].isna().any():
            raise SourceError(path, row_number(text[column].isna().idxmax()), column, "value missing")
    projects = pd.DataFrame({
        "source_row": frame.index + 2, "ref": ref, "start_date": start, "end_date": end,
        "category": text["category"], "activity_type": text["activity_type"],
        "partner_type": text["implementing_partner_type"], "latitude": latitude, "longitude": longitude,
        "beneficiaries": parse_numbers(path, frame, "total_beneficiaries", integer=True),
        "beneficiary_type": text["beneficiary_type1"],
        "amount_disbursed": parse_numbers(path, frame, "amount_disbursed", missing=()),
    })
    batch = Batch()
    batch.add(QuickImpactProject, projects)
    return batch

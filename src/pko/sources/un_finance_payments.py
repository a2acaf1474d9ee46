"""Reader of un_regular_budget_payments_2000-2020_leops95.csv: honour-roll payments with dates."""

from __future__ import annotations

from pathlib import Path

from pko.finance.models import Payment
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError
from pko.sources.un_finance_scales import check_codes

SOURCE = "un-finance-payments"
COMMAND = "finance"
TITLE = "UN regular-budget payments 2000-2020 (honour roll)"
FILES = ("un_finance/un_regular_budget_payments_2000-2020_leops95.csv",)
COLUMNS = ("payment_date", "iso3", "member_state", "amount_usd", "paid_within_due_period", "date_inexact", "source")
GAPS = "Oct-Dec 2006, Oct-Dec 2009, Dec 2010, Nov-Dec 2011, Nov-Dec 2018"


def accepts(header: list[str]) -> bool:
    return "paid_within_due_period" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Dates, whole-dollar amounts and 0/1 flags; the honour roll's known gaps are noted."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    check_codes(path, frame)
    flags = {}
    for field in ("paid_within_due_period", "date_inexact"):
        wrong = ~frame[field].isin(("0", "1"))
        if wrong.any():
            raise SourceError(path, row_number(wrong.idxmax()), field, f"'{frame.at[wrong.idxmax(), field]}' is not 0 or 1")
        flags[field] = frame[field].eq("1")
    frame = frame.assign(
        payment_date=parse_dates(path, frame, "payment_date"),
        amount_usd=parse_numbers(path, frame, "amount_usd", missing=()),
        within_due_period=flags["paid_within_due_period"], date_inexact=flags["date_inexact"],
    )
    fractional = frame["amount_usd"] != frame["amount_usd"].round()
    if fractional.any():
        rows = ", ".join(str(row_number(index)) for index in frame.index[fractional])
        report.note(f"{int(fractional.sum())} amounts are not whole dollars (rows {rows}; a unit slip of the source?), kept as published")
    report.note(f"honour-roll pages missing in the source: {GAPS}; {int(flags['date_inexact'].sum())} dates approximate")
    frame["source_row"] = frame.index + 2
    batch = Batch()
    batch.add(Payment, frame[["payment_date", "iso3", "member_state", "amount_usd", "within_due_period", "date_inexact", "source", "source_row"]])
    return batch

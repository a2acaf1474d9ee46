"""Reader of un_regular_budget_assessments_2019-2026.csv: assessed contribution per state-year and honour-roll status."""

from __future__ import annotations

from pathlib import Path

from pko.finance.models import AssessedContribution
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError
from pko.sources.un_finance_scales import check_codes

SOURCE = "un-finance-assessments-2019"
COMMAND = "finance"
TITLE = "UN regular-budget assessed contributions 2019-2026 and honour-roll payment status"
FILES = ("un_finance/un_regular_budget_assessments_2019-2026.csv",)
COLUMNS = (
    "year", "iso3", "member_state", "rate_percent", "assessment_usd", "assessment_column", "payment_status",
    "payment_date", "honour_roll_as_of", "assessment_document", "source",
)
STATUSES = {"paid_on_time", "paid_late", "not_paid_in_full"}
AMOUNTS = {"Net contributions", "Total contributions"}


def accepts(header: list[str]) -> bool:
    return "assessment_column" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Amounts in whole dollars; statuses and amount kinds from closed lists; a paid status needs its date."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    check_codes(path, frame)
    for field, allowed in (("payment_status", STATUSES), ("assessment_column", AMOUNTS)):
        unknown = ~frame[field].isin(allowed)
        if unknown.any():
            first = unknown.idxmax()
            raise SourceError(path, row_number(first), field, f"'{frame.at[first, field]}' is not one of {', '.join(sorted(allowed))}")
    year = parse_numbers(path, frame, "year", missing=(), integer=True)
    paid = parse_dates(path, frame, "payment_date", required=False)
    undated = frame["payment_status"].ne("not_paid_in_full") & paid.isna()
    if undated.any():
        raise SourceError(path, row_number(undated.idxmax()), "payment_date", "a paid contribution needs its payment date")
    frame = frame.assign(
        year=year, rate_percent=parse_numbers(path, frame, "rate_percent", missing=()),
        amount_usd=parse_numbers(path, frame, "assessment_usd", missing=(), integer=True),
        amount_column=frame["assessment_column"], payment_date=paid,
        honour_roll_as_of=parse_dates(path, frame, "honour_roll_as_of"), document=frame["assessment_document"],
    )
    twice = frame.duplicated(["year", "iso3"])
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "iso3", f"'{frame.at[twice.idxmax(), 'iso3']}' appears twice in one year")
    for kind, years in frame.groupby("amount_column")["year"].agg(["min", "max"]).iterrows():
        report.note(f"'{kind}' published for {years['min']}-{years['max']}")
    frame["source_row"] = frame.index + 2
    batch = Batch()
    batch.add(AssessedContribution, frame[[
        "year", "iso3", "member_state", "rate_percent", "amount_usd", "amount_column", "payment_status", "payment_date",
        "honour_roll_as_of", "document", "source", "source_row",
    ]])
    return batch

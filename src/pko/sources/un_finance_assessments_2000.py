"""Reader of un_regular_budget_assessments_2000-2020_leops95.csv: gross, credit and net assessment per state-year."""

from __future__ import annotations

from pathlib import Path

from pko.finance.models import Assessment
from pko.sources.base import Batch, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError
from pko.sources.un_finance_scales import check_codes

SOURCE = "un-finance-assessments-2000"
COMMAND = "finance"
TITLE = "UN regular-budget assessments 2000-2020: gross, staff-assessment credit, net"
FILES = ("un_finance/un_regular_budget_assessments_2000-2020_leops95.csv",)
COLUMNS = ("year", "iso3", "member_state", "rate_percent", "gross_assessment_usd", "credit_usd", "net_assessment_usd", "source")
HISTORICAL = {"YUG": "Yugoslavia", "SCG": "Serbia and Montenegro"}


def accepts(header: list[str]) -> bool:
    return "gross_assessment_usd" in header


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Amounts in whole dollars; gross - credit = net is checked; rate sums and historical codes reported."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    check_codes(path, frame)
    # One credit carries a stray letter after the number (Türkiye 2007: "861007b").
    stray = frame["credit_usd"].str.fullmatch(r"\d+[a-z]")
    frame.loc[stray, "credit_usd"] = frame.loc[stray, "credit_usd"].str[:-1]
    report.repair("stray letter after an amount removed", stray.sum())
    year = parse_numbers(path, frame, "year", missing=(), integer=True)
    twice = frame.assign(year=year).duplicated(["year", "iso3"])
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "iso3", f"'{frame.at[twice.idxmax(), 'iso3']}' appears twice in one year")
    values = {column: parse_numbers(path, frame, column, missing=(), integer=True)
              for column in ("gross_assessment_usd", "credit_usd", "net_assessment_usd")}
    rate = parse_numbers(path, frame, "rate_percent", missing=())
    wrong = values["gross_assessment_usd"] - values["credit_usd"] != values["net_assessment_usd"]
    if wrong.any():
        raise SourceError(path, row_number(wrong.idxmax()), "net_assessment_usd", "net is not gross minus credit")
    frame = frame.assign(
        year=year, rate_percent=rate, gross_usd=values["gross_assessment_usd"], credit_usd=values["credit_usd"],
        net_usd=values["net_assessment_usd"],
    )
    sums = frame.groupby("year")["rate_percent"].sum().round(3)
    for when, total in sums[sums != 100].items():
        report.note(f"rates of {when} sum to {total:.3f}%, not 100 (a defect of the source)")
    report.repair("row of a year whose rates do not sum to 100, kept as published", frame["year"].isin(sums[sums != 100].index).sum())
    for code, name in HISTORICAL.items():
        years = sorted(frame.loc[frame["iso3"] == code, "year"].unique().tolist())
        if years:
            report.note(f"historical code {code} ({name}) kept as published: {len(years)} rows, {years[0]}-{years[-1]}")
    report.repair("row with a historical code (YUG, SCG) kept as published", frame["iso3"].isin(HISTORICAL).sum())
    frame["source_row"] = frame.index + 2
    batch = Batch()
    batch.add(Assessment, frame[["year", "iso3", "member_state", "rate_percent", "gross_usd", "credit_usd", "net_usd", "source", "source_row"]])
    return batch

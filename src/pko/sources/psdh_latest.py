"""Reader of the UN Peace and Security Data Hub's DPO-UCLATEST: each contributor's personnel and rank in the latest month."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import Ranking
from pko.sources.base import Batch, parse_numbers, read_csv, require_columns, row_number
from pko.sources.psdh_contributions import codes_by_content, contributors, lower_header, reporting_months, total_rows
from pko.sources.report import ImportReport, SourceError

SOURCE = "psdh-latest"
COMMAND = "contributions"
TITLE = "UN Peace and Security Data Hub DPO-UCLATEST: contributors ranked by uniformed personnel, latest month"
FILES = ("un_contributions_psdh/dpo-uclatest*.csv",)
COLUMNS = (
    "contributing_country", "isocode3", "m49_code", "female_personnel", "male_personnel",
    "total_uniformed_personnel", "personnel_contribution_rank", "last_reporting_date",
)


def accepts(header: list[str]) -> bool:
    """True for the latest-month layout in lower case (the 2021 ranking file writes Title_Case)."""
    return "personnel_contribution_rank" in header and "mission_acronym" not in header


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """One ranking per reporting date; the published total is kept, and rows where it is not female + male counted."""
    frame = lower_header(read_csv(path))
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    frame = frame.loc[~total_rows(frame, report, ("contributing_country", "personnel_contribution_rank", "last_reporting_date"))].copy()
    reported = reporting_months(path, frame, "last_reporting_date", report)
    iso3, m49 = codes_by_content(path, frame, report)
    name, iso3 = contributors(path, report, names, frame["contributing_country"], iso3)
    figures = {field: parse_numbers(path, frame, column, integer=True) for field, column in (
        ("rank", "personnel_contribution_rank"), ("female", "female_personnel"), ("male", "male_personnel"),
        ("total", "total_uniformed_personnel"))}
    for field, values in figures.items():
        if values.isna().any():
            column = dict(rank="personnel_contribution_rank", total="total_uniformed_personnel").get(field, f"{field}_personnel")
            raise SourceError(path, row_number(values.isna().idxmax()), column, "value missing")
    out = pd.DataFrame({"reported_on": reported, "contributor": name, "iso3": iso3, "m49": m49, **figures,
                        "source_row": frame.index + 2})
    twice = out["contributor"].duplicated()
    if twice.any():
        raise SourceError(path, row_number(twice.idxmax()), "contributing_country", f"'{out.at[twice.idxmax(), 'contributor']}' listed twice")
    mismatch = out["female"] + out["male"] != out["total"]
    report.note(f"{int(mismatch.sum())} rows whose total is not female + male (the published total is kept)")
    days = sorted(set(reported))
    if len(days) > 1:
        raise SourceError(path, None, "last_reporting_date", f"{len(days)} reporting months in one latest-month file")
    batch = Batch(scope=str(days[0]) if days else "all")
    batch.add(Ranking, out)
    return batch

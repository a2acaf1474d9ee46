"""Reader of the UN Peace and Security Data Hub's DPO-UCHISTORICAL: contributor x mission x month x personnel type x sex.

The Data Hub's catalogue swaps the definitions of `isocode3` and `m49_code`, and exports have put each code in
either column: the two are read by content (three letters: ISO3; a number, possibly "250.0": M49).
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pandas as pd

from pko.contributions.models import DATA_HUB_CATEGORIES, DataHubContribution
from pko.sources.base import Batch, parse_numbers, read_csv, require_columns, row_number
from pko.sources.ipi_gender import count_renamed, resolve_missions
from pko.sources.report import ImportReport, SourceError

SOURCE = "psdh-contributions"
COMMAND = "contributions"
TITLE = "UN Peace and Security Data Hub DPO-UCHISTORICAL: contributions by mission, personnel type and sex (2010 on)"
FILES = ("un_contributions_psdh/dpo-uchistorical*.csv",)
COLUMNS = (
    "contributing_country", "isocode3", "m49_code", "mission_acronym", "personnel_type", "female_personnel",
    "male_personnel", "last_reporting_date",
)
TOTAL_LABELS = {"total", "grand total", "all", "sum"}
ISO3 = re.compile(r"[A-Za-z]{3}")
M49 = re.compile(r"\d{1,3}(\.0*)?")
CATEGORY_ALIASES = {"staff_officers": "staff_officer", "formed_police_unit": "formed_police_units", "troop": "troops",
                    "contingent_troops": "troops", "expert_on_mission": "experts_on_mission", "un_police": "individual_police"}


def accepts(header: list[str]) -> bool:
    """True for the monthly contributions layout (column names in any case)."""
    lower = {name.strip().lower() for name in header}
    return {"personnel_type", "mission_acronym", "female_personnel"} <= lower


def lower_header(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in lower case: the API writes them so, older exports in Title_Case."""
    frame.columns = [str(name).strip().lower() for name in frame.columns]
    return frame


def reporting_months(path: Path, frame: pd.DataFrame, column: str, report: ImportReport) -> pd.Series:
    """Month ends of the reporting dates (ISO, with or without a time, or dd/mm/yyyy); a bad cell is a SourceError."""
    raw = frame[column].str.strip()
    iso = raw.str.extract(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+Z?)?$")[0]
    parsed = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    parsed = parsed.fillna(pd.to_datetime(raw.where(iso.isna()), format="%d/%m/%Y", errors="coerce"))
    bad = parsed.isna()
    if bad.any():
        first = bad.idxmax()
        reason = "date missing" if raw.loc[first] == "" else f"'{raw.loc[first]}' is not a date (YYYY-MM-DD)"
        raise SourceError(path, row_number(first), column, reason)
    ends = parsed.map(lambda day: day.replace(day=calendar.monthrange(day.year, day.month)[1]).date())
    report.repair("reporting date within the month read as the month's end", (parsed.dt.date != ends).sum())
    return ends


def codes_by_content(path: Path, frame: pd.DataFrame, report: ImportReport) -> tuple[pd.Series, pd.Series]:
    """ISO3 and M49 of each row, whichever of `isocode3` and `m49_code` holds them."""
    first, second = frame["isocode3"].str.strip(), frame["m49_code"].str.strip()
    for column, values in (("isocode3", first), ("m49_code", second)):
        odd = (values != "") & ~values.str.fullmatch(ISO3) & ~values.str.fullmatch(M49)
        if odd.any():
            row = odd.idxmax()
            raise SourceError(path, row_number(row), column, f"'{values.loc[row]}' is neither a 3-letter ISO code nor an M49 number")
    iso3 = first.where(first.str.fullmatch(ISO3), second.where(second.str.fullmatch(ISO3))).str.upper()
    m49_text = second.where(second.str.fullmatch(M49), first.where(first.str.fullmatch(M49)))
    swapped = first.str.fullmatch(M49) | second.str.fullmatch(ISO3)
    report.repair("ISO3 and M49 codes read by content from each other's column", swapped.sum())
    report.repair("M49 code written as a decimal (250.0) read as a whole number", m49_text.str.contains(".", regex=False).sum())
    m49 = pd.to_numeric(m49_text, errors="coerce").round().astype("Int64")
    return iso3.where(iso3.notna(), None), m49


def contributors(path: Path, report: ImportReport, names, given: pd.Series, iso3: pd.Series) -> tuple[pd.Series, pd.Series]:
    """One name per state (blank and variant names replaced by the file's commonest name for the code), and ISO3."""
    given = given.str.strip()
    by_name = given.map({name: names.iso3(name) if names is not None else None for name in given.unique()})
    disagree = iso3.notna() & by_name.notna() & (iso3 != by_name)
    if disagree.any():
        row = disagree.idxmax()
        raise SourceError(path, row_number(row), "contributing_country",
                          f"'{given.loc[row]}' is {by_name.loc[row]}, but the row's code is {iso3.loc[row]}")
    nameless = (given == "") & iso3.isna()
    if nameless.any():
        raise SourceError(path, row_number(nameless.idxmax()), "contributing_country", "value missing, and no ISO3 code either")
    resolved = iso3.where(iso3.notna(), by_name)
    report.repair("contributor resolved by its name (no ISO3 code in the row)", (iso3.isna() & by_name.notna()).sum())
    named = pd.DataFrame({"iso3": resolved, "name": given})[(given != "") & resolved.notna()]
    commonest = named.groupby("iso3")["name"].agg(lambda values: values.value_counts().index[0]).to_dict()
    unified = resolved.map(commonest)
    blank = (given == "") & resolved.notna()
    report.repair("blank contributor name filled from the same code's name elsewhere in the file (or the code)", blank.sum())
    variant = (given != "") & unified.notna() & (given != unified)
    report.repair("variant spelling of a contributor replaced by the file's commonest one for its code", variant.sum())
    if variant.any():
        pairs = sorted(set(zip(given[variant], unified[variant])))
        report.note("contributor spellings unified: " + "; ".join(f"{old} -> {new}" for old, new in pairs))
    name = given.where(~(blank | variant), unified.fillna(resolved))
    unknown = resolved.isna()
    if unknown.any():
        report.repair("contributor kept as given without ISO3 (name not a member state, no code)", unknown.sum())
        report.note(f"contributors without a member state: {', '.join(sorted(given[unknown].unique()))}")
    return name, resolved


def total_rows(frame: pd.DataFrame, report: ImportReport, columns: tuple[str, ...]) -> pd.Series:
    """Aggregate rows ('Total', or nothing but figures) that exports append: skipped, counted."""
    text = pd.concat([frame[column].str.strip().str.lower() for column in columns], axis=1)
    labelled = text.isin(TOTAL_LABELS).any(axis=1)
    unnamed = (text == "").all(axis=1)
    aggregate = labelled | unnamed
    report.skip("aggregate row (a total of the file, not a contribution) skipped", aggregate.sum())
    return aggregate


def categories(path: Path, values: pd.Series) -> pd.Series:
    """Personnel types in the catalogue's words ("Formed Police Units" -> formed_police_units)."""
    keys = values.str.strip().str.lower().str.replace(r"[^a-z]+", "_", regex=True).str.strip("_")
    keys = keys.replace(CATEGORY_ALIASES)
    wrong = ~keys.isin(DATA_HUB_CATEGORIES)
    if wrong.any():
        row = wrong.idxmax()
        raise SourceError(path, row_number(row), "personnel_type",
                          f"'{values.loc[row]}' is not a personnel type ({', '.join(DATA_HUB_CATEGORIES)})")
    return keys


def missing_months(months: pd.Series) -> list[str]:
    """Months between the file's first and last that it does not hold (no data, never zero)."""
    if months.empty:
        return []
    present = {(day.year, day.month) for day in months}
    first, last = min(present), max(present)
    gaps, (year, month) = [], first
    while (year, month) < last:
        if (year, month) not in present:
            gaps.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return gaps


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """Detail rows of the export: totals and zero rows skipped, codes read by content, names unified, months checked."""
    frame = lower_header(read_csv(path))
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    frame = frame.loc[~total_rows(frame, report, ("contributing_country", "mission_acronym", "last_reporting_date"))].copy()
    female = parse_numbers(path, frame, "female_personnel", integer=True)
    male = parse_numbers(path, frame, "male_personnel", integer=True)
    for column, values in (("female_personnel", female), ("male_personnel", male)):
        negative = values.notna() & (values < 0)
        if negative.any():
            raise SourceError(path, row_number(negative.idxmax()), column, f"{values.loc[negative.idxmax()]} is negative")
    empty = female.fillna(0) + male.fillna(0) == 0
    report.skip("row with no personnel (zero or blank figures) skipped", empty.sum())
    frame, female, male = frame.loc[~empty].copy(), female[~empty].fillna(0), male[~empty].fillna(0)
    months = reporting_months(path, frame, "last_reporting_date", report)
    frame["mission_acronym"] = frame["mission_acronym"].str.strip()
    blank_mission = frame["mission_acronym"] == ""
    if blank_mission.any():
        raise SourceError(path, row_number(blank_mission.idxmax()), "mission_acronym", "value missing")
    missions = resolve_missions(path, frame, "mission_acronym")
    count_renamed(report, frame["mission_acronym"], missions)
    kinds = categories(path, frame["personnel_type"])
    iso3, m49 = codes_by_content(path, frame, report)
    name, iso3 = contributors(path, report, names, frame["contributing_country"], iso3)
    out = pd.DataFrame({
        "month": months, "contributor": name, "iso3": iso3, "m49": m49, "mission": missions, "category": kinds,
        "female": female.astype(int), "male": male.astype(int), "total": (female + male).astype(int),
        "source_row": frame.index + 2,
    })
    key = out[["month", "contributor", "mission", "category"]].astype(str).agg("|".join, axis=1)
    same = out.drop(columns="source_row").duplicated()
    report.skip("exact duplicate row dropped", same.sum())
    out, key = out[~same], key[~same]
    conflict = key.duplicated()
    if conflict.any():
        row = conflict.idxmax()
        raise SourceError(path, row_number(row), "female_personnel",
                          f"second, different row for {out.at[row, 'contributor']}, {out.at[row, 'mission']}, "
                          f"{out.at[row, 'category']}, {out.at[row, 'month']}")
    gaps = missing_months(out["month"])
    if gaps:
        report.note(f"months missing from the file (no data, not zero): {', '.join(gaps)}")
    if len(out):
        report.note(f"covers {min(out['month'])} to {max(out['month'])}")
    batch = Batch()
    batch.add(DataHubContribution, out)
    return batch

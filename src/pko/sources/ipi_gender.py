"""Reader of the IPI gender file: contributor x mission x month, four categories x sex, 2009-11..2014-08."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import Contribution, PublishedGrandTotal
from pko.sources.base import Batch, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "ipi-gender"
COMMAND = "contributions"
TITLE = "IPI Peacekeeping Database: contributions by mission, category and sex (2009-11..2014-08)"
FILES = ("un_contributions_ipi/ipi_full_gender_data_*.csv",)
CATEGORY_COLUMNS = {
    "individual_police": "Individual_Police",
    "formed_police_units": "Formed_Police_Units",
    "experts_on_mission": "Experts_on_Mission",
    "troops": "Troops",
    "all": "Total",
}
COLUMNS = ("Date", "Contributor", "Contributor_ISO-3", "Mission") + tuple(
    f"{prefix}_{sex}" for prefix in CATEGORY_COLUMNS.values() for sex in ("Male", "Female", "Total")
)
NAME_COLUMNS = ("Contributor", "Contributor_ISO-3", "Mission")


def accepts(header: list[str]) -> bool:
    """True for the gender file's header."""
    return "Individual_Police_Male" in header and "Mission" in header


def resolve_missions(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    """Canonical acronyms of a strict mission column; an acronym the catalogue does not know is a SourceError."""
    from pko.missions.catalogue import canonical

    found = {acronym: canonical(acronym) for acronym in frame[column].unique()}
    unknown = frame[column].map(found).isna()
    if unknown.any():
        first = unknown.idxmax()
        raise SourceError(path, row_number(first), column, f"'{frame.at[first, column]}' is not a known mission")
    return frame[column].map(found)


def count_renamed(report: ImportReport, given: pd.Series, canonical: pd.Series) -> None:
    """Count missions whose acronym in the file is not the canonical one (e.g. ONUCI for UNOCI)."""
    renamed = given != canonical
    report.repair("mission acronym replaced by its canonical form", renamed.sum())
    if renamed.any():
        pairs = sorted(set(zip(given[renamed], canonical[renamed])))
        report.note("missions renamed: " + ", ".join(f"{old} -> {new}" for old, new in pairs))


def resolve_contributors(path: Path, report: ImportReport, names, contributors: pd.Series, codes: pd.Series | None = None) -> pd.Series:
    """ISO3 of today's state for each contributor name (unknown or dissolved states: None, counted)."""
    resolved = {name: names.resolve(name) if names is not None else None for name in contributors.unique()}
    # Only stored member states resolve by name or code (aliases alone do not): none means none are stored.
    if resolved and not any(found and found.rule in {"name", "iso3"} for found in resolved.values()):
        raise SourceError(path, None, contributors.name, "no contributor name resolves to a member state: import member-states first")
    iso3 = contributors.map({name: found.iso3 if found else None for name, found in resolved.items()})
    if codes is not None:
        # A name the resolver does not know may still carry a valid code in the file.
        by_code = codes.map({code: names.iso3(code) for code in codes.unique()})
        fallback = iso3.isna() & by_code.notna() & contributors.map(lambda name: resolved[name] is None)
        iso3 = iso3.where(~fallback, by_code)
        report.repair("contributor resolved by the file's ISO3 code (name not recognised)", fallback.sum())
    historical = contributors.map({name: bool(found and found.rule == "historical") for name, found in resolved.items()})
    report.repair("historical contributor name mapped to today's state", (historical & iso3.notna()).sum())
    missing = iso3.isna()
    if missing.any():
        kept = sorted(contributors[missing].unique())
        report.repair("contributor kept as given without ISO3 (historical or unknown name)", missing.sum())
        report.note(f"contributors without a member state: {', '.join(kept)}")
    return iso3


def read(path: Path, report: ImportReport, names=None, **_: object) -> Batch:
    """Split detail rows (one row per category present) from the aggregate rows; repair names; check totals."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    months = parse_dates(path, frame, "Date")
    # From 2014-03 on every name carries a stray trailing apostrophe ("Albania'", "UNMISS'").
    stray = pd.Series(False, index=frame.index)
    for column in NAME_COLUMNS:
        value = frame[column].str.strip()
        has = value.str.endswith("'")
        stray |= has
        frame[column] = value.str.rstrip("'").str.strip()
    report.repair("stray trailing apostrophe removed", stray.sum())
    duplicate = frame.duplicated()
    report.skip("exact duplicate after repair dropped", duplicate.sum())
    frame = frame[~duplicate]
    months = months[~duplicate]
    numbers = {
        (category, sex): parse_numbers(path, frame, f"{prefix}_{sex}", integer=True)
        for category, prefix in CATEGORY_COLUMNS.items() for sex in ("Male", "Female", "Total")
    }
    for column in ("Contributor", "Mission"):
        empty = frame[column] == ""
        if empty.any():
            raise SourceError(path, row_number(empty.idxmax()), column, "value missing")
    grand = (frame["Contributor"] == "all") & (frame["Mission"] == "all")
    subtotal = (frame["Mission"] == "all") & ~grand
    other_all = (frame["Contributor"] == "all") & ~grand
    report.skip("aggregate row (Contributor=all, Mission=all) kept as the published grand total", grand.sum())
    report.skip("aggregate row (Mission=all, one contributor's subtotal) skipped", subtotal.sum())
    report.skip("aggregate row (Contributor=all, one mission's subtotal) skipped", other_all.sum())
    detail = ~(grand | subtotal | other_all)
    empty_rows = detail & pd.concat([numbers[key].isna() for key in numbers], axis=1).all(axis=1)
    report.skip("detail row with no figures (all NA) skipped", empty_rows.sum())
    detail &= ~empty_rows
    key = frame.loc[detail, ["Date", "Contributor", "Mission"]]
    conflict = key.duplicated()
    if conflict.any():
        first = conflict.idxmax()
        raise SourceError(path, row_number(first), "Contributor", f"second, different row for {', '.join(key.loc[first])}")
    rows = frame[detail]
    missions = resolve_missions(path, rows, "Mission")
    count_renamed(report, rows["Mission"], missions)
    iso3 = resolve_contributors(path, report, names, rows["Contributor"], rows["Contributor_ISO-3"])
    parts, mismatches = [], 0
    for category in CATEGORY_COLUMNS:
        if category == "all":
            continue
        male, female, total = (numbers[(category, sex)][detail] for sex in ("Male", "Female", "Total"))
        matches = male.fillna(0) + female.fillna(0) == total.fillna(0)
        present = male.notna() | female.notna() | total.notna()
        mismatches += int((~matches & present).sum())
        parts.append(pd.DataFrame({
            "month": months[detail][present], "contributor": rows["Contributor"][present], "iso3": iso3[present],
            "mission": missions[present], "category": category,
            "male": male[present], "female": female[present], "total": total[present],
            "total_matches": matches[present], "source_row": rows.index[present] + 2,
        }))
    report.note(f"{mismatches} category figures whose published total is not male + female; the published total is kept")
    published = []
    for category in CATEGORY_COLUMNS:
        published.append(pd.DataFrame({
            "month": months[grand], "category": category, "male": numbers[(category, "Male")][grand],
            "female": numbers[(category, "Female")][grand], "total": numbers[(category, "Total")][grand],
            "source_row": frame.index[grand] + 2,
        }))
    all_months = set(months[detail])
    missing_totals = sorted(all_months - set(months[grand]))
    if missing_totals:
        report.note(
            "published grand total (Contributor=all, Mission=all) missing for "
            + ", ".join(month.strftime("%Y-%m") for month in missing_totals)
        )
    batch = Batch()
    batch.add(Contribution, pd.concat(parts))
    batch.add(PublishedGrandTotal, pd.concat(published))
    return batch

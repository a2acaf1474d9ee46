"""Reader of the UN "Mission Fatalities" data set (DPPADPOSS-FATALITIES), schema of 2023: one row per casualty.

Each file is one release, dated by its `last_update`; the rules here are shared with the 2021 schema.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from pko.missions.catalogue import canonical
from pko.safety.models import Fatality
from pko.sources.base import Batch, blank, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "fatalities"  # shared by both schemas: a release re-imported in either one replaces the other
COMMAND = "fatalities"
TITLE = "UN mission fatalities, one row per casualty (2023 schema, dated by last_update)"
FILES = ("un_fatalities/dppadposs-fatalities_*.csv",)
COLUMNS = (
    "casualty_id", "incident_date", "mission_acronym", "type_of_casualty", "gender", "casualty_nationality",
    "casualty_personnel_type", "type_of_incident", "m49_code", "isocode3",
)
RELEASE_COLUMN = "last_update"  # optional: a file without it is dated like a 2021 file
FIELDS = {  # stored field -> column of this schema
    "casualty_id": "casualty_id", "incident_date": "incident_date", "mission": "mission_acronym",
    "casualty_type": "type_of_casualty", "gender": "gender", "nationality": "casualty_nationality",
    "personnel_type": "casualty_personnel_type", "incident_type": "type_of_incident",
    "m49": "m49_code", "iso3": "isocode3",
}
INCIDENT_TYPES = ("Illness", "Accident", "Malicious Act", "Self-Inflicted", "To Be Determined", "Unknown")
PERSONNEL_TYPES = ("Military", "Police", "Military Observer", "International Civilian", "Local", "Other")
GENDERS = ("M", "F")
# The files lose the apostrophe of Côte d'Ivoire, which then matches no state name.
NATIONALITY_FIXES = {"Côte dIvoire": "Côte d'Ivoire"}


def accepts(header: list[str]) -> bool:
    """The 2023 schema: lower-case column names (most of them present)."""
    return 2 * len(set(COLUMNS) & set(header)) >= len(COLUMNS)


def read(path: Path, report: ImportReport, names=None, release: date | str | None = None, **_: object) -> Batch:
    """One release: validated casualties keyed by casualty_id, dated by last_update (else --release, else latest incident)."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    dated_by = RELEASE_COLUMN if RELEASE_COLUMN in frame.columns else None
    return read_release(path, frame, report, names, FIELDS, dated_by, release)


def _release_option(path: Path, release: date | str | None) -> date | None:
    if release is None or isinstance(release, date):
        return release
    try:
        return date.fromisoformat(str(release))
    except ValueError:
        raise SourceError(path, None, "release", f"'{release}' is not a date of the form YYYY-MM-DD")


def _release(path: Path, frame: pd.DataFrame, report: ImportReport, dated_by: str | None,
             option: date | None, incidents: pd.Series) -> date:
    """The release date of a file, and a note saying which rule gave it."""
    if dated_by is not None:
        days = parse_dates(path, frame, dated_by)
        found = sorted(set(days))
        latest = found[-1] if found else None
        if option is not None and option != latest:
            raise SourceError(path, None, dated_by, f"the file is dated {latest} but release {option} was given")
        if len(found) > 1:
            report.note(f"release dated {latest} by the latest of {len(found)} different {dated_by} values")
        else:
            report.note(f"release dated {latest} by the file's {dated_by} column")
        return latest
    if option is not None:
        report.note(f"release dated {option} by the release option (the file has no {RELEASE_COLUMN} column)")
        return option
    latest = max(incidents) if len(incidents) else None
    if latest is None:
        raise SourceError(path, None, "release", "an empty file without a release date: give the release option")
    report.note(f"release dated {latest} by its latest incident (no {RELEASE_COLUMN} column, no release option given)")
    return latest


def _text(path: Path, frame: pd.DataFrame, report: ImportReport, column: str, required: bool) -> pd.Series:
    """A text column with surrounding spaces removed (counted); a missing required value is an error."""
    raw = frame[column]
    values = raw.str.strip()
    report.repair(f"spaces around {column} removed", (values != raw).sum())
    empty = values == ""
    if required and empty.any():
        raise SourceError(path, row_number(empty.idxmax()), column, "value missing")
    return values.where(~empty, None)


def _one_of(path: Path, values: pd.Series, column: str, allowed: tuple[str, ...]) -> None:
    wrong = values.notna() & ~values.isin(allowed)
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), column, f"'{values.loc[first]}' is not one of {', '.join(allowed)}")


def _missions(path: Path, values: pd.Series, report: ImportReport, column: str) -> pd.Series:
    """Canonical mission acronyms; a label the catalogue does not know is an error."""
    mapping = {label: canonical(label) for label in values.unique()}
    unknown = values.map(mapping).isna()
    if unknown.any():
        first = unknown.idxmax()
        raise SourceError(path, row_number(first), column, f"'{values.loc[first]}' is not a known mission")
    for label, acronym in mapping.items():
        if label != acronym:
            report.repair(f"mission '{label}' written as '{acronym}'", (values == label).sum())
    return values.map(mapping)


def _iso3(path: Path, frame: pd.DataFrame, column: str, nationality: pd.Series, report: ImportReport, names) -> pd.Series:
    """ISO3 codes as given, else from the nationality name where it names a member state (counted)."""
    values = _text(path, frame, report, column, required=False)
    wrong = values.notna() & ~values.str.fullmatch(r"[A-Z]{3}").fillna(False).astype(bool)
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), column, f"'{values.loc[first]}' is not 3 capital letters")
    missing = values.isna() & nationality.notna()
    if names is not None and missing.any():
        found = {name: names.iso3(name) for name in nationality[missing].unique()}
        filled = nationality[missing].map(found)
        values = values.where(~missing, filled)
        report.repair("ISO3 missing, taken from the nationality name", filled.notna().sum())
    report.repair("ISO3 missing and not found from the nationality (stored empty)", values.isna().sum())
    return values


def read_release(path: Path, frame: pd.DataFrame, report: ImportReport, names, fields: dict[str, str],
                 dated_by: str | None, release: date | str | None) -> Batch:
    """Validate a release's rows (columns named by `fields`) and return it as one batch scoped by its date."""
    report.rows_read = len(frame)
    option = _release_option(path, release)
    out = pd.DataFrame(index=frame.index)
    out["casualty_id"] = _text(path, frame, report, fields["casualty_id"], required=True)
    out["incident_date"] = parse_dates(path, frame, fields["incident_date"])
    out["year"] = out["incident_date"].map(lambda day: day.year).astype("int64")
    out["mission"] = _missions(path, _text(path, frame, report, fields["mission"], True), report, fields["mission"])
    out["casualty_type"] = _text(path, frame, report, fields["casualty_type"], required=True)
    out["personnel_type"] = _text(path, frame, report, fields["personnel_type"], required=True)
    _one_of(path, out["personnel_type"], fields["personnel_type"], PERSONNEL_TYPES)
    out["incident_type"] = _text(path, frame, report, fields["incident_type"], required=True)
    _one_of(path, out["incident_type"], fields["incident_type"], INCIDENT_TYPES)
    if "gender" in fields:
        out["gender"] = _text(path, frame, report, fields["gender"], required=False)
        _one_of(path, out["gender"], fields["gender"], GENDERS)
        report.repair("gender missing (stored empty)", out["gender"].isna().sum())
    else:
        out["gender"] = None
    nationality = _text(path, frame, report, fields["nationality"], required=False)
    for wrong, right in NATIONALITY_FIXES.items():
        fixed = nationality == wrong
        report.repair(f"nationality '{wrong}' spelled '{right}'", fixed.sum())
        nationality = nationality.where(~fixed, right)
    report.repair("nationality missing (stored empty)", nationality.isna().sum())
    out["nationality"] = nationality
    m49_column = fields["m49"]
    raw_m49 = frame[m49_column].str.strip()
    out["m49"] = parse_numbers(path, frame, m49_column, integer=True)
    report.repair("M49 code written as a decimal (250.0) read as a whole number", raw_m49.str.contains(".", regex=False).sum())
    report.repair("M49 code missing (stored empty)", blank(raw_m49).sum())
    out["iso3"] = _iso3(path, frame, fields["iso3"], nationality, report, names)
    day = _release(path, frame, report, dated_by, option, out["incident_date"])
    out["release"] = day
    out["source_row"] = out.index + 2
    twice = out["casualty_id"].duplicated()
    if twice.any():
        repeated = out.loc[out["casualty_id"].isin(out.loc[twice, "casualty_id"])]
        listed = "; ".join(
            f"{cid} ({' / '.join(str(n) for n in group['nationality'])})" for cid, group in repeated.groupby("casualty_id", sort=True)
        )
        report.skip("casualty listed twice in the release (later listing dropped, first kept)", twice.sum())
        report.note(f"casualties listed twice, first listing kept: {listed}")
        out = out.loc[~twice]
    if out.empty or day is None:
        raise SourceError(path, None, None, "no data rows: an empty or header-only file would replace the stored rows with none")
    batch = Batch(scope=day.isoformat())
    batch.add(Fatality, out)
    return batch

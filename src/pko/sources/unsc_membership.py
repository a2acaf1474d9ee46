"""Reader of DPPA-SCMEMBERSHIP: Security Council members by year 1946-2024, raw or with the blanks fixed; and of
the supplement that carries the Council past the data set's last year, each row naming its source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.registry.models import CouncilSeat
from pko.registry.names import CountryNames
from pko.sources.base import Batch, blank, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "sc-membership"
COMMAND = "sc-membership"
TITLE = "Security Council members by year (DPPA-SCMEMBERSHIP)"
# The fixed file is the complete one; the raw file can be imported by hand (its blanks are filled
# from the fixed file beside it where that file flags them).
FILES = ("unsc_membership/DPPA-SCMEMBERSHIP_fixed.csv", "unsc_membership/unsc_membership_*_supplement.csv")
COLUMNS = ("id", "year", "security_council_member", "last_update")
SUPPLEMENT_COLUMNS = ("year", "security_council_member", "seat", "term", "source")
SEAT_KINDS = ("permanent", "elected")
FLAG = "name_was_blank_in_source"
FIXED_NAME = "DPPA-SCMEMBERSHIP_fixed.csv"
PERMANENT = frozenset({"CHN", "FRA", "GBR", "RUS", "USA"})
# Seats per year: 11 until the enlargement of 1965 (resolution 1991 A (XVIII)) took effect in 1966.
SEATS = {True: 11, False: 15}
CHINA_NOTE = "China's seat was held by the Republic of China until 25 Oct 1971 (General Assembly resolution 2758)"


def accepts(header: list[str]) -> bool:
    """The three schemas: the raw export, the fixed file with its blank-name flag, the supplement."""
    return set(COLUMNS) <= set(header) or set(SUPPLEMENT_COLUMNS) <= set(header)


def _flag(path: Path, frame: pd.DataFrame) -> pd.Series:
    values = frame[FLAG].str.strip().str.lower()
    bad = ~values.isin(("true", "false"))
    if bad.any():
        first = bad.idxmax()
        raise SourceError(path, row_number(first), FLAG, f"'{frame.at[first, FLAG]}' is not True or False")
    return values == "true"


def _fill_from_fixed(path: Path, frame: pd.DataFrame, empty: pd.Series, report: ImportReport) -> pd.Series:
    """Fill blank names from the fixed file beside the raw one, only where it flags the same id."""
    fixed_path = path.with_name(FIXED_NAME)
    filled = pd.Series(False, index=frame.index)
    if not empty.any():
        return filled
    if fixed_path.is_file() and fixed_path != path:
        fixed = read_csv(fixed_path)
        require_columns(fixed_path, fixed, (*COLUMNS, FLAG))
        flagged = fixed[_flag(fixed_path, fixed)]
        by_id = pd.Series(flagged["security_council_member"].str.strip().to_numpy(), index=flagged["id"].str.strip().to_numpy())
        names = frame["id"].str.strip().map(by_id)
        filled = empty & names.notna()
        frame.loc[filled, "security_council_member"] = names[filled]
        report.note(f"blank names filled from {FIXED_NAME} where it flags {FLAG}")
    else:
        report.note(f"{FIXED_NAME} not found beside the file: blank names cannot be filled")
    report.repair("blank name filled from the fixed file (flagged name_was_blank_in_source)", filled.sum())
    return filled


def read(path: Path, report: ImportReport, names: CountryNames | None = None, **_: object) -> Batch:
    """Keep each name as the source spells it, map it to today's state, flag the five permanent members."""
    if names is None or names.resolve("France") is None:
        raise SourceError(path, None, None, "no member states stored: import member-states first")
    frame = read_csv(path)
    if "id" not in frame.columns and set(SUPPLEMENT_COLUMNS) <= set(frame.columns):
        return _read_supplement(path, frame, report, names)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    empty = blank(frame["security_council_member"], ("",))
    if FLAG in frame.columns:
        flagged = _flag(path, frame)
        unflagged_blank = empty & ~flagged
        if unflagged_blank.any():
            raise SourceError(path, row_number(unflagged_blank.idxmax()), "security_council_member", "value missing")
        report.repair("blank name filled from the fixed file (flagged name_was_blank_in_source)", flagged.sum())
        repaired = flagged
    else:
        repaired = _fill_from_fixed(path, frame, empty, report)
        left = empty & ~repaired
        report.skip("blank name not flagged by the fixed file (seat skipped)", left.sum())
        frame, repaired = frame[~left], repaired[~left]
    frame = _seats_by_year(path, frame)
    resolved = {}
    for label in frame["security_council_member"].unique():
        found = names.resolve(label)
        if found is None or (found.iso3 is None and not found.note):
            first = frame.index[frame["security_council_member"] == label][0]
            raise SourceError(path, row_number(first), "security_council_member", f"'{label}' is no known state")
        resolved[label] = found
    iso3 = frame["security_council_member"].map(lambda label: resolved[label].iso3)
    notes = frame["security_council_member"].map(lambda label: resolved[label].note)
    china = (iso3 == "CHN") & (frame["year"] <= 1971)
    notes = notes.where(~china, CHINA_NOTE)
    report.repair("historical name mapped to today's state (with a note)",
                  (iso3.notna() & notes.notna() & ~china).sum())
    report.note(f"{int((iso3.isna()).sum())} seats of states that no member state continues (kept without ISO3)")
    counts = frame.groupby("year").size()
    odd = [f"{year}: {count}" for year, count in counts.items() if count != SEATS[year < 1966]]
    if odd:
        report.note("years whose seat count differs from the Charter's (11 to 1965, 15 since 1966): " + ", ".join(odd))
    out = pd.DataFrame({
        "year": frame["year"].astype(int),
        "name_in_source": frame["security_council_member"],
        "iso3": iso3,
        "permanent": iso3.isin(PERMANENT),
        "name_repaired": repaired.astype(bool),
        "mapping_note": notes,
        "source_row": frame.index + 2,
    })
    batch = Batch()
    batch.add(CouncilSeat, out)
    return batch


def _seats_by_year(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with whole years from 1946 on and trimmed names, each state at most once a year."""
    years = parse_numbers(path, frame, "year", missing=(), integer=True)
    early = years < 1946
    if early.any():
        first = early.idxmax()
        raise SourceError(path, row_number(first), "year", f"{years.loc[first]} is before the Council's first year (1946)")
    frame = frame.assign(year=years, security_council_member=frame["security_council_member"].str.strip())
    twice = frame.duplicated(["year", "security_council_member"])
    if twice.any():
        first = twice.idxmax()
        raise SourceError(path, row_number(first), "security_council_member",
                          f"'{frame.at[first, 'security_council_member']}' appears twice in {frame.at[first, 'year']}")
    return frame


def _read_supplement(path: Path, frame: pd.DataFrame, report: ImportReport, names: CountryNames) -> Batch:
    """The supplement: every row names its seat (permanent or elected) and its source; a year may lack seats."""
    report.rows_read = len(frame)
    for column in ("security_council_member", "seat", "source"):
        empty = blank(frame[column], ("",))
        if empty.any():
            raise SourceError(path, row_number(empty.idxmax()), column, "value missing")
    frame = _seats_by_year(path, frame)
    seat = frame["seat"].str.strip().str.lower()
    bad = ~seat.isin(SEAT_KINDS)
    if bad.any():
        first = bad.idxmax()
        raise SourceError(path, row_number(first), "seat", f"'{frame.at[first, 'seat']}' is not permanent or elected")
    iso3 = {}
    for index, label in frame["security_council_member"].items():
        found = iso3.get(label) or names.resolve(label)
        if found is None or found.iso3 is None:
            raise SourceError(path, row_number(index), "security_council_member", f"'{label}' is no member state")
        if (seat[index] == "permanent") != (found.iso3 in PERMANENT):
            raise SourceError(path, row_number(index), "seat", f"{label} does not hold a {seat[index]} seat")
        iso3[label] = found
    counts = frame.groupby("year").size()
    short = [f"{year}: {count} of {SEATS[year < 1966]}" for year, count in counts.items() if count < SEATS[year < 1966]]
    if short:
        report.note("years with seats missing from the file: " + ", ".join(short))
    out = pd.DataFrame({
        "year": frame["year"].astype(int),
        "name_in_source": frame["security_council_member"],
        "iso3": frame["security_council_member"].map(lambda label: iso3[label].iso3),
        "permanent": seat == "permanent",
        "name_repaired": False,
        "mapping_note": "source: " + frame["source"].str.strip(),
        "source_row": frame.index + 2,
    })
    batch = Batch(scope="supplement")
    batch.add(CouncilSeat, out)
    return batch

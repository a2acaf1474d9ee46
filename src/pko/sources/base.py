"""What every reader shares: the batch it returns, column checks, value parsing with row-precise errors."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pko.sources.report import SourceError

HEADER_ROWS = 1  # row numbers in errors count the header as row 1, like a spreadsheet


@dataclass
class Batch:
    """Validated rows of one file, table by table (parents before children), ready to store."""

    scope: str = "all"
    tables: list[tuple[type, list[dict[str, Any]]]] = field(default_factory=list)

    def add(self, model: type, rows: list[dict[str, Any]] | pd.DataFrame) -> None:
        """Append the rows of one table; DataFrames become dicts with None for missing values."""
        if isinstance(rows, pd.DataFrame):
            rows = records(rows)
        self.tables.append((model, rows))

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _, rows in self.tables)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a DataFrame as dicts of plain Python values, missing values as None."""
    names = list(frame.columns)
    columns = [frame[name].astype(object).where(frame[name].notna(), None).tolist() for name in names]
    return [dict(zip(names, row)) for row in zip(*columns)]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_csv(path: Path, **options: Any) -> pd.DataFrame:
    """Read a CSV as strings (BOM removed); an undecodable or malformed file is a SourceError."""
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **options
        )
    except UnicodeDecodeError as error:
        raise SourceError(path, None, None, f"not UTF-8 text ({error.reason} at byte {error.start})")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SourceError(path, None, None, f"not a readable CSV file: {error}")
    if "na_values" not in options:
        _refuse_short_rows(path, frame)
    return frame


def _refuse_short_rows(path: Path, frame: pd.DataFrame) -> None:
    """Fail on a file cut short inside its last record (pandas pads the missing fields with "")."""
    if frame.empty:
        return
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - (1 << 16)))
        tail = handle.read()
    if tail.endswith(b"\n"):
        return
    last_line = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")
    if len(next(csv.reader([last_line]), [])) >= len(frame.columns):
        _refuse_cut_number(path, frame)
        return
    padded = 0
    for value in reversed(frame.iloc[-1].tolist()):
        if value != "":
            break
        padded += 1
    if padded:  # else the last line continued a quoted field of a complete record
        present = len(frame.columns) - padded
        raise SourceError(
            path, row_number(frame.index[-1]), str(frame.columns[present]),
            f"the file ends inside this record ({present} of {len(frame.columns)} fields): truncated?",
        )


def _refuse_cut_number(path: Path, frame: pd.DataFrame) -> None:
    """Fail on a file whose last line (no newline after it) ends in a number shorter than every other
    value of its column: the file was most likely cut inside that number (363.685... kept as 3)."""
    column = frame.columns[-1]
    value, others = frame.iloc[-1, -1].strip(), frame[column].iloc[:-1].str.strip().str.len()
    if len(others) < 10 or not value or len(value) >= others.min():
        return
    if pd.to_numeric(pd.Series([value]), errors="coerce").notna().all():
        raise SourceError(path, row_number(frame.index[-1]), str(column),
                          f"the file ends inside this record: its last value '{value}' is shorter than any other of its column: truncated?")


def require_columns(path: Path, frame: pd.DataFrame, columns: Iterable[str]) -> None:
    """Fail naming the first expected column that the header lacks."""
    present = set(frame.columns)
    for column in columns:
        if column not in present:
            raise SourceError(path, 1, column, f"column missing from the header (found: {', '.join(frame.columns)})")


def row_number(index: Any) -> int:
    """The file row of a record whose label is its position in the file (header = row 1).

    Readers keep the RangeIndex that read_csv gives, filtering rows but never re-indexing.
    """
    return int(index) + 1 + HEADER_ROWS


def blank(series: pd.Series, missing: Sequence[str] = ("", "NA")) -> pd.Series:
    """True where a string cell is empty or one of the source's missing-value markers."""
    return series.str.strip().isin(missing)


def parse_dates(path: Path, frame: pd.DataFrame, column: str, fmt: str = "%Y-%m-%d", required: bool = True) -> pd.Series:
    """Parse a date column; the first unparseable (or, if required, missing) cell is a SourceError."""
    raw = frame[column].str.strip()
    parsed = pd.to_datetime(raw, format=fmt, errors="coerce")
    missing = blank(raw)
    bad = parsed.isna() & (~missing | required)
    if bad.any():
        first = bad.idxmax()
        value = raw.loc[first]
        reason = "date missing" if missing.loc[first] else f"'{value}' is not a date of the form {fmt}"
        raise SourceError(path, row_number(first), column, reason)
    return parsed.dt.date.where(parsed.notna(), None)


def parse_numbers(path: Path, frame: pd.DataFrame, column: str, missing: Sequence[str] = ("", "NA"), integer: bool = False) -> pd.Series:
    """Parse a numeric column whose missing markers become None; any other non-number is a SourceError."""
    raw = frame[column].str.strip()
    absent = raw.isin(missing)
    try:
        parsed = raw.where(~absent).astype("float64")
    except ValueError:  # only to find the first bad cell
        parsed = pd.to_numeric(raw.where(~absent), errors="coerce")
    bad = parsed.isna() & ~absent
    if bad.any():
        first = bad.idxmax()
        raise SourceError(path, row_number(first), column, f"'{raw.loc[first]}' is not a number")
    if integer:
        fractional = parsed.notna() & (parsed != parsed.round())
        if fractional.any():
            first = fractional.idxmax()
            raise SourceError(path, row_number(first), column, f"'{raw.loc[first]}' is not a whole number")
        return parsed.astype("Int64")
    return parsed


def parse_coordinates(
    path: Path, frame: pd.DataFrame, report: Any, latitude: str = "latitude", longitude: str = "longitude",
    missing: Sequence[str] = ("", "NA", "NaN"),
) -> tuple[pd.Series, pd.Series]:
    """Parse a latitude/longitude pair; a clearly swapped pair is swapped back (counted), any other value
    out of range (latitude beyond ±90, longitude beyond ±180) or a half-missing pair is a SourceError."""
    lat = parse_numbers(path, frame, latitude, missing).astype("float64")
    lon = parse_numbers(path, frame, longitude, missing).astype("float64")
    half = lat.isna() != lon.isna()
    if half.any():
        first = half.idxmax()
        raise SourceError(path, row_number(first), latitude if pd.isna(lat.loc[first]) else longitude,
                          "coordinate missing while the other one is given")
    swapped = (lat.abs() > 90) & (lat.abs() <= 180) & (lon.abs() <= 90)
    if swapped.any():
        lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)
        report.repair(f"{latitude}/{longitude} swapped back (latitude out of range, longitude a valid latitude)", swapped.sum())
    for column, values, limit in ((latitude, lat, 90), (longitude, lon, 180)):
        out = values.abs() > limit
        if out.any():
            first = out.idxmax()
            raise SourceError(path, row_number(first), column, f"'{frame.at[first, column].strip()}' is outside [-{limit}, {limit}]")
    return lat, lon

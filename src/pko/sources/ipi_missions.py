"""Reader of the IPI mission file: mission x month strength, HQ and coordinates, 1990-11..2017-03."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.contributions.models import MissionMonth
from pko.sources.base import Batch, blank, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.ipi_gender import count_renamed, resolve_missions
from pko.sources.report import ImportReport, SourceError

SOURCE = "ipi-missions"
COMMAND = "contributions"
TITLE = "IPI Peacekeeping Database: mission strength by month (1990-11..2017-03)"
FILES = ("un_contributions_ipi/ipi_data_mission_*.csv",)
COLUMNS = (
    "Date", "Mission", "Country of Mission", "Country of Mission ISO-3", "Mission HQ", "Mission HQ Longitude",
    "Mission HQ Latitude", "Mission Continent", "Mission Region", "Number of Contributors", "Troops", "Police",
    "Observers", "Total",
)
TEXT = {
    "Country of Mission": "country", "Country of Mission ISO-3": "country_iso3", "Mission HQ": "hq",
    "Mission Continent": "continent", "Mission Region": "region",
}
COUNTS = {"Number of Contributors": "contributors", "Troops": "troops", "Police": "police", "Observers": "observers", "Total": "total"}


def accepts(header: list[str]) -> bool:
    """True for the mission file's header."""
    return "Mission HQ" in header


def coordinates(path: Path, frame: pd.DataFrame, report: ImportReport) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude of each HQ, repairing the file's swapped column names and rows given in the other order."""
    first = parse_numbers(path, frame, "Mission HQ Longitude")
    second = parse_numbers(path, frame, "Mission HQ Latitude")
    for column, values, limit in (("Mission HQ Longitude", first, 180), ("Mission HQ Latitude", second, 180)):
        beyond = values.abs() > limit
        if beyond.any():
            raise SourceError(path, row_number(beyond.idxmax()), column, f"{values[beyond.idxmax()]} is not a coordinate")
    # The column named "Latitude" holds values beyond +-90 (Phnom Penh 104.9, Dili 125.6) while the one named
    # "Longitude" never does: the names are swapped, so the first column is the latitude.
    swapped = (second.abs() > 90).any() and not (first.abs() > 90).any()
    latitude, longitude = (first, second) if swapped else (second, first)
    if swapped:
        report.repair("HQ longitude/latitude column names swapped (the 'Latitude' column holds values beyond 90)", first.notna().sum())
    # A few rows of one HQ give the pair in the opposite order to its other rows (MINUSMA's Bamako, 2013):
    # each HQ takes the order most of its rows use.
    place = frame["Mission HQ"].str.strip() + "|" + frame["Country of Mission ISO-3"].str.strip()
    pair = latitude.round(4).astype(str) + "," + longitude.round(4).astype(str)
    flipped_pair = longitude.round(4).astype(str) + "," + latitude.round(4).astype(str)
    known = latitude.notna() & longitude.notna()
    usual = place.map(pair[known].groupby(place[known]).agg(lambda values: values.value_counts().idxmax()))
    flipped = known & (pair != usual) & (flipped_pair == usual)
    report.repair("HQ coordinates given in the opposite order to the HQ's other rows swapped back", flipped.sum())
    latitude, longitude = latitude.where(~flipped, longitude), longitude.where(~flipped, latitude)
    outside = latitude.abs() > 90
    if outside.any():
        raise SourceError(path, row_number(outside.idxmax()), "Mission HQ Longitude", "latitude beyond 90 degrees after repair")
    return latitude, longitude


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Parse counts and coordinates; missions resolve to their canonical acronym."""
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    months = parse_dates(path, frame, "Date")
    frame["Mission"] = frame["Mission"].str.strip()
    twice = frame.duplicated(["Date", "Mission"])
    if twice.any():
        first = twice.idxmax()
        raise SourceError(path, row_number(first), "Mission", f"'{frame.at[first, 'Mission']}' appears twice in {frame.at[first, 'Date']}")
    latitude, longitude = coordinates(path, frame, report)
    out = pd.DataFrame({
        "month": months, "mission": resolve_missions(path, frame, "Mission"), "mission_in_source": frame["Mission"],
        "hq_latitude": latitude, "hq_longitude": longitude, "source_row": frame.index + 2,
    })
    for column, field in TEXT.items():
        value = frame[column].str.strip()
        out[field] = value.where(~blank(value), None)
    for column, field in COUNTS.items():
        out[field] = parse_numbers(path, frame, column, integer=True)
    count_renamed(report, out["mission_in_source"], out["mission"])
    batch = Batch()
    batch.add(MissionMonth, out)
    return batch

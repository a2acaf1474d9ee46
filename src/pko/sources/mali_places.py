"""Reader of populated places: OCHA COD settlements of Mali (2015) and OpenStreetMap place nodes (2019-09)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import PopulatedPlace
from pko.sources.base import Batch, blank, parse_coordinates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "mali-places"
COMMAND = "places"
TITLE = "Populated places of Mali (OCHA COD 2015) and of Mali, Niger, Burkina Faso (OpenStreetMap 2019-09)"
FILES = ("mali_geo/mali_settlements_cod_pp.csv", "mali_geo/osm_places_*.csv")
COD = ("featureNam", "pcode", "popPlaceCl", "popPlace_1", "admin0Name", "admin1Name", "admin1Pcod",
       "admin2Name", "admin2Pcod", "longitude", "latitude")
OSM = ("country", "osm_node_id", "lat", "lon", "name", "name_en", "place_type", "population")
COLUMNS = COD


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].str.strip().where(~blank(frame[column]), None)


def _required(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    missing = blank(frame[column])
    if missing.any():
        raise SourceError(path, row_number(missing.idxmax()), column, "value missing")
    return frame[column].str.strip()


def _unique(path: Path, values: pd.Series, column: str) -> None:
    twice = values.duplicated()
    if twice.any():
        first = twice.idxmax()
        raise SourceError(path, row_number(first), column, f"'{values.loc[first]}' appears twice")


def _cod(path: Path, frame: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    pcode = _required(path, frame, "pcode")
    _unique(path, pcode, "pcode")
    latitude, longitude = parse_coordinates(path, frame, report, missing=())
    # popPlace_1 names the class only for capitals; class 5 (ordinary settlement) is 'NA' there.
    kind = _text(frame, "popPlace_1").fillna("settlement")
    return pd.DataFrame({
        "source_row": frame.index + 2, "dataset": "ocha-cod", "ref": pcode, "name": _required(path, frame, "featureNam"),
        "name_en": None, "country": _required(path, frame, "admin0Name"), "kind": kind, "population": None,
        "admin1_pcode": _text(frame, "admin1Pcod"), "admin1_name": _text(frame, "admin1Name"),
        "admin2_pcode": _text(frame, "admin2Pcod"), "admin2_name": _text(frame, "admin2Name"),
        "latitude": latitude, "longitude": longitude,
    })


def _osm(path: Path, frame: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    node = _required(path, frame, "osm_node_id")
    # A node near a border is listed in the extract of each country it was cut for.
    twice = node.duplicated()
    report.skip("OSM node listed again under another country's extract (first listing kept)", twice.sum())
    frame = frame.loc[~twice]
    latitude, longitude = parse_coordinates(path, frame, report, "lat", "lon", missing=())
    places = pd.DataFrame({
        "source_row": frame.index + 2, "dataset": "osm", "ref": node.loc[frame.index],
        "name": _text(frame, "name"), "name_en": _text(frame, "name_en"), "country": _required(path, frame, "country"),
        "kind": _text(frame, "place_type"), "population": parse_numbers(path, frame, "population", integer=True),
        "admin1_pcode": None, "admin1_name": None, "admin2_pcode": None, "admin2_name": None,
        "latitude": latitude, "longitude": longitude,
    })
    report.note(f"{int(places['name'].isna().sum())} OSM place nodes without a name kept (mapped, not searchable by name)")
    return places


def read(path: Path, report: ImportReport, **_: object) -> Batch:
    """Tell the two schemas apart by their columns; each file replaces only its own data set."""
    frame = read_csv(path)
    if "pcode" in frame.columns or "osm_node_id" not in frame.columns:
        require_columns(path, frame, COD)
        dataset, reader = "ocha-cod", _cod
    else:
        require_columns(path, frame, OSM)
        dataset, reader = "osm", _osm
    report.rows_read = len(frame)
    batch = Batch(scope=dataset)
    batch.add(PopulatedPlace, reader(path, frame, report))
    return batch

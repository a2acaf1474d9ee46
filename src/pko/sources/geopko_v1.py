"""Reader of Geo-PKO v1 (Africa 1994-2018): mission x map x location, troops and troops per contributor."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import GeoPKOV1Contingent, GeoPKOV1Deployment
from pko.missions.catalogue import canonical
from pko.registry.names import CountryNames
from pko.sources.base import Batch, blank, parse_coordinates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

SOURCE = "geopko-v1"
COMMAND = "geopko"
TITLE = "Geo-PKO v1: deployment maps of UN missions in Africa, 1994-2018"
FILES = ("geo_pko/geopko_v1_africa_1994-2018.csv",)
CONTRIBUTORS = 14
COLUMNS = (
    "Source", "Mission", "year", "month", "location", "country", "latitude", "longitude", "No.troops",
    "RES_No", "FP_No", "No.TCC", "UNPOL..dummy.", "UNMO..dummy.", "HQ", "LO", "comments", "ADM1_name", "ADM2_name",
    *(f"{kind}{n}" for n in range(1, CONTRIBUTORS + 1) for kind in ("name.of.TCC", "No.troops.per.TCC")),
)
UNKNOWN = ("unknown", "unkown", "?")


def accepts(header: list[str]) -> bool:
    """True for the v1 schema (per-contributor columns)."""
    return "name.of.TCC1" in header and "Mission" in header


def require_states(path: Path, names: CountryNames | None) -> CountryNames:
    """The name resolver, or a SourceError when the member states are not stored yet."""
    if names is None or names.iso3("FRA") is None:
        raise SourceError(path, None, None, "contributor names resolve to member states: import member-states first")
    return names


def strict_missions(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    """Canonical mission acronyms; an acronym the mission catalogue does not know is a SourceError."""
    raw = frame[column].str.strip()
    known = {value: canonical(value) for value in raw.unique()}
    unknown = raw.map(known).isna()
    if unknown.any():
        first = unknown.idxmax()
        raise SourceError(path, row_number(first), column, f"unknown mission '{raw.loc[first]}'")
    return raw.map(known)


def resolve_contributors(names: CountryNames, spelled: pd.Series, report: ImportReport) -> pd.Series:
    """ISO3 of each contributor name (None where unresolved, counted by spelling)."""
    resolved = {name: names.iso3(name) for name in spelled.unique()}
    iso3 = spelled.map(resolved)
    unresolved = spelled[iso3.isna()]
    for name, count in unresolved.value_counts().items():
        report.repair(f"contributor '{name}' matches no member state: kept with iso3 None", count)
    return iso3


def _mojibake(text: str) -> str:
    for codec in ("latin-1", "cp1252"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def unmangle(series: pd.Series, column: str, report: ImportReport) -> pd.Series:
    """Repair UTF-8 text that was once read as Latin-1 ('MÃ©naka' -> 'Ménaka'), counted per column."""
    suspect = series.str.contains("[ÃÂ]", regex=True)
    if not suspect.any():
        return series
    fixed = series.where(~suspect, series[suspect].map(_mojibake))
    report.repair(f"'{column}': UTF-8 text mangled as Latin-1 repaired (e.g. 'MÃ©naka' -> 'Ménaka')", (fixed != series).sum())
    return fixed


def read(path: Path, report: ImportReport, names: CountryNames | None = None, **_: object) -> Batch:
    """Validate missions, dates, coordinates and figures; contributors go to a child table."""
    names = require_states(path, names)
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    for column in ("location", "comments", "ADM1_name", "ADM2_name"):
        frame[column] = unmangle(frame[column], column, report)
    mission = strict_missions(path, frame, "Mission")
    year = parse_numbers(path, frame, "year", missing=(), integer=True)
    month_number = parse_numbers(path, frame, "month", missing=(), integer=True)
    wrong = ~month_number.between(1, 12)
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), "month", f"'{frame.at[first, 'month']}' is not a month 1-12")
    month = (pd.to_datetime(pd.DataFrame({"year": year, "month": month_number, "day": 1})) + pd.offsets.MonthEnd(0)).dt.date
    latitude, longitude = parse_coordinates(path, frame, report)
    unplaced = latitude.isna()
    if unplaced.any():
        report.note(f"{unplaced.sum()} map location(s) without coordinates kept (not mapped): "
                    + ", ".join(sorted(set(frame.loc[unplaced, "location"]))))
    troops = {}
    for column in ("No.troops", "RES_No", "FP_No", "No.TCC", "HQ"):
        troops[column] = parse_numbers(path, frame, column, missing=("", "NA", *UNKNOWN), integer=True)
        report.repair(f"'{column}' unknown ('unknown', '?' or blank): stored as missing",
                      frame[column].str.strip().isin(("", *UNKNOWN)).sum())
    flags = {column: parse_numbers(path, frame, column, integer=True).fillna(0).astype(bool)
             for column in ("UNPOL..dummy.", "UNMO..dummy.", "LO")}
    text = {column: frame[column].str.strip().where(~blank(frame[column]), None)
            for column in ("comments", "ADM1_name", "ADM2_name")}
    deployments = pd.DataFrame({
        "source_row": frame.index + 2, "map_source": frame["Source"].str.strip(), "mission": mission,
        "year": year, "month": month, "location": frame["location"].str.strip(), "country": frame["country"].str.strip(),
        "latitude": latitude, "longitude": longitude, "troops": troops["No.troops"],
        "contributor_count": troops["No.TCC"], "reserve_troops": troops["RES_No"],
        "force_protection_troops": troops["FP_No"], "police": flags["UNPOL..dummy."],
        "military_observers": flags["UNMO..dummy."], "headquarters": troops["HQ"], "liaison_office": flags["LO"],
        "comments": text["comments"], "adm1_name": text["ADM1_name"], "adm2_name": text["ADM2_name"],
    })
    contingents = _contingents(path, frame, report, names)
    _check_sums(deployments, contingents, report)
    batch = Batch()
    batch.add(GeoPKOV1Deployment, deployments)
    batch.add(GeoPKOV1Contingent, contingents)
    return batch


def _contingents(path: Path, frame: pd.DataFrame, report: ImportReport, names: CountryNames) -> pd.DataFrame:
    """The 14 name/troops column pairs stacked into one row per named contributor."""
    parts = []
    for n in range(1, CONTRIBUTORS + 1):
        name_column, troops_column = f"name.of.TCC{n}", f"No.troops.per.TCC{n}"
        named = ~blank(frame[name_column])
        orphan = ~named & ~blank(frame[troops_column])
        report.skip("troops given without a contributor name", orphan.sum())
        rows = frame.loc[named]
        troops = parse_numbers(path, rows, troops_column, missing=("", "NA", *UNKNOWN), integer=True)
        report.repair("contributor's troops unknown ('unknown', 'unkown', blank): stored as missing",
                      (troops.isna() & ~rows[troops_column].str.strip().eq("NA")).sum())
        parts.append(pd.DataFrame({"source_row": rows.index + 2, "position": n, "raw": rows[name_column], "troops": troops}))
    stacked = pd.concat(parts).sort_values(["source_row", "position"], kind="stable")
    stripped = stacked["raw"].str.strip()
    report.repair("contributor name with stray spaces trimmed", (stripped != stacked["raw"]).sum())
    stacked["name"] = stripped
    stacked["iso3"] = resolve_contributors(names, stripped, report)
    return stacked.drop(columns="raw")


def _check_sums(deployments: pd.DataFrame, contingents: pd.DataFrame, report: ImportReport) -> None:
    """Note where contributors' troops do not add up to the location's troops (both fully known)."""
    by_row = contingents.groupby("source_row")["troops"].agg(["sum", "count", "size"])
    frame = deployments.set_index("source_row").join(by_row, how="inner")
    known = frame["troops"].notna() & (frame["count"] == frame["size"])
    differ = known & (frame["sum"] != frame["troops"])
    report.note(f"{int(known.sum())} locations list every contributor's troops; at {int(differ.sum())} of them "
                "the contributors' troops do not sum to the location's No.troops (both kept as published)")

"""Reader of RADPKO bases by year: personnel at each base (yearly means of monthly figures) and per contributor."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pko.locations.models import RadpkoBaseYear, RadpkoContingent
from pko.registry.names import CountryNames
from pko.sources.base import Batch, parse_coordinates, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.geopko_v1 import require_states, strict_missions
from pko.sources.report import ImportReport, SourceError

SOURCE = "radpko"
COMMAND = "radpko"
TITLE = "RADPKO: peacekeepers by base and year, 13 African missions 1999-2019"
FILES = ("radpko/radpko_bases_cc_y.csv",)
CORE = {"pko_deployed": "personnel", "untrp": "troops", "unpol": "police", "unmob": "observers",
        "f_untrp": "female_troops", "f_unpol": "female_police", "f_unmob": "female_observers",
        "contributing_countries": "contributor_count"}
COLUMNS = ("mission", "country", "base", "date", "year", "latitude", "longitude", *CORE)
PER_CONTRIBUTOR = {"": "units", "_pko": "personnel", "_untrp": "troops", "_unpol": "police", "_unmob": "observers"}
REGIONS = ("afr", "asian", "west")


def read(path: Path, report: ImportReport, names: CountryNames | None = None, **_: object) -> Batch:
    """Keep the core columns and each contributor's non-zero figures in long form (fractional means)."""
    names = require_states(path, names)
    frame = read_csv(path)
    require_columns(path, frame, COLUMNS)
    report.rows_read = len(frame)
    year = parse_numbers(path, frame, "year", missing=(), integer=True)
    dated = pd.to_datetime(parse_dates(path, frame, "date"))
    wrong = dated.dt.year != year
    if wrong.any():
        first = wrong.idxmax()
        raise SourceError(path, row_number(first), "date", f"'{frame.at[first, 'date']}' is not in year {frame.at[first, 'year']}")
    latitude, longitude = parse_coordinates(path, frame, report)
    unplaced = latitude.isna()
    if unplaced.any():
        report.note(f"{unplaced.sum()} base-year(s) without coordinates ('NaN') kept (not mapped): "
                    + ", ".join(sorted(set(frame.loc[unplaced, "base"]))))
    bases = pd.DataFrame({
        "source_row": frame.index + 2, "mission": strict_missions(path, frame, "mission"),
        "country": frame["country"].str.strip(), "base": frame["base"].str.strip(), "year": year,
        "latitude": latitude, "longitude": longitude,
        **{name: parse_numbers(path, frame, column, missing=()) for column, name in CORE.items()},
    })
    stems = [column for column in frame.columns if f"{column}_untrp" in frame.columns and column not in ("f", *REGIONS)]
    for stem in stems:
        require_columns(path, frame, [stem + suffix for suffix in PER_CONTRIBUTOR])
    report.note(f"{len(stems)} contributor column groups in long form; regional sums (afr_, asian_, west_) and "
                "cc_present not stored (derivable)")
    contingents = _contingents(path, frame, stems, names, report)
    summed = contingents.groupby("source_row")["troops"].sum().reindex(bases["source_row"], fill_value=0)
    differ = (summed.to_numpy() - bases["troops"].to_numpy()) > 0.5
    short = (bases["troops"].to_numpy() - summed.to_numpy()) > 0.5
    report.note(f"the contributors' troops sum to more than untrp at {int(differ.sum())} base-years and to less at "
                f"{int(short.sum())} (differences over 0.5; both kept as published)")
    batch = Batch()
    batch.add(RadpkoBaseYear, bases)
    batch.add(RadpkoContingent, contingents)
    return batch


def _contingents(path: Path, frame: pd.DataFrame, stems: list[str], names: CountryNames, report: ImportReport) -> pd.DataFrame:
    """One row per (base-year, contributor) with any non-zero figure."""
    parts = []
    for stem in stems:
        values = pd.DataFrame({name: parse_numbers(path, frame, stem + suffix, missing=())
                               for suffix, name in PER_CONTRIBUTOR.items()})
        present = values.ne(0).any(axis=1)
        values = values.loc[present]
        values.insert(0, "name", stem)
        values.insert(0, "source_row", values.index + 2)
        parts.append(values)
    long = pd.concat(parts).sort_values(["source_row", "name"], kind="stable")
    iso3 = {stem: names.iso3(stem.replace(".", " ")) for stem in stems}
    for stem, code in iso3.items():
        if code is None:
            report.repair(f"contributor column '{stem}' matches no member state: kept with iso3 None", (long["name"] == stem).sum())
    long["iso3"] = long["name"].map(iso3)
    return long

"""What every incident reader shares: dates written as text, repeated event ids, missions by country and date."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pko.incidents.deployments import country_iso3, mission_at
from pko.missions.catalogue import canonical
from pko.sources.base import blank, row_number
from pko.sources.report import ImportReport, SourceError

# Fields of an imported incident besides the id and version (the columns of Incident), plus its file row.
FIELDS = ("incident_type", "incident_date", "incident_time", "country_iso3", "admin1", "admin2", "location",
          "latitude", "longitude", "location_precision", "mission", "units", "killed", "injured", "description",
          "source", "source_event_id", "confidence", "fatality_casualty_ids")


def text(frame: pd.DataFrame, column: str, limit: int = 200) -> pd.Series:
    """A text column with blanks (and "NA") as None, cut to the column's width."""
    if column not in frame:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = [value.strip()[:limit] if value.strip() not in ("", "NA") else None for value in frame[column].tolist()]
    return pd.Series(values, index=frame.index, dtype=object)


def dates(path: Path, frame: pd.DataFrame, column: str, formats: dict[str, str], report: ImportReport) -> pd.Series:
    """Dates written in any of the given forms ({strptime format: how the report names it}); each row's form
    is counted when the file mixes them; a missing or unreadable date is a SourceError."""
    raw = frame[column].str.strip()
    parsed = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for fmt, label in formats.items():
        todo = parsed.isna() & ~blank(raw)
        if not todo.any():
            break
        found = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
        hit = found.notna()
        parsed.loc[found.index[hit]] = found[hit].dt.date
        if hit.any() and fmt != next(iter(formats)):
            report.repair(f"{column} written as {label}, read as a date", int(hit.sum()))
    if parsed.isna().any():
        first = parsed.isna().idxmax()
        value = raw.loc[first]
        reason = "date missing" if not value else f"'{value}' is not a date ({'; '.join(formats.values())})"
        raise SourceError(path, row_number(first), column, reason)
    return parsed


def keep_one_per_id(path: Path, frame: pd.DataFrame, column: str, report: ImportReport, newest: pd.Series | None = None) -> pd.DataFrame:
    """One row per event id: an exact repeat is dropped; of differing rows with one id the newest (by
    `newest`, else the last in the file) is kept; both counted. A missing id is a SourceError."""
    ids = frame[column].str.strip()
    if blank(ids).any():
        raise SourceError(path, row_number(blank(ids).idxmax()), column, "event id missing")
    exact = frame.duplicated(keep="first")
    report.skip(f"exact repeat of an earlier row ({column} seen before)", int(exact.sum()))
    frame = frame[~exact]
    ids = ids[~exact]
    order = pd.Series(range(len(frame)), index=frame.index) if newest is None else newest[~exact].fillna(-1)
    ranked = pd.DataFrame({"id": ids, "order": order, "position": range(len(frame))}, index=frame.index)
    keep = ranked.sort_values(["order", "position"]).drop_duplicates("id", keep="last").index
    older = len(frame) - len(keep)
    report.skip(f"older version of an event whose {column} appears again (newest kept)", older)
    return frame.loc[frame.index.isin(keep)]


def integers(path: Path, frame: pd.DataFrame, column: str, low: int = 0, high: int = 1_000_000) -> pd.Series:
    """A whole-number column (blank: None) within [low, high]; anything else is a SourceError."""
    raw = frame[column].str.strip()
    values = []
    for index, value in raw.items():
        if value in ("", "NA"):
            values.append(None)
            continue
        try:
            number = float(value)
        except ValueError:
            raise SourceError(path, row_number(index), column, f"'{value}' is not a number") from None
        if number != int(number) or not low <= number <= high:
            raise SourceError(path, row_number(index), column, f"'{value}' is not a whole number in [{low}, {high}]")
        values.append(int(number))
    return pd.Series(values, index=frame.index, dtype=object)


def mission_from_actors(*actors: str | None) -> str | None:
    """The mission named as an actor ("MINUSMA: United Nations ..."), if one is."""
    for actor in actors:
        if actor:
            found = canonical(actor.split(":")[0].split("(")[0])
            if found:
                return found
    return None


def assign_mission(row: dict[str, Any], country: str | None, names: Any, report: ImportReport,
                   actors: tuple[str | None, ...] = ()) -> None:
    """Set a row's country (ISO3) and mission: the mission named as an actor, else the mission deployed in
    that country on that day (deployments.DEPLOYMENTS); the rule applied is counted."""
    row["country_iso3"] = country_iso3(country) or (names.iso3(country) if names is not None and country else None)
    named = mission_from_actors(*actors)
    if named:
        row["mission"] = named
        report.repair("mission named as an actor of the event", 1)
        return
    row["mission"], why = mission_at(row["country_iso3"], row["incident_date"], row.get("admin1"))
    if why == "deployed":
        report.repair("mission set from the country and date (the mission deployed there then)", 1)
    elif why == "several deployed":
        report.repair("mission left empty: several missions served in the country that day", 1)


def clock(value: str | None) -> Any:
    """A time of day written HH:MM or HH:MM:SS, else None."""
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).time() if value else None
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a time of day (HH:MM)")

"""Fatality analytics over the record: rates per 1,000 uniformed personnel, two-period comparisons, incident files."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko.contributions import service as contributions
from pko.contributions.models import Contribution, ContributorMonth, DataHubContribution, MissionMonth, WorldMonth, YearAverage, YearEndTotal
from pko.errors import QueryError
from pko.safety import compare as engine
from pko.safety import rates as rate_engine
from pko.safety import service
from pko.sources.base import parse_coordinates, parse_dates, parse_numbers, read_csv, require_columns, row_number
from pko.sources.report import ImportReport, SourceError

RATES_BY = ("mission", "country")
MONTHLY = "IPI month-end counts averaged over {months} month(s) of the year"
YEARLY = "yearly average of monthly counts (UN CountryByYear)"
YEAR_END = "year-end world total, taken as the year's exposure"


def _monthly(session: Session, source: str, key, month, total, priority: int) -> pd.DataFrame:
    """Month-end counts averaged per key and year; key None sums everything (key 0)."""
    if key is None:
        rows = session.execute(select(month, func.sum(total)).group_by(month)).all()
        frame = pd.DataFrame([(0, *row) for row in rows], columns=["key", "month", "total"])
    else:
        rows = session.execute(select(key, month, func.sum(total)).group_by(key, month)).all()
        frame = pd.DataFrame([tuple(row) for row in rows], columns=["key", "month", "total"])
    if frame.empty:
        return pd.DataFrame(columns=[*rate_engine.EXPOSURE_COLUMNS, "priority"])
    means = rate_engine.year_means(frame.dropna(subset=["key"]))
    full = means["months"] == 12
    means["source"] = source
    means["granularity"] = [MONTHLY.format(months=n) for n in means["months"]]
    means["complete"] = full
    means["note"] = [None if ok else f"INCOMPLETE: only {n} month(s) of the year in {source}" for ok, n in zip(full, means["months"])]
    means["priority"] = [priority if ok else priority + 20 for ok in full]
    return means.drop(columns="months")


def _check_note(check: dict | None) -> str:
    if check is None or check["incomplete"] is None:
        return "not checked: no year-end world total for this year"
    verdict = "INCOMPLETE" if check["incomplete"] else "checked"
    return (f"{verdict}: the year's averages add up to {check['share_of_year_end']:.0%} of the year-end world total "
            f"({check['year_end_total']:,})")


def _yearly(session: Session, key) -> pd.DataFrame:
    """Yearly averages summed per key and year, flagged by the year's check; key None sums everything (key 0)."""
    if key is None:
        rows = session.execute(select(YearAverage.year, func.sum(YearAverage.total)).group_by(YearAverage.year)).all()
        frame = pd.DataFrame([(0, *row) for row in rows], columns=["key", "year", "personnel"])
    else:
        rows = session.execute(select(key, YearAverage.year, func.sum(YearAverage.total)).group_by(key, YearAverage.year)).all()
        frame = pd.DataFrame([tuple(row) for row in rows], columns=["key", "year", "personnel"]).dropna(subset=["key"])
    checks = contributions.year_checks(session)
    flags = [checks.get(year, {}).get("incomplete") for year in frame["year"]]
    frame["source"] = "un-country-year"
    frame["granularity"] = YEARLY
    frame["complete"] = [flag is not True for flag in flags]
    frame["note"] = [_check_note(checks.get(year)) for year in frame["year"]]
    frame["priority"] = [5 if flag is not True else 15 for flag in flags]
    return frame


def _ranked(candidates: list[pd.DataFrame]) -> pd.DataFrame:
    found = [c for c in candidates if not c.empty]
    if not found:
        return pd.DataFrame(columns=[*rate_engine.EXPOSURE_COLUMNS, "priority"])
    frame = pd.concat(found, ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["key", "year", "priority"], kind="stable").reset_index(drop=True)


def _pick(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop_duplicates(["key", "year"])
    return frame[list(rate_engine.EXPOSURE_COLUMNS)].reset_index(drop=True)


def exposure(session: Session, by: str) -> pd.DataFrame:
    """Uniformed personnel-years per mission or contributor (ISO3) and year, with the source that gave each.

    Preference: the UN Data Hub's months where they cover all 12 months of the year (averaged), then a monthly
    IPI source covering all 12 months, then the yearly averages
    (flagged where the year's averages add up to less than the year-end world total allows), then a
    partial monthly year (flagged). A key-year no source covers is absent: no exposure, no guess.
    """
    return _pick(exposure_candidates(session, by))


def exposure_candidates(session: Session, by: str) -> pd.DataFrame:
    """Every exposure figure of each key and year, best first (column `priority`); `world` gives key 0."""
    if by == "mission":
        candidates = [
            _monthly(session, "psdh-contributions", DataHubContribution.mission, DataHubContribution.month, DataHubContribution.total, 0),
            _monthly(session, "ipi-missions", MissionMonth.mission, MissionMonth.month, MissionMonth.total, 1),
            _monthly(session, "ipi-gender", Contribution.mission, Contribution.month, Contribution.total, 2),
            _yearly(session, YearAverage.mission),
        ]
    elif by == "country":
        candidates = [
            _monthly(session, "psdh-contributions", DataHubContribution.iso3, DataHubContribution.month, DataHubContribution.total, 0),
            _monthly(session, "ipi-country-monthly", ContributorMonth.iso3, ContributorMonth.month, ContributorMonth.total, 1),
            _monthly(session, "ipi-gender", Contribution.iso3, Contribution.month, Contribution.total, 2),
            _yearly(session, YearAverage.iso3),
        ]
    elif by == "world":
        candidates = [
            _monthly(session, "psdh-contributions", None, DataHubContribution.month, DataHubContribution.total, 0),
            _monthly(session, "ipi-world-monthly", None, WorldMonth.month, WorldMonth.total, 1),
            _yearly(session, None),
            _year_end(session),
        ]
    else:
        raise QueryError(f"'{by}' is not a rate breakdown (one of: {', '.join(RATES_BY)})")
    return _ranked(candidates)


def _year_end(session: Session) -> pd.DataFrame:
    rows = session.execute(select(YearEndTotal.year, YearEndTotal.total).where(YearEndTotal.total.is_not(None))).all()
    year_end = pd.DataFrame([tuple(row) for row in rows], columns=["year", "personnel"])
    return year_end.assign(key=0, source="owid-year-end", granularity=YEAR_END, complete=True, priority=8,
                           note="year-end count, not an average over the year")


def _counts(session: Session, by: str, where: service.Filters) -> pd.DataFrame:
    _, rows = service.list_fatalities(session, where)
    frame = pd.DataFrame(rows, columns=list(service.RECORD_FIELDS))
    column = "mission" if by == "mission" else "iso3"
    counted = frame.groupby([column, "year"], dropna=False).size().reset_index(name="fatalities")
    return counted.rename(columns={column: "key"})


def rates(session: Session, by: str, *, year: int | None = None, incident_type: str | None = None,
          mission: str | None = None, release: date | None = None) -> dict[str, Any]:
    """Uniformed fatalities per 1,000 uniformed personnel per year, by mission or contributing country."""
    if by not in RATES_BY:
        raise QueryError(f"'{by}' is not a rate breakdown (one of: {', '.join(RATES_BY)})")
    where = service.Filters(incident_type, "uniformed", mission, year, year, release)
    day = service.resolve_release(session, release)
    counts = _counts(session, by, where)
    exposed = exposure(session, by)
    if year is not None:
        exposed = exposed[exposed["year"] == year]
    elif not counts.empty:
        exposed = exposed[exposed["year"].between(counts["year"].min(), counts["year"].max())]
    if mission is not None:
        acronym = contributions.canonical_mission(mission)
        exposed = exposed[exposed["key"] == acronym] if by == "mission" else exposed.iloc[0:0]
    counts["key"] = counts["key"].astype(object).where(counts["key"].notna(), "(unknown)")
    table = rate_engine.rates(counts, exposed)
    rows = [{by: row.pop("key"), **row} for row in table.to_dict("records")]
    used = sorted({row["source"] for row in rows if row["source"]})
    return {"release": day, "rows": rows,
            "sources": service.sources_of(session, day) + contributions.sources_of(session, *used)}


def _by_mission(session: Session, year: int, incident_type: str | None, personnel: str, release: date | None) -> dict[str, int]:
    found = service.summary(session, "mission", service.Filters(incident_type, personnel, None, year, year, release))
    return {row["mission"]: row["fatalities"] for row in found}


def compare(session: Session, year_from: int, year_to: int, *, incident_type: str | None = None,
            mission: str | None = None, personnel: str | None = None, release: date | None = None,
            level: float = 0.95) -> dict[str, Any]:
    """Fatalities in one year against another: rate ratio per year and, for uniformed personnel, per 1,000
    exposed where both years have an unflagged exposure from the same source; and each mission's share."""
    if year_from == year_to:
        raise QueryError("compare two different years")
    if not 0 < level < 1:
        raise QueryError(f"confidence level {level} is not between 0 and 1")
    personnel = personnel or "uniformed"
    day = service.resolve_release(session, release)
    acronym = contributions.canonical_mission(mission)
    before = _by_mission(session, year_from, incident_type, personnel, day)
    after = _by_mission(session, year_to, incident_type, personnel, day)
    count_from = before.get(acronym, 0) if acronym else sum(before.values())
    count_to = after.get(acronym, 0) if acronym else sum(after.values())
    per_year = engine.rate_ratio(count_from, count_to, level=level)
    found: dict[str, Any] = {
        "from": year_from, "to": year_to, "release": day, "incident_type": incident_type, "mission": acronym,
        "personnel": personnel, "count_from": count_from, "count_to": count_to, "per_year": asdict(per_year),
        "per_exposure": None, "exposure": None, "exposure_note": None,
        "shares": [{"mission": row.pop("key"), **row} for row in engine.shares(before, after)],
    }
    used: list[str] = []
    if personnel.casefold() != "uniformed":
        found["exposure_note"] = "no exposure: the contributions record counts uniformed personnel only"
    else:
        table = exposure_candidates(session, "mission" if acronym else "world")
        table = table[table["key"] == (acronym or 0)]
        both = table[table["year"].isin([year_from, year_to])]
        found["exposure"] = [{k: v for k, v in row.items() if k not in ("key", "priority")} for row in
                             both.astype(object).where(both.notna(), None).to_dict("records")]
        usable = both[both["complete"].astype(bool)]
        by_source = usable.groupby("source")["year"].nunique()
        sources = [s for s in usable["source"].drop_duplicates() if by_source.get(s) == 2]
        if sources:
            chosen = usable[usable["source"] == sources[0]].set_index("year")["personnel"]
            adjusted = engine.rate_ratio(count_from, count_to, float(chosen[year_from]) / 1000,
                                         float(chosen[year_to]) / 1000, level=level)
            found["per_exposure"] = asdict(adjusted) | {"source": sources[0]}
            used.append(sources[0])
        else:
            flagged = "; ".join(f"{row['year']}: {row['source']} {row['note'] or ''}".strip()
                                for row in found["exposure"]) or "no source covers these years"
            found["exposure_note"] = f"no exposure-adjusted ratio: no unflagged exposure of both years from one source ({flagged})"
    found["sources"] = service.sources_of(session, day) + contributions.sources_of(session, *used)
    return found


def read_incidents(path: Path) -> tuple[pd.DataFrame, ImportReport]:
    """Incidents of a CSV with latitude and longitude and optionally date (YYYY-MM-DD); rows without coordinates skipped."""
    report = ImportReport(source="incidents", path=Path(path))
    frame = read_csv(path)
    require_columns(path, frame, ("latitude", "longitude"))
    report.rows_read = len(frame)
    lat, lon = parse_coordinates(path, frame, report)
    out = pd.DataFrame({"latitude": lat, "longitude": lon})
    if "date" in frame.columns:
        out["date"] = pd.to_datetime(parse_dates(path, frame, "date", required=False))
    elif "year" in frame.columns:
        years = parse_numbers(path, frame, "year", integer=True)
        odd = years.notna() & ((years < 1900) | (years > 2100))
        if odd.any():
            first = odd.idxmax()
            raise SourceError(path, row_number(first), "year", f"{years.loc[first]} is not a year between 1900 and 2100")
        out["date"] = pd.to_datetime({"year": years.fillna(1).astype(int), "month": 1, "day": 1}).where(years.notna())
    missing = out["latitude"].isna()
    report.skip("row without coordinates skipped", missing.sum())
    return out[~missing], report

"""What each page shows, gathered from the domain services as plain dicts for the templates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pko import freshness
from pko.contributions.coverage import service as coverage
from pko.contributions import service as contributions_service
from pko.contributions.models import Contribution, ContributorMonth, DataHubContribution, MissionMonth, Ranking, WorldMonth, YearAverage
from pko.locations import service as locations
from pko.locations.models import GeoPKOV2Location
from pko.missions import catalogue
from pko.missions import service as missions_service
from pko.registry import service as registry
from pko.registry.models import CouncilSeat
from pko.safety import service as safety_service
from pko.safety.models import Fatality
from pko.sources import service as sources

MALICIOUS = "Malicious Act"
COLOURS = {"malicious": "#b3261e", "other": "#9aa7b6", "month": "#1b4f8a", "year": "#d0a21c", "rank": "#4f9d69"}
MONTHLY_SOURCES = ("psdh-contributions", "ipi-gender", "ipi-gender-published", "ipi-world-monthly", "ipi-country-monthly", "un-ranking")


def loaded(session: Session) -> bool:
    """True once any file has been imported."""
    return sources.count_runs(session) > 0


def import_runs(session: Session) -> list:
    """The current import run of every source."""
    return sources.list_runs(session)


def chart(labels: list, datasets: list[dict], *, kind: str = "bar", stacked: bool = False, unit: str = "") -> dict | None:
    """A chart specification for pko.js, or None when there is nothing to draw."""
    if not labels or not any(value for dataset in datasets for value in dataset["data"]):
        return None
    return {"type": kind, "labels": labels, "datasets": datasets, "stacked": stacked, "unit": unit}


def figure(key: str, label: str, value, note: str | None = None, alarm: bool = False,
           aged: freshness.Freshness | None = None) -> dict:
    """One key figure: its value and what it is, from where; and a badge when its data ends before the date asked."""
    return {"key": key, "label": label, "value": value, "note": note, "alarm": alarm,
            "as_of": aged.as_of if aged else None, "stale": bool(aged and aged.stale), "badge": aged.note if aged else None}


def _source_note(session: Session, source: str) -> str:
    return "; ".join(contributions_service.sources_of(session, source)) or source


def latest_month(session: Session) -> date | None:
    """The latest month-end any monthly contributions source covers."""
    candidates = [
        session.scalar(select(func.max(column)))
        for column in (DataHubContribution.month, Contribution.month, ContributorMonth.month, WorldMonth.month, Ranking.reported_on)
    ]
    return max((day for day in candidates if day is not None), default=None)


def deployed(session: Session) -> dict:
    """Deployed uniformed personnel at the latest month, from the most detailed source that covers it."""
    month = latest_month(session)
    if month is None:
        return figure("deployed", "Deployed uniformed personnel", None, "no contributions loaded")
    for item in contributions_service.total(session, month):
        if item["source"] in MONTHLY_SOURCES and item["total"] is not None:
            note = f"at {item['period']} · {item['granularity']} · {_source_note(session, item['source'])}"
            aged = freshness.judge(coverage.coverage(session), date.today(), as_of=date.fromisoformat(item["period"]))
            return figure("deployed", "Deployed uniformed personnel", item["total"], note, aged=aged)
    return figure("deployed", "Deployed uniformed personnel", None, f"no month-end total for {month}")


def latest_release(session: Session) -> date | None:
    """The newest fatalities release stored, or None."""
    releases = safety_service.release_dates(session)
    return releases[-1] if releases else None


def fatalities_chart(session: Session, *, mission: str | None = None, iso3: str | None = None) -> tuple[dict | None, str | None]:
    """Fatalities by year in the newest release, malicious acts stacked apart from every other cause."""
    release = latest_release(session)
    if release is None:
        return None, None
    if iso3 is None:
        every = safety_service.summary(session, "year", safety_service.Filters(mission=mission, personnel="all"))
        malicious = safety_service.summary(
            session, "year", safety_service.Filters(mission=mission, personnel="all", incident_type=MALICIOUS))
        totals = {row["year"]: row["fatalities"] for row in every}
        acts = {row["year"]: row["fatalities"] for row in malicious}
    else:  # the nationals of one state: the summaries filter by mission, not by nationality
        rows = session.execute(
            select(Fatality.year, Fatality.incident_type, func.count(Fatality.id))
            .where(Fatality.release == release, Fatality.iso3 == iso3)
            .group_by(Fatality.year, Fatality.incident_type)
        ).all()
        totals, acts = {}, {}
        for year, incident_type, count in rows:
            totals[year] = totals.get(year, 0) + count
            if incident_type == MALICIOUS:
                acts[year] = acts.get(year, 0) + count
    if not totals:
        return None, "; ".join(safety_service.sources_of(session, release))
    years = list(range(min(totals), max(totals) + 1))
    spec = chart([str(year) for year in years], [
        {"label": "Malicious acts", "data": [acts.get(year, 0) for year in years], "color": COLOURS["malicious"], "stack": "all"},
        {"label": "Other causes", "data": [totals.get(year, 0) - acts.get(year, 0) for year in years],
         "color": COLOURS["other"], "stack": "all"},
    ], stacked=True, unit="fatalities")
    return spec, "; ".join(safety_service.sources_of(session, release)) + " · all personnel types"


def fatalities_figure(session: Session) -> dict:
    """The number of fatalities in the newest release."""
    release = latest_release(session)
    if release is None:
        return figure("fatalities", "Fatalities recorded", None, "no fatalities release loaded", alarm=True)
    count = session.scalar(select(func.count(Fatality.id)).where(Fatality.release == release))
    return figure("fatalities", "Fatalities recorded", count,
                  "since 1948, UN Mission Fatalities release of " + release.isoformat(), alarm=True)


def home(session: Session) -> dict:
    """Key figures, the fatalities chart and the map of the home page."""
    key_figures = [
        figure("member-states", "Member states", registry.count_states(session) or None,
               "; ".join(registry.sources_of(session, "member-states")) or "not loaded"),
        deployed(session),
    ]
    key_figures.insert(1, figure("missions", "Missions", missions_service.count_missions(session) or None,
                                 "seen in the data loaded, named by the mission catalogue"))
    key_figures.append(fatalities_figure(session))
    points_url, map_year, map_source = map_points(session)
    fatalities, fatalities_source = fatalities_chart(session)
    return {"key_figures": key_figures, "fatalities_chart": fatalities, "fatalities_source": fatalities_source,
            "points_url": points_url, "map_year": map_year, "map_source": map_source}


def _month(day: date | None) -> str | None:
    return day.strftime("%Y-%m") if day else None


def _mission_row(found) -> dict:
    return {"acronym": found.acronym, "name": found.name, "kind": found.kind, "country": found.country,
            "hq": found.hq, "hq_latitude": found.hq_lat, "hq_longitude": found.hq_lon,
            "first_month": _month(found.first_month), "last_month": _month(found.last_month),
            "closed_on": found.closed_on.isoformat() if found.closed_on else None,
            "mandating_body": found.mandating_body, "council_authorization": found.council_authorization}


def missions(session: Session, *, q: str = "", kind: str = "") -> dict:
    """The missions list, filtered by part of acronym or name and by kind."""
    found = missions_service.list_missions(session, q=q or None, kind=kind or None)
    return {"missions": [_mission_row(row) for row in found], "total": missions_service.count_missions(session),
            "kinds": list(catalogue.KINDS)}


def map_points(session: Session, mission: str | None = None) -> tuple[str | None, int | None, str | None]:
    """The locations URL of the year to map (for one mission or all), that year, and its source.

    The year is the latest one whose Geo-PKO v2 maps show at least half the locations of the busiest year,
    so that a mission's liquidation year (a handful of sites) does not stand for its deployment.
    """
    query = select(GeoPKOV2Location.year, func.count()).group_by(GeoPKOV2Location.year)
    if mission:
        query = query.where(GeoPKOV2Location.mission == mission)
    counts = dict(session.execute(query).all())
    if not counts:
        return None, None, None
    busiest = max(counts.values())
    year = max(year for year, count in counts.items() if 2 * count >= busiest)
    url = f"/api/v1/locations?year={year}" + (f"&mission={mission}" if mission else "")
    return url, year, "; ".join(locations.answered_by(session, locations.DEPLOYMENT_SOURCES["geopko-v2"]))


def strength_chart(session: Session, acronym: str) -> tuple[dict | None, str | None]:
    """A mission's month-end strength by category (IPI mission file), then yearly averages for later years."""
    rows = session.execute(
        select(MissionMonth.month, MissionMonth.troops, MissionMonth.police, MissionMonth.observers, MissionMonth.total)
        .where(MissionMonth.mission == acronym).order_by(MissionMonth.month)
    ).all()
    last_year = rows[-1][0].year if rows else 0
    checks = contributions_service.year_checks(session)
    averages = session.execute(
        select(YearAverage.year, func.sum(YearAverage.total)).where(YearAverage.mission == acronym, YearAverage.year > last_year)
        .group_by(YearAverage.year).order_by(YearAverage.year)
    ).all()
    labels = [row[0].isoformat() for row in rows] + [str(year) for year, _ in averages]
    pad = [None] * len(averages)
    complete = [total if not checks.get(year, {}).get("incomplete") else None for year, total in averages]
    flagged = [total if checks.get(year, {}).get("incomplete") else None for year, total in averages]
    datasets = [
        {"label": "Total, month-end", "data": [row[4] for row in rows] + pad, "color": COLOURS["month"]},
        {"label": "Troops", "data": [row[1] for row in rows] + pad, "color": "#6f9bd1"},
        {"label": "Police", "data": [row[2] for row in rows] + pad, "color": COLOURS["rank"]},
        {"label": "Yearly average", "data": [None] * len(rows) + complete, "color": COLOURS["year"]},
        {"label": "Yearly average, year flagged incomplete", "data": [None] * len(rows) + flagged, "color": "#c9b27a", "pointsOnly": True},
    ]
    datasets = [dataset for dataset in datasets if any(value is not None for value in dataset["data"])]
    used = (["ipi-missions"] if rows else []) + (["un-country-year"] if averages else [])
    return chart(labels, datasets, kind="line", unit="personnel"), "; ".join(_source_note(session, key) for key in used) or None


def mission(session: Session, acronym: str) -> dict | None:
    """One mission's page, or None if no such mission is known."""
    found = missions_service.get_mission(session, acronym=acronym)
    if found is None:
        return None
    points_url, map_year, map_source = map_points(session, found.acronym)
    strength, strength_source = strength_chart(session, found.acronym)
    # A closed mission is asked about at its closing day; an open one today.
    asked = min(found.closed_on or date.today(), date.today())
    month, by_category, key = coverage.mission_strength(session, mission=found.acronym, on=asked) if catalogue.canonical(
        found.acronym) else (None, {}, None)
    aged = freshness.judge(coverage.coverage(session, mission=found.acronym), asked, as_of=month) if month else None
    key_figures = [
        figure("strength", "Deployed uniformed personnel", sum(total or 0 for *_, total in by_category.values()) if month else None,
               f"at {month.isoformat()} · {key}" if month else "no month-end strength loaded", aged=aged),
    ]
    fatalities, fatalities_source = fatalities_chart(session, mission=found.acronym)
    release = latest_release(session)
    if release is not None:
        dead = session.scalar(select(func.count(Fatality.id)).where(Fatality.release == release, Fatality.mission == found.acronym))
        key_figures.append(figure("fatalities", "Fatalities", dead, f"UN Mission Fatalities release of {release.isoformat()}", alarm=True))
    return {
        "mission": _mission_row(found), "key_figures": key_figures, "sources": found.sources,
        "points_url": points_url, "map_year": map_year, "map_source": map_source,
        "strength_chart": strength, "strength_source": strength_source,
        "fatalities_chart": fatalities, "fatalities_source": fatalities_source,
    }


def _state_row(state) -> dict:
    return {"iso3": state.iso3, "iso2": state.iso2, "m49": state.m49, "name": state.name, "region": state.m49_region,
            "subregion": state.m49_subregion, "group": state.regional_group}


def states(session: Session, *, q: str = "", group: str = "") -> dict:
    """The member states list, filtered by part of name or code and by regional group."""
    chosen = registry.list_states(session, regional_group=group or None, q=q or None)
    return {"states": [_state_row(state) for state in chosen], "total": registry.count_states(session),
            "groups": list(registry.REGIONAL_GROUPS)}


def contribution_series_chart(rows: list[dict]) -> dict | None:
    """A contributor's series as one line per granularity; yearly averages of years flagged incomplete apart."""
    lines = {"month": ("Month-end count", COLOURS["month"], False),
             "year": ("Yearly average of monthly counts", COLOURS["year"], False),
             "flagged": ("Yearly average, year flagged incomplete", "#c9b27a", True),
             "rank": ("UN ranking", COLOURS["rank"], False)}

    def line(row: dict) -> str:
        if row["source"] == "un-country-year":
            return "flagged" if (row["note"] or "").startswith("INCOMPLETE") else "year"
        return "rank" if row["source"] == "un-ranking" else "month"

    datasets = []
    for key, (label, colour, points_only) in lines.items():
        data = [row["total"] if line(row) == key else None for row in rows]
        if any(value is not None for value in data):
            datasets.append({"label": label, "data": data, "color": colour, "pointsOnly": points_only})
    return chart([row["period"] for row in rows], datasets, kind="line", unit="personnel")


def state(session: Session, iso3: str) -> dict | None:
    """One member state's page, or None if no such member."""
    found = registry.get_state(session, iso3=iso3)
    if found is None:
        return None
    seats = session.execute(
        select(CouncilSeat.year, CouncilSeat.permanent).where(CouncilSeat.iso3 == found.iso3).order_by(CouncilSeat.year)
    ).all()
    series = contributions_service.series(session, found.iso3)
    peak = max(series, key=lambda row: row["total"] or 0, default=None)
    used = sorted({row["source"] for row in series})
    key_figures = [
        figure("council", "Years on the Security Council", len(seats),
               "permanent member" if any(permanent for _, permanent in seats) else
               (f"latest {seats[-1][0]}" if seats else "never a member")),
        figure("peak", "Largest contribution", peak["total"] if peak else None,
               f"at {peak['period']} ({peak['granularity']})" if peak else "no contributions recorded"),
    ]
    return {
        "state": _state_row(found), "key_figures": key_figures,
        "council_years": [year for year, _ in seats], "permanent": any(permanent for _, permanent in seats),
        "contributions_chart": contribution_series_chart(series),
        "contributions_source": "; ".join(_source_note(session, source) for source in used) or None,
        **dict(zip(("fatalities_chart", "fatalities_source"), fatalities_chart(session, iso3=found.iso3))),
        **missions_served(session, found.iso3),
    }


def missions_served(session: Session, iso3: str) -> dict:
    """The missions a contributor served in at the last month of the detailed (contributor x mission) records."""
    month = session.scalar(select(func.max(Contribution.month)).where(Contribution.iso3 == iso3))
    if month is None:
        return {"missions_served": [], "missions_served_month": None, "missions_served_source": None}
    rows = contributions_service.summary(
        session, "mission", contributions_service.Filters(country=iso3, month_from=month, month_to=month))
    return {"missions_served": [row for row in rows if row["total"]], "missions_served_month": month.isoformat(),
            "missions_served_source": _source_note(session, "ipi-gender")}


def contributions(session: Session) -> dict:
    """The contributions page: the world total over time and the latest ranking."""
    totals = contributions_service.year_end_totals(session)
    world = chart(
        [row.year for row in totals],
        [{"label": "Year-end world total", "data": [row.total for row in totals], "color": COLOURS["month"]}],
        unit="personnel",
    )
    count, ranked = contributions_service.ranking(session, limit=25)
    ranking_date = ranked[0].reported_on.isoformat() if ranked else None
    key_figures = [deployed(session)]
    if ranked:
        key_figures.append(figure("top", "Largest contributor", ranked[0].total, f"{ranked[0].contributor}, {ranking_date}"))
        key_figures.append(figure("contributors", "Contributors ranked", count, f"UN ranking of {ranking_date}"))
    return {
        "key_figures": key_figures, "world_chart": world,
        "world_source": _source_note(session, "owid-year-end") if totals else None,
        "ranking": ranked, "ranking_date": ranking_date,
        "ranking_source": _source_note(session, "un-ranking") if ranked else None,
    }


def incident_type_chart(session: Session, release: date) -> dict | None:
    """Fatalities by year and type of incident in one release, one line per type, malicious acts first and in red."""
    rows = session.execute(select(Fatality.year, Fatality.incident_type, func.count(Fatality.id))
                           .where(Fatality.release == release).group_by(Fatality.year, Fatality.incident_type)).all()
    if not rows:
        return None
    counts = {(year, kind): n for year, kind, n in rows}
    years = list(range(min(year for year, _, _ in rows), max(year for year, _, _ in rows) + 1))
    kinds = sorted({kind for _, kind, _ in rows}, key=lambda kind: (kind != MALICIOUS, kind))
    palette = ["#1b4f8a", "#d0a21c", "#4f9d69", "#7a5195", "#9aa7b6", "#ef8a62"]
    return chart([str(year) for year in years], [
        {"label": kind, "data": [counts.get((year, kind), 0) for year in years],
         "color": COLOURS["malicious"] if kind == MALICIOUS else palette[number % len(palette)]}
        for number, kind in enumerate(kinds)
    ], kind="line", unit="fatalities")


def safety(session: Session) -> dict:
    """The safety page: fatalities by year, by type of incident and by mission, in the newest release."""
    spec, source = fatalities_chart(session)
    release = latest_release(session)
    if release is None:
        return {"key_figures": [fatalities_figure(session)], "fatalities_chart": None, "fatalities_source": None,
                "by_type": [], "by_mission": [], "type_chart": None}
    every = safety_service.Filters(personnel="all")
    by_type = [{"key": row["incident_type"], "count": row["fatalities"]} for row in safety_service.summary(session, "incident-type", every)]
    malicious = {row["mission"]: row["fatalities"] for row in safety_service.summary(
        session, "mission", safety_service.Filters(personnel="all", incident_type=MALICIOUS))}
    by_mission = [{"key": row["mission"], "count": row["fatalities"], "malicious": malicious.get(row["mission"], 0)}
                  for row in safety_service.summary(session, "mission", every)[:20]]
    releases = safety_service.list_releases(session)
    key_figures = [
        fatalities_figure(session),
        figure("malicious", "Killed in malicious acts", sum(malicious.values()), "all personnel types, all years", alarm=True),
        figure("releases", "Releases stored", len(releases), ", ".join(row["release"].isoformat() for row in releases)),
    ]
    return {"key_figures": key_figures, "fatalities_chart": spec, "fatalities_source": source,
            "by_type": by_type, "by_mission": by_mission, "type_chart": incident_type_chart(session, release)}

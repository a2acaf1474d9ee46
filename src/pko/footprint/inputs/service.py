"""The record read into the footprint engine's inputs: a mission's area, places, incidents and sites."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pko.errors import NotFound, QueryError
from pko.footprint import demand as engine
from pko.footprint.reach import Sites
from pko.footprint.schemas import Assumptions
from pko.incidents.models import Incident
from pko.locations.models import PopulatedPlace
from pko.locations.service import answered_by, deployment_locations
from pko.missions.models import Mission

TOWN_CLASSES = ("city", "town")
MARGIN_DEG = 0.5  # how far beyond the area's populated places a site may lie


@dataclass
class Area:
    """A mission's area: the host country's populated places, their box, and the record's sources."""

    mission: Mission
    places: engine.Places
    box: tuple[float, float, float, float]
    sources: list[str]


def mission_row(session: Session, acronym: str) -> Mission:
    """The mission by acronym, or NotFound."""
    row = session.get(Mission, acronym.strip().upper())
    if row is None:
        raise NotFound(f"no mission '{acronym}' in the record")
    return row


def area(session: Session, acronym: str) -> Area:
    """The host country's OpenStreetMap places (a mission's area is its host country in this record)."""
    mission = mission_row(session, acronym)
    if not mission.country:
        raise QueryError(f"{mission.acronym} has no host country in the record: its area is unknown")
    p = PopulatedPlace
    rows = session.execute(select(p.latitude, p.longitude, p.kind, p.population).where(
        p.dataset == "osm", func.lower(p.country) == mission.country.lower())).all()
    if not rows:
        raise QueryError(f"no OpenStreetMap populated places of {mission.country} in the record: "
                         "import them first (pko import osm-places)")
    lat = np.array([r[0] for r in rows], float)
    lon = np.array([r[1] for r in rows], float)
    places = engine.Places(lat, lon, np.array([r[2] or "" for r in rows], object),
                           np.array([np.nan if r[3] is None else r[3] for r in rows], float),
                           f"OpenStreetMap places of {mission.country}")
    box = (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))
    return Area(mission, places, box, answered_by(session, ["osm-places"]))


def incidents(session: Session, mission: Mission, as_of: date) -> engine.Incidents:
    """The incident log's located incidents of the mission or its host country, up to the date."""
    i = Incident
    where = [i.mission == mission.acronym]
    if mission.country_iso3:
        where.append(i.country_iso3 == mission.country_iso3)
    rows = session.execute(select(i.latitude, i.longitude, i.incident_date, i.incident_type).where(
        or_(*where), i.latitude.is_not(None), i.longitude.is_not(None), i.incident_date <= as_of)).all()
    return engine.Incidents(np.array([r[0] for r in rows], float), np.array([r[1] for r in rows], float),
                            np.array([r[2] for r in rows], "datetime64[D]"), np.array([r[3] for r in rows], object),
                            "the incident log")


def actual_sites(session: Session, mission: Mission, year: int, source: str) -> Sites:
    """The mission's real sites in a year, one per location."""
    found = deployment_locations(session, source=source, mission=mission.acronym, year=year)
    if not found:
        raise QueryError(f"no {source} sites of {mission.acronym} in {year} in the record")
    return Sites([f.properties.location for f in found], [f.geometry.coordinates[1] for f in found],
                 [f.geometry.coordinates[0] for f in found], [f"{source} {year}"] * len(found))


def check_inside(sites: Sites, box: tuple[float, float, float, float]) -> None:
    """Refuse a site that lies outside the mission's area (its places' box widened by MARGIN_DEG)."""
    west, south, east, north = box
    for name, lat, lon in zip(sites.name, sites.latitude.tolist(), sites.longitude.tolist()):
        if not (west - MARGIN_DEG <= lon <= east + MARGIN_DEG and south - MARGIN_DEG <= lat <= north + MARGIN_DEG):
            raise QueryError(f"site '{name}' at ({lat:.4f}, {lon:.4f}) lies outside the mission's area "
                             f"(longitude {west:.2f}..{east:.2f}, latitude {south:.2f}..{north:.2f})")


def candidates(session: Session, area: Area, actual: Sites, assumptions: Assumptions) -> tuple[Sites, list[str]]:
    """Candidate sites: the real ones first, then every other site the mission ever held, towns, and the user's."""
    names, lat, lon, source = list(actual.name), actual.latitude.tolist(), actual.longitude.tolist(), list(actual.source)
    seen = {(round(a, 2), round(b, 2)) for a, b in zip(lat, lon)}
    notes = []

    def add(name: str, a: float, b: float, where: str) -> None:
        key = (round(a, 2), round(b, 2))
        if key not in seen:
            seen.add(key)
            names.append(name)
            lat.append(a)
            lon.append(b)
            source.append(where)

    for kind in ("geopko-v2", "radpko"):
        for f in deployment_locations(session, source=kind, mission=area.mission.acronym):
            add(f.properties.location, f.geometry.coordinates[1], f.geometry.coordinates[0], f"{kind} {f.properties.year}")
    if assumptions.town_candidates:
        p = PopulatedPlace
        for name, a, b, kind in session.execute(select(p.name, p.latitude, p.longitude, p.kind).where(
                p.dataset == "osm", func.lower(p.country) == area.mission.country.lower(), p.kind.in_(TOWN_CLASSES))
                .order_by(p.name, p.id)):
            add(name or "(unnamed)", a, b, f"OpenStreetMap {kind}")
    user = Sites([s.name for s in assumptions.sites], [s.latitude for s in assumptions.sites],
                 [s.longitude for s in assumptions.sites], ["added"] * len(assumptions.sites))
    check_inside(user, area.box)
    for name, a, b in zip(user.name, user.latitude.tolist(), user.longitude.tolist()):
        add(name, a, b, "added")
    outside = Sites(list(actual.name), actual.latitude, actual.longitude, list(actual.source))
    try:
        check_inside(outside, area.box)
    except QueryError as error:
        notes.append(f"a real site is outside the area: {error}")
    notes.append(f"{len(names)} candidate sites: {len(actual)} real, the rest from the mission's other years"
                 + (", towns and cities" if assumptions.town_candidates else "")
                 + (", sites added by the user" if assumptions.sites else ""))
    return Sites(names, np.array(lat), np.array(lon), source), notes

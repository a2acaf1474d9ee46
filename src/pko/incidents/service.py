"""Use cases over the incident log: record, edit against a version, list, count, find hotspots; each write audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
from shapely import STRtree
from shapely.geometry import Point, shape
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pko.audit import service as audit
from pko.db import check_version, flush_versioned
from pko.errors import Conflict, NotFound, QueryError
from pko.incidents.models import Incident
from pko.incidents.schemas import IncidentCount, IncidentCreate, IncidentFields, IncidentOut
from pko.incidents.vocabulary import incident_type
from pko.missions.service import known_acronym, refresh_seen
from pko.safety import hotspots as engine

SAME_PLACE = 0.02  # degrees (lat + lon), about 2 km: listings of one place closer than this are one place


@dataclass
class Filters:
    """Which incidents to read."""

    mission: str | None = None
    incident_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    country_iso3: str | None = None
    source: str | None = None


def mission_of(session: Session, label: str) -> str:
    """The canonical acronym of a mission label; an unknown mission is a QueryError."""
    acronym = known_acronym(session, label.strip())
    if acronym is None:
        raise QueryError(f"'{label}' is not a known mission")
    return acronym


def _conditions(session: Session, where: Filters) -> list:
    conditions = []
    if where.mission:
        conditions.append(Incident.mission == mission_of(session, where.mission))
    if where.incident_type:
        try:
            conditions.append(Incident.incident_type == incident_type(where.incident_type))
        except ValueError as error:
            raise QueryError(str(error)) from None
    if where.date_from and where.date_to and where.date_from > where.date_to:
        raise QueryError(f"from {where.date_from.isoformat()} comes after to {where.date_to.isoformat()}")
    if where.date_from:
        conditions.append(Incident.incident_date >= where.date_from)
    if where.date_to:
        conditions.append(Incident.incident_date <= where.date_to)
    if where.country_iso3:
        conditions.append(Incident.country_iso3 == where.country_iso3.strip().upper())
    if where.source:
        conditions.append(func.lower(Incident.source) == where.source.strip().lower())
    return conditions


def count_incidents(session: Session, *, where: Filters) -> int:
    """How many incidents match."""
    return session.scalar(select(func.count(Incident.id)).where(*_conditions(session, where)))


def list_incidents(session: Session, *, where: Filters, limit: int | None = None, offset: int = 0) -> list[IncidentOut]:
    """Incidents, newest first."""
    query = (select(Incident).where(*_conditions(session, where))
             .order_by(Incident.incident_date.desc(), Incident.id.desc()).limit(limit).offset(offset))
    return [IncidentOut.model_validate(incident) for incident in session.scalars(query)]


def get_incident(session: Session, *, incident_id: int) -> IncidentOut | None:
    """One incident."""
    incident = session.get(Incident, incident_id)
    return IncidentOut.model_validate(incident) if incident else None


def _snapshot(incident: Incident) -> dict:
    return IncidentOut.model_validate(incident).model_dump(mode="json")


def check_fatalities(session: Session, casualty_ids: list[str], mission: str | None, day: date) -> None:
    """Refuse links to fatality records that do not exist, or that belong to another mission or date."""
    if not casualty_ids:
        return
    from pko.safety.models import Fatality

    found: dict = {}
    for row in session.execute(select(Fatality.casualty_id, Fatality.mission, Fatality.incident_date)
                               .where(Fatality.casualty_id.in_(casualty_ids)).order_by(Fatality.release.desc())):
        found.setdefault(row.casualty_id, row)  # as the newest release records it
    for casualty_id in casualty_ids:
        row = found.get(casualty_id)
        if row is None:
            raise QueryError(f"no fatality record has casualty id '{casualty_id}'")
        if mission and row.mission != mission:
            raise QueryError(f"fatality '{casualty_id}' was in {row.mission}, not {mission}")
        if row.incident_date != day:
            raise QueryError(f"fatality '{casualty_id}' is dated {row.incident_date.isoformat()}, "
                             f"not {day.isoformat()}")


def place_point(session: Session, name: str, admin1: str | None = None) -> tuple[float, float, str | None, str | None] | None:
    """Latitude, longitude, admin 1 and admin 2 of a populated place of Mali named exactly so (OCHA COD
    settlements first, then OpenStreetMap); None when no place, or several different ones, bear the name."""
    from pko.locations.models import PopulatedPlace

    named = select(PopulatedPlace).where(func.lower(PopulatedPlace.country) == "mali",
                                         func.lower(PopulatedPlace.name) == name.strip().lower())
    cod = named.where(PopulatedPlace.dataset == "ocha-cod")
    tries = [cod.where(func.lower(PopulatedPlace.admin1_name) == admin1.strip().lower())] if admin1 else []
    for query in (*tries, cod, named.where(PopulatedPlace.dataset == "osm")):
        found = session.scalars(query.order_by(PopulatedPlace.population.desc().nulls_last(), PopulatedPlace.id).limit(20)).all()
        if not found:
            continue
        # The same settlement is often listed twice a few metres apart; places further apart are different ones.
        if max(abs(p.latitude - found[0].latitude) + abs(p.longitude - found[0].longitude) for p in found) > SAME_PLACE:
            return None
        place = found[0]
        return place.latitude, place.longitude, place.admin1_name, place.admin2_name
    return None


class MaliAreas:
    """Mali's regions and cercles as stored (OCHA COD-AB), to tell which ones hold a point."""

    def __init__(self, session: Session):
        from pko.locations.models import AdminArea

        regions = dict(session.execute(select(AdminArea.pcode, AdminArea.name).where(AdminArea.level == 1)).all())
        cercles = session.scalars(select(AdminArea).where(AdminArea.level == 2).order_by(AdminArea.pcode)).all()
        self.names = [(regions.get(cercle.parent_pcode), cercle.name) for cercle in cercles]
        self.tree = STRtree([shape(json.loads(cercle.geometry)) for cercle in cercles]) if cercles else None

    def at(self, latitude: float, longitude: float) -> tuple[str | None, str] | None:
        """Region and cercle holding a point, or None outside Mali (or when no boundaries are stored)."""
        if self.tree is None:
            return None
        hits = self.tree.query(Point(longitude, latitude), predicate="intersects")
        return self.names[int(min(hits))] if len(hits) else None


def fill_admin(areas: MaliAreas, row: dict) -> bool:
    """Set a located row's missing admin 1 and 2 from the Mali boundaries that hold its point; True if set."""
    if row["latitude"] is None or (row["admin1"] and row["admin2"]) or row.get("country_iso3") not in (None, "MLI"):
        return False
    found = areas.at(row["latitude"], row["longitude"])
    if found is None:
        return False
    row.update(admin1=row["admin1"] or found[0], admin2=row["admin2"] or found[1], country_iso3="MLI")
    return True


def _fill_place(session: Session, incident: Incident) -> None:
    """A place named without coordinates gets those of the populated place of that name (Mali only)."""
    if incident.latitude is None and incident.location and incident.country_iso3 in (None, "MLI"):
        found = place_point(session, incident.location, incident.admin1)
        if found:
            incident.latitude, incident.longitude = found[0], found[1]
            incident.admin1 = incident.admin1 or found[2]
            incident.admin2 = incident.admin2 or found[3]
            incident.country_iso3 = "MLI"
            incident.location_precision = incident.location_precision or 1
    if incident.latitude is not None and not (incident.admin1 and incident.admin2):
        row = {name: getattr(incident, name) for name in ("latitude", "longitude", "admin1", "admin2", "country_iso3")}
        if fill_admin(MaliAreas(session), row):
            incident.admin1, incident.admin2, incident.country_iso3 = row["admin1"], row["admin2"], row["country_iso3"]


def _check(session: Session, incident: Incident) -> None:
    if incident.mission:
        incident.mission = mission_of(session, incident.mission)
    if (incident.latitude is None) != (incident.longitude is None):
        raise QueryError("latitude and longitude go together: give both or neither")
    check_fatalities(session, incident.fatality_casualty_ids, incident.mission, incident.incident_date)
    if incident.source_event_id is not None:
        other = session.scalar(select(Incident.id).where(
            Incident.source == incident.source, Incident.source_event_id == incident.source_event_id,
            Incident.id != (incident.id or 0)))
        if other is not None:
            raise QueryError(f"incident {other} already records event '{incident.source_event_id}' of {incident.source}")


def create_incident(session: Session, *, data: IncidentCreate, actor: str) -> IncidentOut:
    """Record a new incident."""
    values = data.model_dump()
    values["units"] = values["units"] or []
    values["fatality_casualty_ids"] = values["fatality_casualty_ids"] or []
    incident = Incident(**values)
    _check(session, incident)
    _fill_place(session, incident)
    session.add(incident)
    try:
        session.flush()
    except IntegrityError:  # the same source event recorded meanwhile by another request
        raise Conflict(f"event '{incident.source_event_id}' of {incident.source} was recorded meanwhile") from None
    audit.record(session, actor=actor, action="create", record_type="incident", record_id=incident.id,
                 after=_snapshot(incident))
    if incident.mission:
        refresh_seen(session)  # the mission's first and last month now count this incident
    return IncidentOut.model_validate(incident)


def update_incident(session: Session, *, incident_id: int, expected_version: int, fields: IncidentFields,
                    actor: str) -> IncidentOut:
    """Edit an incident that is still at the version the editor saw."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    check_version(f"incident {incident_id}", incident.version, expected_version)
    before = _snapshot(incident)
    for name, value in fields.model_dump(exclude_unset=True).items():
        if value is None and name in ("incident_type", "incident_date", "source", "confidence"):
            raise QueryError(f"{name} cannot be emptied")
        setattr(incident, name, [] if value is None and name in ("units", "fatality_casualty_ids") else value)
    with session.no_autoflush:
        _check(session, incident)
    flush_versioned(session, f"incident {incident_id}")
    after = _snapshot(incident)
    audit.record(session, actor=actor, action="update", record_type="incident", record_id=incident.id,
                 before=before, after=after)
    if (before["mission"], before["incident_date"]) != (after["mission"], after["incident_date"]):
        refresh_seen(session)
    return IncidentOut.model_validate(incident)


def counts(session: Session, *, where: Filters) -> list[IncidentCount]:
    """Incidents, killed and injured by mission x year x type."""
    year = func.extract("year", Incident.incident_date)
    query = (select(Incident.mission, year, Incident.incident_type, func.count(Incident.id),
                    func.coalesce(func.sum(Incident.killed), 0), func.coalesce(func.sum(Incident.injured), 0))
             .where(*_conditions(session, where)).group_by(Incident.mission, year, Incident.incident_type)
             .order_by(Incident.mission, year, Incident.incident_type))
    return [IncidentCount(mission=m, year=int(y), incident_type=t, incidents=n, killed=int(k), injured=int(i))
            for m, y, t, n, k, i in session.execute(query)]


@dataclass
class StoredHotspots:
    """Hotspots of the stored incidents, and how many matching incidents had no coordinates."""

    found: engine.Hotspots
    without_coordinates: int


def hotspots(session: Session, *, where: Filters, resolution: int = 6, rings: int = engine.RINGS,
             alpha: float = engine.ALPHA) -> StoredHotspots:
    """Getis-Ord Gi* hot and cold spots of the stored incidents that match, with trends per cell."""
    conditions = _conditions(session, where)
    rows = session.execute(select(Incident.latitude, Incident.longitude, Incident.incident_date)
                           .where(*conditions, Incident.latitude.is_not(None))).all()
    missing = session.scalar(select(func.count(Incident.id)).where(*conditions, Incident.latitude.is_(None)))
    if not rows:
        raise QueryError("no incident with coordinates matches")
    lat = np.array([row[0] for row in rows], float)
    lon = np.array([row[1] for row in rows], float)
    years = np.array([row[2].year for row in rows])
    try:
        found = engine.hotspots(lat, lon, resolution, years=years, rings=rings, alpha=alpha)
    except ValueError as error:
        raise QueryError(str(error)) from None
    return StoredHotspots(found, int(missing))


def hotspots_geojson(stored: StoredHotspots) -> dict:
    """The hotspot hexagons as GeoJSON, saying how many incidents lacked coordinates."""
    document = engine.geojson(stored.found)
    document["properties"]["without_coordinates"] = stored.without_coordinates
    return document


def incidents_geojson(incidents: list[IncidentOut]) -> dict:
    """Incidents with coordinates as GeoJSON points."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
         "properties": {"id": i.id, "incident_type": i.incident_type, "incident_date": i.incident_date.isoformat(),
                        "mission": i.mission, "location": i.location, "killed": i.killed, "injured": i.injured,
                        "source": i.source}}
        for i in incidents if i.latitude is not None]}

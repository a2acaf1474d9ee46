"""Use cases over locations: deployment sites by year, admin areas, populated places, quick-impact projects."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import shapely
from shapely.geometry import mapping, shape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from pko.locations.models import (
    AdminArea, GeoPKOV1Contingent, GeoPKOV1Deployment, GeoPKOV2Contingent, GeoPKOV2Contributors, GeoPKOV2Location,
    PopulatedPlace, QuickImpactProject, RadpkoBaseYear, RadpkoContingent,
)
from pko.locations.schemas import (
    AdminAreaCollection, AdminAreaFeature, AdminAreaProperties, Contributor, LocationFeature, LocationProperties,
    PlaceOut, PointGeometry, QipOut,
)
from pko.sources.models import ImportRun

# The deployment sources a caller can choose, and the import sources (readers) behind each.
DEPLOYMENT_SOURCES = {
    "geopko-v2": ("geopko-v2-front", "geopko-v2-tcc"),
    "geopko-v1": ("geopko-v1",),
    "radpko": ("radpko",),
}
BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def answered_by(session: Session, sources: Sequence[str]) -> list[str]:
    """The current import runs of these sources, as 'source: file (run N)'."""
    runs = session.scalars(
        select(ImportRun).where(ImportRun.source.in_(sources), ImportRun.current.is_(True)).order_by(ImportRun.id)
    )
    return [f"{run.source}: {run.file_name} (run {run.id})" for run in runs]


def _where(model, mission: str | None, year: int | None, bbox: BBox | None) -> list:
    conditions = [model.latitude.is_not(None)]
    if mission:
        conditions.append(model.mission == mission)
    if year is not None:
        conditions.append(model.year == year)
    if bbox:
        conditions += [model.longitude.between(bbox[0], bbox[2]), model.latitude.between(bbox[1], bbox[3])]
    return conditions


def _feature(source: str, key: tuple, troops, basis: str, contributors: list[Contributor], **extra) -> LocationFeature:
    mission, year, location, latitude, longitude = key
    return LocationFeature(
        geometry=PointGeometry(coordinates=(longitude, latitude)),
        properties=LocationProperties(mission=mission, year=year, location=location, troops=troops, troops_basis=basis,
                                      contributors=contributors, source=source, **extra),
    )


def _geopko_v2(session: Session, mission: str | None, year: int | None, bbox: BBox | None) -> list[LocationFeature]:
    """One feature per (mission, year, location): FrontMap's yearly mean troops and TCCMap's contributors."""
    key = (GeoPKOV2Location.mission, GeoPKOV2Location.year, GeoPKOV2Location.location,
           GeoPKOV2Location.latitude, GeoPKOV2Location.longitude)
    rows = session.execute(
        select(*key, func.max(GeoPKOV2Location.average_troops), func.max(GeoPKOV2Location.headquarters))
        .where(*_where(GeoPKOV2Location, mission, year, bbox)).group_by(*key)
    ).all()
    contributors: dict[tuple, list[Contributor]] = {}
    c = GeoPKOV2Contributors
    listed = session.execute(
        select(c.mission, c.year, c.location, c.latitude, c.longitude, GeoPKOV2Contingent.name,
               GeoPKOV2Contingent.iso3, GeoPKOV2Contingent.troops)
        .join(GeoPKOV2Contingent, and_(GeoPKOV2Contingent.import_run_id == c.import_run_id,
                                       GeoPKOV2Contingent.source_row == c.source_row))
        .where(*_where(c, mission, year, bbox)).order_by(c.source_row, GeoPKOV2Contingent.position)
    ).all()
    for *place, name, iso3, troops in listed:
        contributors.setdefault(tuple(place), []).append(Contributor(name=name, iso3=iso3, troops=troops))
    return [
        _feature("geopko-v2", tuple(place), troops, "mean of the year's maps (Geo-PKO v2.3 ave.no.troops)",
                 contributors.get(tuple(place), []), headquarters=hq)
        for *place, troops, hq in rows
    ]


def _geopko_v1(session: Session, mission: str | None, year: int | None, bbox: BBox | None) -> list[LocationFeature]:
    """One feature per location on each mission's last map of the year, with its contributors."""
    d = GeoPKOV1Deployment
    last = (select(d.mission, d.year, func.max(d.month).label("month"))
            .where(*_where(d, mission, year, None)).group_by(d.mission, d.year).subquery())
    on_last = and_(d.mission == last.c.mission, d.year == last.c.year, d.month == last.c.month)
    rows = session.execute(
        select(d.import_run_id, d.source_row, d.mission, d.year, d.location, d.latitude, d.longitude, d.troops,
               d.month, d.headquarters).join(last, on_last).where(*_where(d, mission, year, bbox))
        .order_by(d.source_row)
    ).all()
    contributors: dict[tuple, list[Contributor]] = {}
    listed = session.execute(
        select(d.import_run_id, d.source_row, GeoPKOV1Contingent.name, GeoPKOV1Contingent.iso3, GeoPKOV1Contingent.troops)
        .join(last, on_last)
        .join(GeoPKOV1Contingent, and_(GeoPKOV1Contingent.import_run_id == d.import_run_id,
                                       GeoPKOV1Contingent.source_row == d.source_row))
        .where(*_where(d, mission, year, bbox)).order_by(d.source_row, GeoPKOV1Contingent.position)
    ).all()
    for run, row, name, iso3, troops in listed:
        contributors.setdefault((run, row), []).append(Contributor(name=name, iso3=iso3, troops=troops))
    merged: dict[tuple, LocationFeature] = {}
    for run, row, *place, troops, month, hq in rows:
        place = tuple(place)
        if place in merged:  # a location listed twice on one map: its troops and contributors add up
            props = merged[place].properties
            props.troops = None if props.troops is None or troops is None else props.troops + troops
            props.contributors += contributors.get((run, row), [])
            continue
        merged[place] = _feature("geopko-v1", place, troops, "the mission's last map of the year (Geo-PKO v1 No.troops)",
                                 contributors.get((run, row), []), as_of=month, headquarters=hq)
    return list(merged.values())


def _radpko(session: Session, mission: str | None, year: int | None, bbox: BBox | None) -> list[LocationFeature]:
    """One feature per base-year: the yearly mean of monthly troops, and each contributor's."""
    b = RadpkoBaseYear
    rows = session.execute(
        select(b.import_run_id, b.source_row, b.mission, b.year, b.base, b.latitude, b.longitude, b.troops)
        .where(*_where(b, mission, year, bbox)).order_by(b.source_row)
    ).all()
    contributors: dict[tuple, list[Contributor]] = {}
    listed = session.execute(
        select(b.import_run_id, b.source_row, RadpkoContingent.name, RadpkoContingent.iso3, RadpkoContingent.troops)
        .join(RadpkoContingent, and_(RadpkoContingent.import_run_id == b.import_run_id,
                                     RadpkoContingent.source_row == b.source_row))
        .where(*_where(b, mission, year, bbox), RadpkoContingent.troops > 0).order_by(b.source_row, RadpkoContingent.name)
    ).all()
    for run, row, name, iso3, troops in listed:
        contributors.setdefault((run, row), []).append(Contributor(name=name, iso3=iso3, troops=troops))
    return [
        _feature("radpko", (mission_, year_, base, lat, lon), troops, "yearly mean of monthly troops (RADPKO untrp)",
                 contributors.get((run, row), []))
        for run, row, mission_, year_, base, lat, lon, troops in rows
    ]


READERS = {"geopko-v2": _geopko_v2, "geopko-v1": _geopko_v1, "radpko": _radpko}


def deployment_locations(session: Session, *, source: str = "geopko-v2", mission: str | None = None,
                         year: int | None = None, bbox: BBox | None = None) -> list[LocationFeature]:
    """Deployment locations of one source, one feature per (mission, year, location), ordered."""
    features = READERS[source](session, mission, year, bbox)
    return sorted(features, key=lambda f: (f.properties.mission, f.properties.year, f.properties.location))


def admin_areas(session: Session, *, level: int = 1, parent: str | None = None, tolerance: float = 0.0) -> AdminAreaCollection:
    """Administrative areas of one level as GeoJSON, simplified by `tolerance` degrees when above zero."""
    query = select(AdminArea).where(AdminArea.level == level).order_by(AdminArea.pcode)
    if parent:
        query = query.where(AdminArea.parent_pcode == parent)
    features = []
    for area in session.scalars(query):
        geometry = json.loads(area.geometry)
        if tolerance > 0:
            geometry = mapping(shapely.simplify(shape(geometry), tolerance, preserve_topology=True))
        features.append(AdminAreaFeature(geometry=geometry, properties=AdminAreaProperties(
            pcode=area.pcode, name=area.name, level=area.level, parent_pcode=area.parent_pcode, valid_on=area.valid_on)))
    return AdminAreaCollection(sources=answered_by(session, ["mali-admin"]), features=features)


def _places_query(q: str | None, dataset: str | None, country: str | None, bbox: BBox | None):
    query = select(PopulatedPlace)
    if q:
        needle = q.strip().lower()
        query = query.where(or_(func.lower(PopulatedPlace.name).contains(needle, autoescape=True),
                                func.lower(PopulatedPlace.name_en).contains(needle, autoescape=True)))
    if dataset:
        query = query.where(PopulatedPlace.dataset == dataset)
    if country:
        query = query.where(func.lower(PopulatedPlace.country) == country.strip().lower())
    if bbox:
        query = query.where(PopulatedPlace.longitude.between(bbox[0], bbox[2]),
                            PopulatedPlace.latitude.between(bbox[1], bbox[3]))
    return query


def places(session: Session, *, q: str | None = None, dataset: str | None = None, country: str | None = None,
           bbox: BBox | None = None, limit: int | None = 100, offset: int = 0) -> tuple[int, list[PlaceOut]]:
    """Populated places whose name (or English name) contains `q`, largest known population first."""
    query = _places_query(q, dataset, country, bbox)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    ordered = query.order_by(PopulatedPlace.population.is_(None), PopulatedPlace.population.desc(),
                             PopulatedPlace.name, PopulatedPlace.id).limit(limit).offset(offset)
    return total, [PlaceOut.model_validate(place) for place in session.scalars(ordered)]


def quick_impact_projects(session: Session, *, year: int | None = None, category: str | None = None,
                          limit: int | None = 100, offset: int = 0) -> tuple[int, list[QipOut]]:
    """MINUSMA quick-impact projects, by start date; `year` is the year the project started."""
    query = select(QuickImpactProject)
    if year is not None:
        query = query.where(QuickImpactProject.start_date.between(date(year, 1, 1), date(year, 12, 31)))
    if category:
        query = query.where(QuickImpactProject.category == category)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    ordered = query.order_by(QuickImpactProject.start_date, QuickImpactProject.ref).limit(limit).offset(offset)
    return total, [QipOut.model_validate(project) for project in session.scalars(ordered)]

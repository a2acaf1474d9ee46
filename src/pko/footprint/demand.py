"""Demand on an H3 grid: each cell weighted by the people there and the recent threat to them (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import h3.api.basic_int as h3
import numpy as np

from pko.safety.hotspots import cells_of

DEFAULT_RESOLUTION = 7
# People assumed at an OSM place without a population tag, by its place class (stated, configurable).
PLACE_CLASS_PEOPLE = {"city": 50_000, "town": 10_000, "village": 1_000, "suburb": 1_000, "quarter": 500,
                      "neighbourhood": 500, "hamlet": 100, "isolated_dwelling": 10, "locality": 0}


@dataclass(frozen=True)
class Places:
    """Populated places: position, OSM place class and population where tagged (NaN where not)."""

    latitude: np.ndarray
    longitude: np.ndarray
    kind: np.ndarray
    population: np.ndarray
    source: str = "populated places"


@dataclass(frozen=True)
class Incidents:
    """Incidents: position, date and type."""

    latitude: np.ndarray
    longitude: np.ndarray
    when: np.ndarray  # datetime64[D]
    kind: np.ndarray
    source: str = "incident log"


@dataclass(frozen=True)
class Mix:
    """The user's mix: a cell's weight = people x its share of the area's people + threat x its share of the
    threat, in percent of the area's demand."""

    people: float = 0.5
    threat: float = 0.5
    half_life_days: float = 180.0
    incident_types: tuple[str, ...] = ()
    place_class_people: dict[str, float] = field(default_factory=lambda: dict(PLACE_CLASS_PEOPLE))

    def __post_init__(self) -> None:
        if self.people < 0 or self.threat < 0 or self.people + self.threat <= 0:
            raise ValueError("the mix needs non-negative people and threat shares, not both zero")
        if self.half_life_days <= 0:
            raise ValueError("the half-life of incidents must be positive")


@dataclass
class Demand:
    """Weighted H3 cells: `weight` sums to 100 (percent of the area's demand); every weight's source in `sources`."""

    cells: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    people: np.ndarray
    threat: np.ndarray
    weight: np.ndarray
    resolution: int
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    counted: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))  # latitude, longitude of incidents counted

    def __len__(self) -> int:
        return len(self.cells)


def place_people(places: Places, mix: Mix) -> tuple[np.ndarray, list[str]]:
    """People at each place of a counted class: its population tag, else the stated weight of its class.

    Places of other classes (a 'country' or 'county' node tagged with its whole population) count for nothing."""
    kind = np.asarray(places.kind).astype(str)
    counted = np.isin(kind, list(mix.place_class_people))
    population = np.asarray(places.population, float)
    tagged = counted & np.isfinite(population) & (population > 0)
    by_class = np.array([mix.place_class_people.get(k, 0.0) for k in kind.tolist()], float)
    people = np.where(tagged, population, np.where(counted, by_class, 0.0))
    kinds, counts = np.unique(kind[counted & ~tagged], return_counts=True)
    lines = [f"{int(tagged.sum())} places with a population tag ({places.source}): their tagged population"]
    lines += [f"{count} untagged '{k}' places: {mix.place_class_people[k]:g} people each (place-class weight)"
              for k, count in zip(kinds.tolist(), counts.tolist())]
    if (~counted).any():
        lines.append(f"{int((~counted).sum())} places of other classes left out")
    return people, lines


def incident_threat(incidents: Incidents, as_of: date, mix: Mix) -> tuple[np.ndarray, list[str]]:
    """Each incident's threat weight: 0.5 ^ (age / half-life), zero after `as_of` or outside the chosen types."""
    age = (np.datetime64(as_of, "D") - np.asarray(incidents.when, "datetime64[D]")).astype(float)
    weight = np.where(age >= 0, 0.5 ** (np.maximum(age, 0) / mix.half_life_days), 0.0)
    if mix.incident_types:
        weight = np.where(np.isin(np.asarray(incidents.kind, str), list(mix.incident_types)), weight, 0.0)
    kept = int((weight > 0).sum())
    types = ", ".join(mix.incident_types) if mix.incident_types else "all types"
    return weight, [f"{kept} incidents up to {as_of.isoformat()} ({incidents.source}, {types}), "
                    f"each weighing 0.5^(age / {mix.half_life_days:g} days)"]


def area_cells(latitude: np.ndarray, longitude: np.ndarray, resolution: int) -> np.ndarray:
    """The H3 cells holding these points, sorted and unique."""
    return np.unique(cells_of(latitude, longitude, resolution))


def build(places: Places, incidents: Incidents | None, as_of: date, mix: Mix | None = None,
          resolution: int = DEFAULT_RESOLUTION, people_by_cell: dict[int, float] | None = None) -> Demand:
    """Demand cells: those holding people or threat; `people_by_cell` (e.g. from a raster) replaces the places."""
    mix = mix or Mix()
    if not 0 <= resolution <= 15:
        raise ValueError(f"H3 resolution {resolution} is not within 0..15")
    sources: list[str] = []
    if people_by_cell is not None:
        people_cells = np.fromiter(people_by_cell.keys(), np.uint64, len(people_by_cell))
        people_values = np.fromiter(people_by_cell.values(), float, len(people_by_cell))
        sources.append(f"people: {len(people_by_cell)} raster cells, summed per H3 cell")
    else:
        people_values, lines = place_people(places, mix)
        people_cells = cells_of(places.latitude, places.longitude, resolution)
        sources += [f"people: {line}" for line in lines]
    threat_cells, threat_values = np.empty(0, np.uint64), np.empty(0)
    counted = (np.empty(0), np.empty(0))
    if incidents is not None and len(incidents.latitude):
        threat_values, lines = incident_threat(incidents, as_of, mix)
        threat_cells = cells_of(incidents.latitude, incidents.longitude, resolution)
        counted = (np.asarray(incidents.latitude)[threat_values > 0], np.asarray(incidents.longitude)[threat_values > 0])
        sources += [f"threat: {line}" for line in lines]
    else:
        sources.append("threat: no incident in the record for this area; threat weighs nothing")
    cells = np.unique(np.concatenate([people_cells[people_values > 0], threat_cells[threat_values > 0]]))
    people = np.zeros(len(cells))
    np.add.at(people, np.searchsorted(cells, people_cells[people_values > 0]), people_values[people_values > 0])
    threat = np.zeros(len(cells))
    np.add.at(threat, np.searchsorted(cells, threat_cells[threat_values > 0]), threat_values[threat_values > 0])
    notes = []
    share_people, share_threat = mix.people, mix.threat
    if threat.sum() == 0 and share_threat > 0:
        notes.append(f"no threat in the area: the threat share ({share_threat:g}) goes to people")
        share_people, share_threat = share_people + share_threat, 0.0
    if people.sum() == 0 and share_people > 0:
        notes.append(f"no people in the area: the people share ({share_people:g}) goes to threat")
        share_people, share_threat = 0.0, share_people + share_threat
    total = share_people + share_threat
    weight = np.zeros(len(cells))
    if people.sum() > 0:
        weight += 100 * share_people / total * people / people.sum()
    if threat.sum() > 0:
        weight += 100 * share_threat / total * threat / threat.sum()
    sources.append(f"weight: {100 * share_people / total:g}% people share + {100 * share_threat / total:g}% threat share, "
                   f"H3 resolution {resolution}")
    latlng = [h3.cell_to_latlng(int(cell)) for cell in cells.tolist()]
    lat = np.array([p[0] for p in latlng]) if latlng else np.empty(0)
    lon = np.array([p[1] for p in latlng]) if latlng else np.empty(0)
    return Demand(cells, lat, lon, people, threat, weight, resolution, sources, notes, counted)

"""Travel minutes from candidate sites to demand cells: straight line x detour, a road network, or helicopter (pure)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from pko.memo import Kept
from pko.safety.routes import Network

EARTH_RADIUS_KM = 6371.0088
CHUNK = 256  # sites per block of the straight-line matrix
road_times: Kept[np.ndarray] = Kept(4)  # node minutes per (network, site set, speeds), reused by later plans


@dataclass
class Sites:
    """Candidate sites: name, position, and where each came from."""

    name: list[str]
    latitude: np.ndarray
    longitude: np.ndarray
    source: list[str]

    def __post_init__(self) -> None:
        self.latitude = np.asarray(self.latitude, float)
        self.longitude = np.asarray(self.longitude, float)
        for i, (lat, lon) in enumerate(zip(self.latitude.tolist(), self.longitude.tolist())):
            if not (np.isfinite(lat) and np.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"site {i} ({self.name[i]}): position ({lat}, {lon}) is not a latitude/longitude")

    def __len__(self) -> int:
        return len(self.name)


@dataclass
class Reach:
    """Minutes from each site (row) to each cell (column), inf where the site cannot reach the cell."""

    minutes: np.ndarray
    assumptions: list[str]
    notes: list[str] = field(default_factory=list)

    def covers(self, limit_minutes: float) -> sparse.csc_matrix:
        """Cell x site incidence: 1 where the site reaches the cell within the limit (inclusive)."""
        return sparse.csc_matrix(self.minutes.T <= limit_minutes, dtype=np.int8)

    def faster(self, other: Reach) -> Reach:
        """The quicker of two means of reaching each cell."""
        return Reach(np.minimum(self.minutes, other.minutes), self.assumptions + other.assumptions, self.notes + other.notes)


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle kilometres between each point of set 1 (rows) and each of set 2 (columns)."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dphi = p2 - p1
    dlmb = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _straight(sites: Sites, cell_lat: np.ndarray, cell_lon: np.ndarray, minutes_per_km: float,
              launch: float = 0.0, range_km: float = np.inf) -> np.ndarray:
    out = np.empty((len(sites), len(cell_lat)), np.float32)
    for start in range(0, len(sites), CHUNK):
        block = haversine_km(sites.latitude[start:start + CHUNK], sites.longitude[start:start + CHUNK], cell_lat, cell_lon)
        out[start:start + CHUNK] = np.where(block <= range_km, launch + block * minutes_per_km, np.inf)
    return out


def straight_line(sites: Sites, cell_lat: np.ndarray, cell_lon: np.ndarray, *, speed_kmh: float = 40.0,
                  detour: float = 1.4) -> Reach:
    """Great-circle distance x detour factor at a stated ground speed."""
    if speed_kmh <= 0 or detour < 1:
        raise ValueError("ground speed must be positive and the detour factor at least 1")
    minutes = _straight(sites, np.asarray(cell_lat, float), np.asarray(cell_lon, float), 60.0 * detour / speed_kmh)
    return Reach(minutes, [f"by ground: great-circle distance x {detour:g} detour at {speed_kmh:g} km/h"])


def by_air(sites: Sites, cell_lat: np.ndarray, cell_lon: np.ndarray, *, speed_kmh: float = 200.0,
           range_km: float = 250.0, launch_minutes: float = 30.0) -> Reach:
    """Helicopter: straight line at cruise speed after the launch time, nothing beyond the radius of action."""
    if speed_kmh <= 0 or range_km <= 0 or launch_minutes < 0:
        raise ValueError("helicopter speed and radius must be positive and the launch time not negative")
    minutes = _straight(sites, np.asarray(cell_lat, float), np.asarray(cell_lon, float), 60.0 / speed_kmh,
                        launch_minutes, range_km)
    return Reach(minutes, [f"by helicopter: {launch_minutes:g} min to launch, then {speed_kmh:g} km/h "
                           f"within a {range_km:g} km radius of action"])


def _key(network: Network, sites: Sites, *values: float) -> str:
    digest = hashlib.sha256()
    for array in (network.lon, network.lat, network.edge_from, network.edge_to, sites.latitude, sites.longitude):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(repr(values).encode())
    return digest.hexdigest()


def by_road(network: Network, sites: Sites, cell_lat: np.ndarray, cell_lon: np.ndarray, *, speed_kmh: float = 40.0,
            off_road_kmh: float = 10.0, snap_km: float = 10.0) -> Reach:
    """Along the road network at a stated speed, plus off-road legs from the site and to the cell at another.

    A site or cell farther than `snap_km` from any road is unreached (stated in the notes); node times are
    computed once per (network, site set, speeds) and reused."""
    if speed_kmh <= 0 or off_road_kmh <= 0 or snap_km < 0:
        raise ValueError("road and off-road speeds must be positive and the snapping distance not negative")
    sx, sy = network.project.transform(sites.longitude, sites.latitude)
    site_gap, site_node = network.nearest(np.asarray(sx), np.asarray(sy))
    cx, cy = network.project.transform(np.asarray(cell_lon, float), np.asarray(cell_lat, float))
    cell_gap, cell_node = network.nearest(np.asarray(cx), np.asarray(cy))

    def compute() -> np.ndarray:
        graph = network.matrix(network.length / 1000.0 * 60.0 / speed_kmh)
        return dijkstra(graph, directed=True, indices=site_node).astype(np.float32)

    node_minutes = road_times.get(_key(network, sites, speed_kmh), compute)
    off = 60.0 / off_road_kmh / 1000.0
    minutes = (node_minutes[:, cell_node] + (site_gap * off)[:, None] + (cell_gap * off)[None, :]).astype(np.float32)
    far_site, far_cell = site_gap > snap_km * 1000, cell_gap > snap_km * 1000
    minutes[far_site, :] = np.inf
    minutes[:, far_cell] = np.inf
    notes = [f"site {sites.name[i]} is {site_gap[i] / 1000:.1f} km from the nearest road: it reaches nothing by road"
             for i in np.flatnonzero(far_site)]
    cut = ~np.isfinite(node_minutes[:, cell_node]).any(axis=0) & ~far_cell
    if far_cell.any():
        notes.append(f"{int(far_cell.sum())} cells are more than {snap_km:g} km from any road: unreached by road")
    if cut.any():
        notes.append(f"{int(cut.sum())} cells lie on parts of the network no site connects to: unreached by road")
    return Reach(minutes, [f"by road: {speed_kmh:g} km/h on every road, {off_road_kmh:g} km/h off-road to and from "
                           f"the nearest node, at most {snap_km:g} km off-road"], notes)

"""Convoy route risk: a road network as CSR arrays, edge risk from nearby incidents, shortest, least-risk and k routes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pyproj import Transformer
from scipy import sparse
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from pko.safety.alternatives import k_least, path_of

# Least-risk search weight = expected incidents + TIE x metres: among equally risky routes the shorter wins.
TIE = 1e-9
ORIGINS_PER_SEARCH = 16


@dataclass(frozen=True)
class Kernel:
    """Edge risk = edge length x sum over incidents of 0.5^(age / half_life) x Gaussian line density at distance d,
    exp(-d^2 / 2h^2) / (sqrt(2 pi) h) per metre, zero beyond cutoff x h; d is the incident's distance to the
    edge's midpoint (a midpoint rule along the road: roads are split into edges much shorter than h).

    A road that runs straight through one fresh incident so gathers about 1 expected incident from it.
    """

    bandwidth_m: float = 2000.0
    cutoff: float = 3.0
    half_life_days: float = 180.0

    def describe(self) -> str:
        """The parameters in words."""
        return (f"Gaussian distance kernel, bandwidth {self.bandwidth_m:g} m, cut off at {self.cutoff:g} bandwidths; "
                f"recency weight halves every {self.half_life_days:g} days")


@dataclass
class Network:
    """Road graph: nodes in lon/lat and local metres; edges both ways as CSR (indptr, indices, entry_edge)."""

    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edge_from: np.ndarray
    edge_to: np.ndarray
    length: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    entry_edge: np.ndarray
    project: Transformer
    notes: list[str] = field(default_factory=list)
    tree: cKDTree | None = field(default=None, repr=False)

    @property
    def nodes(self) -> int:
        return len(self.x)

    def nearest(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance (m) to and index of the nearest node of each point; the k-d tree is built on first use."""
        if self.tree is None:
            self.tree = cKDTree(np.column_stack([self.x, self.y]))
        return self.tree.query(np.column_stack([x, y]))

    def matrix(self, weight: np.ndarray) -> sparse.csr_matrix:
        """The CSR matrix of one weight per edge (same structure every time)."""
        return sparse.csr_matrix((weight[self.entry_edge], self.indices, self.indptr), shape=(self.nodes, self.nodes))


def _lines(geojson: dict) -> list[tuple[np.ndarray, bool]]:
    features = geojson.get("features", [geojson]) if geojson.get("type") == "FeatureCollection" else [geojson]
    lines = []
    for number, feature in enumerate(features):
        geometry = feature.get("geometry") or {}
        oneway = str((feature.get("properties") or {}).get("oneway", "no")).lower() in {"yes", "true", "1"}
        parts = {"LineString": [geometry.get("coordinates")], "MultiLineString": geometry.get("coordinates")}.get(geometry.get("type"))
        if parts is None:
            raise ValueError(f"feature {number}: geometry {geometry.get('type')!r} is not a LineString or MultiLineString")
        for part in parts:
            points = np.asarray(part, dtype=float)
            if points.ndim != 2 or len(points) < 2 or points.shape[1] < 2:
                raise ValueError(f"feature {number}: a line needs at least two [lon, lat] positions")
            if not (np.isfinite(points[:, :2]).all() and (np.abs(points[:, 0]) <= 180).all()
                    and (np.abs(points[:, 1]) <= 90).all()):
                raise ValueError(f"feature {number}: a position is not a [lon, lat] within [-180, 180] x [-90, 90]")
            lines.append((points[:, :2], oneway))
    if not lines:
        raise ValueError("the road network has no LineString")
    return lines


def network_from_arrays(lon: np.ndarray, lat: np.ndarray, edge_from: np.ndarray, edge_to: np.ndarray,
                        oneway: np.ndarray | None = None) -> Network:
    """A network from node positions and straight edges between them (both ways unless one-way)."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    project = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat.mean():.6f} +lon_0={lon.mean():.6f} +datum=WGS84 +units=m", always_xy=True)
    x, y = project.transform(lon, lat)
    edge_from, edge_to = np.asarray(edge_from, np.int64), np.asarray(edge_to, np.int64)
    oneway = np.zeros(len(edge_from), bool) if oneway is None else np.asarray(oneway, bool)
    notes = []
    loops = edge_from == edge_to
    if loops.any():
        notes.append(f"{int(loops.sum())} zero-length edges dropped")
        edge_from, edge_to, oneway = edge_from[~loops], edge_to[~loops], oneway[~loops]
    length = np.hypot(x[edge_to] - x[edge_from], y[edge_to] - y[edge_from])
    ids = np.arange(len(edge_from))
    back = ~oneway
    rows = np.concatenate([edge_from, edge_to[back]])
    cols = np.concatenate([edge_to, edge_from[back]])
    entry_edge = np.concatenate([ids, ids[back]])
    order = np.lexsort((length[entry_edge], cols, rows))
    rows, cols, entry_edge = rows[order], cols[order], entry_edge[order]
    first = np.ones(len(rows), bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    if not first.all():
        notes.append(f"{int((~first).sum())} parallel edge directions dropped (the shorter kept)")
    rows, cols, entry_edge = rows[first], cols[first], entry_edge[first]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(x)))]).astype(np.int64)
    return Network(lon, lat, np.asarray(x), np.asarray(y), edge_from, edge_to, length, indptr,
                   cols.astype(np.int32), entry_edge, project, notes)


def network_from_geojson(geojson: dict, max_edge_m: float = 500.0, decimals: int = 6) -> Network:
    """The graph of GeoJSON LineStrings: vertices within 10^-decimals degrees are one node; longer
    segments are split into edges of at most `max_edge_m` metres so edge risk follows the road."""
    lines = _lines(geojson)
    points = np.concatenate([line for line, _ in lines])
    keys = np.round(points, decimals)
    unique, node = np.unique(keys, axis=0, return_inverse=True)
    node = node.ravel()
    starts = np.cumsum([0] + [len(line) for line, _ in lines])[:-1]
    is_start = np.zeros(len(points), bool)
    is_start[starts] = True
    a, b = node[:-1][~is_start[1:]], node[1:][~is_start[1:]]
    oneway = np.repeat([flag for _, flag in lines], [len(line) for line, _ in lines])[1:][~is_start[1:]]
    lon, lat = unique[:, 0], unique[:, 1]
    draft = network_from_arrays(lon, lat, a, b)
    pieces = np.maximum(np.ceil(np.hypot(draft.x[b] - draft.x[a], draft.y[b] - draft.y[a]) / max_edge_m), 1).astype(int)
    if (pieces == 1).all():
        return network_from_arrays(lon, lat, a, b, oneway)
    # Split long segments: k - 1 new nodes per segment, evenly spaced (in lon/lat, fine at road-segment scale).
    extra = pieces - 1
    seg = np.repeat(np.arange(len(a)), extra)
    step = np.concatenate([np.arange(1, k) for k in pieces[extra > 0]]) / np.repeat(pieces, extra)
    new_lon = lon[a[seg]] + (lon[b[seg]] - lon[a[seg]]) * step
    new_lat = lat[a[seg]] + (lat[b[seg]] - lat[a[seg]]) * step
    new_ids = len(lon) + np.arange(len(seg))
    chain_start = np.concatenate([[0], np.cumsum(extra)])[:-1]
    froms, tos = [], []
    for s in range(len(a)):
        inner = new_ids[chain_start[s]:chain_start[s] + extra[s]]
        path = np.concatenate([[a[s]], inner, [b[s]]])
        froms.append(path[:-1])
        tos.append(path[1:])
    net = network_from_arrays(np.concatenate([lon, new_lon]), np.concatenate([lat, new_lat]), np.concatenate(froms),
                              np.concatenate(tos), np.repeat(oneway, pieces))
    net.notes.append(f"{int((extra > 0).sum())} segments longer than {max_edge_m:g} m split")
    return net


def edge_risk(net: Network, latitude, longitude, age_days, kernel: Kernel = Kernel()) -> np.ndarray:
    """Expected incidents on each edge from the incidents given (see Kernel); found through a k-d tree."""
    risk = np.zeros(len(net.length))
    latitude = np.asarray(latitude, float)
    if len(latitude) == 0:
        return risk
    px, py = net.project.transform(np.asarray(longitude, float), latitude)
    px, py = np.asarray(px), np.asarray(py)
    weight = 0.5 ** (np.asarray(age_days, float) / kernel.half_life_days)
    mx, my = (net.x[net.edge_from] + net.x[net.edge_to]) / 2, (net.y[net.edge_from] + net.y[net.edge_to]) / 2
    reach = kernel.cutoff * kernel.bandwidth_m
    near = cKDTree(np.column_stack([mx, my])).sparse_distance_matrix(
        cKDTree(np.column_stack([px, py])), reach, output_type="ndarray")  # keeps zero distances
    e, i, d = near["i"], near["j"], near["v"]
    h = kernel.bandwidth_m
    density = np.where(d <= reach, np.exp(-d * d / (2 * h * h)) / (np.sqrt(2 * np.pi) * h), 0.0)
    np.add.at(risk, e, density * weight[i])
    return risk * net.length


def segment_density(net: Network, latitude, longitude, within_m: float = 500.0) -> tuple[np.ndarray, int]:
    """Incidents per road edge and how many lay farther than `within_m` from every road: each incident
    counts once, on the edge nearest to it (exact point-to-segment distance among k-d tree candidates)."""
    counts = np.zeros(len(net.length), dtype=np.int64)
    latitude = np.asarray(latitude, float)
    if len(latitude) == 0 or len(net.length) == 0:
        return counts, len(latitude)
    px, py = net.project.transform(np.asarray(longitude, float), latitude)
    px, py = np.asarray(px), np.asarray(py)
    x1, y1, x2, y2 = net.x[net.edge_from], net.y[net.edge_from], net.x[net.edge_to], net.y[net.edge_to]
    near = cKDTree(np.column_stack([(x1 + x2) / 2, (y1 + y2) / 2])).sparse_distance_matrix(
        cKDTree(np.column_stack([px, py])), within_m + net.length.max() / 2, output_type="ndarray")
    e, i = near["i"], near["j"]
    dx, dy = x2[e] - x1[e], y2[e] - y1[e]
    span = dx * dx + dy * dy
    t = np.clip(((px[i] - x1[e]) * dx + (py[i] - y1[e]) * dy) / np.where(span > 0, span, 1), 0, 1)
    d = np.hypot(px[i] - (x1[e] + t * dx), py[i] - (y1[e] + t * dy))
    keep = d <= within_m
    e, i, d = e[keep], i[keep], d[keep]
    order = np.lexsort((e, d, i))
    first = np.ones(len(order), bool)
    first[1:] = i[order][1:] != i[order][:-1]
    np.add.at(counts, e[order][first], 1)
    return counts, int(len(latitude) - first.sum())


@dataclass
class Route:
    """One route: its node sequence, edges, length in metres and expected incidents."""

    kind: str
    rank: int
    nodes: list[int]
    edges: list[int]
    length_m: float
    expected_incidents: float


@dataclass
class Plan:
    """The routes between one origin and one destination, and how far each place was from its nearest node."""

    origin: tuple[float, float]
    destination: tuple[float, float]
    origin_node: int
    destination_node: int
    snap_m: tuple[float, float]
    routes: list[Route]


def _edges_of(net: Network, nodes: list[int]) -> list[int]:
    found = []
    for u, v in zip(nodes[:-1], nodes[1:]):
        row = net.indices[net.indptr[u]:net.indptr[u + 1]]
        found.append(int(net.entry_edge[net.indptr[u] + np.searchsorted(row, v)]))
    return found


def _route(net: Network, risk: np.ndarray, kind: str, rank: int, nodes: list[int]) -> Route:
    edges = _edges_of(net, nodes)
    return Route(kind, rank, nodes, edges, float(net.length[edges].sum()), float(risk[edges].sum()))


def plan(net: Network, risk: np.ndarray, pairs: list[tuple[tuple[float, float], tuple[float, float]]],
         k: int = 1, kinds: tuple[str, ...] = ("shortest", "least-risk")) -> list[Plan]:
    """For each (origin, destination) as (lat, lon): the shortest route, the least-risk route and, for k > 1,
    the next k - 1 least-risk alternatives (Yen, guided by a reverse search: see alternatives). One csgraph search per origin and weight serves every pair."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not set(kinds) <= {"shortest", "least-risk"} or not kinds:
        raise ValueError("kinds are 'shortest' and/or 'least-risk'")
    places = np.array([place for pair in pairs for place in pair], dtype=float).reshape(-1, 2)
    px, py = net.project.transform(places[:, 1], places[:, 0])
    snap, node = net.nearest(np.asarray(px), np.asarray(py))
    origins, targets = node[0::2].astype(int), node[1::2].astype(int)
    weights = {"shortest": net.length, "least-risk": risk + TIE * net.length}
    weights = {kind: weights[kind] for kind in kinds}
    best: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
    unique = np.unique(origins)
    for kind, weight in weights.items():
        graph = net.matrix(weight)
        for start in range(0, len(unique), ORIGINS_PER_SEARCH):
            chunk = unique[start:start + ORIGINS_PER_SEARCH]
            dist, pred = dijkstra(graph, indices=chunk, return_predecessors=True)
            for row, origin in enumerate(chunk):
                best[(kind, int(origin))] = (dist[row], pred[row])
    risky = net.matrix(weights["least-risk"]) if k > 1 and "least-risk" in weights else None
    plans = []
    for number, (origin, target) in enumerate(zip(origins.tolist(), targets.tolist())):
        routes = []
        for kind in weights:
            nodes = path_of(best[(kind, origin)][1], origin, target)
            if nodes is not None:
                routes.append(_route(net, risk, kind, 1, nodes))
        safest = [route for route in routes if route.kind == "least-risk"]
        if k > 1 and safest:
            found = k_least(risky, safest[0].nodes, k)
            for rank, nodes in enumerate(found[1:], start=2):
                routes.append(_route(net, risk, "alternative", rank, nodes))
        pair = pairs[number]
        plans.append(Plan(tuple(pair[0]), tuple(pair[1]), origin, target,
                          (float(snap[2 * number]), float(snap[2 * number + 1])), routes))
    return plans


def geojson(net: Network, plans: list[Plan], kernel: Kernel | None = None) -> dict:
    """The routes as GeoJSON LineStrings with kind, rank, length and expected incidents."""
    features = []
    for number, found in enumerate(plans):
        for route in found.routes:
            coordinates = [[float(net.lon[n]), float(net.lat[n])] for n in route.nodes]
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coordinates},
                             "properties": {"pair": number, "kind": route.kind, "rank": route.rank,
                                            "length_m": round(route.length_m, 1),
                                            "expected_incidents": round(route.expected_incidents, 6)}})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"kernel": kernel.describe() if kernel else None, "notes": net.notes}}

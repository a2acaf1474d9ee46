"""Incident hotspots: counts on H3 cells, Getis-Ord Gi* over H3 rings, Benjamini-Hochberg control, trends per cell."""

from __future__ import annotations

from dataclasses import dataclass

import h3.api.basic_int as h3
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import false_discovery_control, norm

ALPHA = 0.05
RINGS = 1


@dataclass
class Hotspots:
    """Gi* per cell of the study area; `cells` is a frame with one row per cell, hottest first."""

    cells: pd.DataFrame
    resolution: int
    rings: int
    alpha: float
    incidents: int
    outside: int
    method: str


def cells_of(latitude: np.ndarray, longitude: np.ndarray, resolution: int) -> np.ndarray:
    """The H3 cell (as an integer) of each point."""
    convert = h3.latlng_to_cell
    return np.fromiter((convert(lat, lon, resolution) for lat, lon in zip(np.asarray(latitude, float).tolist(),
                                                                            np.asarray(longitude, float).tolist())),
                       dtype=np.uint64, count=len(latitude))


def neighbourhood(area: np.ndarray, rings: int) -> sparse.csr_matrix:
    """Binary weights (self included) between the cells of the area that are within `rings` H3 rings."""
    position = {int(cell): i for i, cell in enumerate(area.tolist())}
    rows, cols = [], []
    for i, cell in enumerate(area.tolist()):
        found = [position[near] for near in h3.grid_disk(cell, rings) if near in position]
        rows.extend([i] * len(found))
        cols.extend(found)
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (np.array(rows), np.array(cols))), shape=(len(area), len(area)))


def gi_star(counts: np.ndarray, weights: sparse.csr_matrix) -> np.ndarray:
    """Getis-Ord Gi* z-score of each cell (Getis and Ord 1995, binary weights including the cell itself)."""
    x = counts.astype(float)
    n = len(x)
    mean = x.mean()
    s = np.sqrt((x ** 2).mean() - mean ** 2)
    local = weights @ x
    w = np.asarray(weights.sum(axis=1)).ravel()
    w2 = np.asarray(weights.multiply(weights).sum(axis=1)).ravel()
    spread = s * np.sqrt(np.maximum(n * w2 - w ** 2, 0) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(spread > 0, (local - mean * w) / spread, 0.0)


def trends(cells: np.ndarray, years: np.ndarray, area: np.ndarray) -> pd.DataFrame:
    """Incidents per year in each area cell and the least-squares slope (incidents per year) over the years seen."""
    span = np.arange(years.min(), years.max() + 1)
    table = pd.crosstab(pd.Series(cells, name="cell"), pd.Series(years, name="year")).reindex(
        index=area, columns=span, fill_value=0)
    t = span - span.mean()
    slope = (table.to_numpy() @ t) / (t @ t) if len(span) > 1 else np.zeros(len(area))
    return pd.DataFrame({"by_year": [dict(zip(span.tolist(), row)) for row in table.to_numpy().tolist()],
                         "trend_per_year": np.round(slope, 4)}, index=area)


def hotspots(latitude, longitude, resolution: int, *, years=None, area=None, rings: int = RINGS,
             alpha: float = ALPHA) -> Hotspots:
    """Gi* hot and cold spots of incident counts on H3 cells at one resolution.

    The study area is the given cells, else the cells holding at least one incident (empty cells outside
    it are not evidence of safety); incidents outside the area are counted and left out. Each cell's
    two-sided p-value is adjusted for the number of cells tested (Benjamini-Hochberg false discovery
    rate); a cell is hot or cold when its adjusted p-value is below `alpha`.
    """
    if not 0 <= resolution <= 15:
        raise ValueError(f"H3 resolution {resolution} is not between 0 and 15")
    cells = cells_of(latitude, longitude, resolution)
    unique, counts = np.unique(cells, return_counts=True)
    if area is None:
        area, area_counts = unique, counts
    else:
        area = np.unique(np.asarray([h3.str_to_int(c) if isinstance(c, str) else int(c) for c in area], dtype=np.uint64))
        area_counts = np.zeros(len(area), dtype=np.int64)
        where = np.searchsorted(area, unique).clip(0, max(len(area) - 1, 0))
        inside = (area[where] == unique) if len(area) else np.zeros(len(unique), bool)
        np.add.at(area_counts, where[inside], counts[inside])
    outside = int(len(cells) - area_counts.sum())
    if len(area) < 3:
        raise ValueError("hotspots need a study area of at least 3 cells")
    z = gi_star(area_counts, neighbourhood(area, rings))
    p = 2 * norm.sf(np.abs(z))
    q = false_discovery_control(p, method="bh")
    kind = np.where(q < alpha, np.where(z > 0, "hot", "cold"), "none")
    frame = pd.DataFrame({"cell": [h3.int_to_str(int(c)) for c in area], "incidents": area_counts,
                          "z": np.round(z, 4), "p": p, "q": q, "spot": kind})
    if years is not None:
        keep = np.isin(cells, area)
        found = trends(cells[keep], np.asarray(years)[keep], area)
        frame["by_year"] = found["by_year"].to_numpy()
        frame["trend_per_year"] = found["trend_per_year"].to_numpy()
    frame = frame.sort_values("z", ascending=False, kind="stable").reset_index(drop=True)
    method = (f"Getis-Ord Gi* on H3 resolution {resolution}, neighbourhood = the cell and its {rings} ring(s) "
              f"(h3.grid_disk), two-sided normal p-values, Benjamini-Hochberg false discovery rate "
              f"over {len(area)} cells, significant at q < {alpha}")
    return Hotspots(frame, resolution, rings, alpha, len(cells), outside, method)


def geojson(found: Hotspots) -> dict:
    """The cells as a GeoJSON FeatureCollection of hexagons, with counts, z, p, q and hot/cold as properties."""
    features = []
    for row in found.cells.to_dict("records"):
        ring = [[lon, lat] for lat, lon in h3.cell_to_boundary(h3.str_to_int(row["cell"]))]
        properties = {key: (value.item() if hasattr(value, "item") else value) for key, value in row.items()}
        if "by_year" in properties:
            properties["by_year"] = {str(year): int(n) for year, n in properties["by_year"].items()}
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring + ring[:1]]},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"method": found.method, "incidents": found.incidents, "outside_area": found.outside}}

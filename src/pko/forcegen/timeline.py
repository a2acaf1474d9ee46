"""Deployment timelines: Monte Carlo over documented delay components, reproducible per seed however it is split (pure)."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from pko.forcegen.units import ReadinessLevel

# Delay components in days (planning assumptions, not published UN figures): triangular (least, likeliest, most).
PREPARATION = {ReadinessLevel.rapid: (15, 30, 50), ReadinessLevel.level_3: (40, 70, 110),
               ReadinessLevel.level_2: (60, 100, 160), ReadinessLevel.level_1: (90, 150, 240)}
AIR_LIFT = (3, 7, 14)  # chartering and flying the main body
SEA_LOADING = (7, 12, 25)  # port loading and unloading
SEA_KM_PER_DAY = (450, 550, 650)
INLAND_KM_PER_DAY = (100, 200, 300)
CLEARANCE_MEDIAN, CLEARANCE_SIGMA = 5.0, 0.6  # customs and movement clearance, lognormal
INLAND_SHARE = 0.1  # part of the distance covered overland from port or airfield to the site


@dataclass(frozen=True)
class Movement:
    """A planned unit's move: its readiness, how it is lifted and how far (km) it goes."""

    unit_id: str
    mission: str
    readiness: ReadinessLevel
    lift: str  # air or sea
    distance_km: float


def _tri(rng: np.random.Generator, bounds: tuple[float, float, float], runs: int) -> np.ndarray:
    return rng.triangular(bounds[0], bounds[1], bounds[2], runs)


def sample(move: Movement, index: int, runs: int, seed: int) -> np.ndarray:
    """Days from request to arrival of one unit in each run; its own stream (seed, index) makes any split agree."""
    if move.lift not in ("air", "sea"):
        raise ValueError(f"lift must be air or sea, not {move.lift!r}")
    rng = np.random.default_rng([seed, index])
    days = _tri(rng, PREPARATION[move.readiness], runs)
    inland = move.distance_km * INLAND_SHARE
    if move.lift == "air":
        days += _tri(rng, AIR_LIFT, runs)
    else:
        days += _tri(rng, SEA_LOADING, runs) + (move.distance_km - inland) / _tri(rng, SEA_KM_PER_DAY, runs)
    days += inland / _tri(rng, INLAND_KM_PER_DAY, runs)
    days += rng.lognormal(math.log(CLEARANCE_MEDIAN), CLEARANCE_SIGMA, runs)
    return days


def _chunk(args: tuple[list[tuple[int, Movement]], int, int]) -> list[np.ndarray]:
    items, runs, seed = args
    return [sample(move, index, runs, seed) for index, move in items]


def simulate(moves: list[Movement], runs: int, seed: int, workers: int = 1) -> np.ndarray:
    """Arrival days, one row per movement and one column per run: serially or in a process pool."""
    items = list(enumerate(moves))
    if not items:
        return np.empty((0, runs))
    if workers <= 1:
        return np.vstack(_chunk((items, runs, seed)))
    chunks = [(items[k::workers], runs, seed) for k in range(workers)]
    rows: list[np.ndarray | None] = [None] * len(items)
    with ProcessPoolExecutor(workers) as pool:
        for k, result in enumerate(pool.map(_chunk, chunks)):
            for position, row in zip(range(k, len(items), workers), result):
                rows[position] = row
    return np.vstack(rows)


def mission_dates(moves: list[Movement], arrivals: np.ndarray, slots: dict[str, int], share: float,
                  confidence: float = 0.9) -> dict[str, float | None]:
    """Days after the request by which `share` of each mission's slots are met with `confidence`; None if never."""
    answer: dict[str, float | None] = {}
    for mission, count in sorted(slots.items()):
        need = max(1, math.ceil(share * count))
        rows = [i for i, m in enumerate(moves) if m.mission == mission]
        if len(rows) < need:
            answer[mission] = None
            continue
        kth = np.sort(arrivals[rows], axis=0)[need - 1]
        answer[mission] = float(np.quantile(kth, confidence))
    return answer


def within(arrivals: np.ndarray, days: float = 60.0) -> np.ndarray:
    """Share of runs in which each unit arrives within `days` of the request."""
    return (arrivals <= days).mean(axis=1)

"""Deployment timelines: Monte Carlo over documented delay components, reproducible per seed however it is split (pure)."""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

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


@dataclass
class Summary:
    """What a timeline needs from the runs: per (mission, share) the day met with the confidence, per unit P(within days)."""

    days: dict[tuple[str, float], float | None] = field(default_factory=dict)
    within: dict[int, float] = field(default_factory=dict)  # movement index -> share of runs arriving in time


def _summarise_part(args: tuple) -> Summary:
    """One worker's missions, reduced where they are simulated: a few numbers go back instead of every run."""
    part, runs, seed, needs, confidence, days = args
    answer = Summary()
    for mission, items in part:
        rows = np.vstack([sample(move, index, runs, seed) for index, move in items])
        for (index, _), row in zip(items, rows):
            answer.within[index] = float((row <= days).mean())
        ordered = np.sort(rows, axis=0)
        for share, need in needs[mission]:
            answer.days[(mission, share)] = float(np.quantile(ordered[need - 1], confidence)) if len(items) >= need else None
    return answer


def pool_map(workers: int) -> Callable:
    """A map over a pool of `workers` processes."""
    def run(function, arguments: list):
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(function, arguments))
    return run


def summarise(moves: list[Movement], runs: int, seed: int, slots: dict[str, int], shares: tuple[float, ...],
              parts: int = 1, mapper: Callable | None = None, confidence: float = 0.9, days: float = 60.0) -> Summary:
    """mission_dates for each share and within(days) per unit, split by mission into `parts` run by `mapper`.

    Each unit keeps its own stream, so serial, process-pool and Dask runs agree exactly.
    """
    for move in moves:
        if move.lift not in ("air", "sea"):
            raise ValueError(f"lift must be air or sea, not {move.lift!r}")
    by_mission: dict[str, list[tuple[int, Movement]]] = {}
    for index, move in enumerate(moves):
        by_mission.setdefault(move.mission, []).append((index, move))
    needs = {m: [(share, max(1, math.ceil(share * count))) for share in shares] for m, count in slots.items()}
    answer = Summary({(m, share): None for m in slots for share in shares})
    buckets: list[list] = [[] for _ in range(max(1, parts))]
    load = [0] * len(buckets)
    for mission, items in sorted(by_mission.items(), key=lambda pair: (-len(pair[1]), pair[0])):  # largest first
        k = load.index(min(load))
        buckets[k].append((mission, items))
        load[k] += len(items)
    arguments = [(bucket, runs, seed, {m: needs.get(m, []) for m, _ in bucket}, confidence, days) for bucket in buckets if bucket]
    for part in (mapper or map)(_summarise_part, arguments):
        answer.days.update(part.days)
        answer.within.update(part.within)
    return answer

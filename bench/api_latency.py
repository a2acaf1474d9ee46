"""Benchmark of the summary endpoints on a loaded database: p50 and p99 latency (goal: p99 under 50 ms).

Loads every file of the data folder into a fresh SQLite file (or uses --database-url), then times
requests through the ASGI application in process (no network), so the figure is the application's own.
Usage: .venv/bin/python bench/api_latency.py [--requests 200] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from pko.config import default_data_dir, get_settings
from pko.db import engine_for, upgrade
from pko.sources.importer import import_all

GOAL_MS = 50.0
QUERIES = (
    "/api/v1/fatalities/summary?by=year",
    "/api/v1/fatalities/summary?by=mission",
    "/api/v1/fatalities/summary?by=year&incident_type=Malicious%20Act&personnel=uniformed",
    "/api/v1/contributions/summary?by=month",
    "/api/v1/contributions/summary?by=country",
    "/api/v1/contributions/summary?by=mission",
    "/api/v1/contributions/summary?by=category",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client: TestClient, query: str, count: int) -> tuple[int, list[float]]:
    """Status of the first answer and the latency of each of `count` requests, in milliseconds."""
    status = client.get(query).status_code  # warm-up
    times = []
    for _ in range(count):
        started = time.perf_counter()
        client.get(query)
        times.append((time.perf_counter() - started) * 1000)
    return status, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("PKO_DATA_DIR") or default_data_dir()))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url
        if url is None:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            upgrade(url)
            started = time.perf_counter()
            outcomes = import_all(engine_for(url), args.data_dir)
            rows = sum(outcome.run.rows_stored for outcome in outcomes)
            print(f"loaded {rows:,} rows from {len(outcomes)} files in {time.perf_counter() - started:.1f} s")
        os.environ["PKO_DATABASE_URL"] = url
        get_settings.cache_clear()
        from pko.app import create_app

        client = TestClient(create_app())
        print(f"{'query':<60} {'status':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  goal p99 < {GOAL_MS:.0f} ms")
        worst = 0.0
        for query in QUERIES:
            status, times = measure(client, query, args.requests)
            if status != 200:
                print(f"{query:<60} {status:>6}  (not answered: route missing or refused)")
                continue
            p99 = percentile(times, 0.99)
            worst = max(worst, p99)
            print(f"{query:<60} {status:>6} {statistics.median(times):8.2f} {p99:8.2f} {max(times):8.2f}  {'met' if p99 < GOAL_MS else 'MISSED'}")
        print(f"{args.requests} requests per query; worst p99 {worst:.2f} ms")


if __name__ == "__main__":
    main()

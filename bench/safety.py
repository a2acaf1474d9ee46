"""Benchmark of the safety engines on generated data, each against a baseline run beside it.

1. Aggregates of 10 million incidents by mission x year x type: DuckDB against pandas (goal: >= 5x, <= 2 s).
2. Gi* hotspots over 1 million incidents on H3 resolution 6 with trends (goal: <= 10 s); beside it, the
   time merely to put the points on cells.
3. Least-risk route on a road-like grid of about 1 million edges (goal: <= 0.3 s per query, >= 10x networkx's
   Dijkstra on the same weights, if networkx is installed).
Usage: .venv/bin/python bench/safety.py [--incidents N] [--queries Q]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from pko.safety import hotspots, routes

MISSIONS = ["MINUSMA", "MONUSCO", "MINUSCA", "UNMISS", "UNIFIL", "UNISFA", "UNAMID", "UNFICYP", "UNDOF", "MINURSO"]
TYPES = ["explosive device", "ambush", "indirect fire", "direct attack", "hostage taking", "demonstration", "accident"]


def aggregates(n: int, rng: np.random.Generator) -> None:
    import duckdb

    frame = pd.DataFrame({
        "mission": pd.Categorical.from_codes(rng.integers(0, len(MISSIONS), n), MISSIONS),
        "year": rng.integers(2000, 2025, n).astype(np.int16),
        "incident_type": pd.Categorical.from_codes(rng.integers(0, len(TYPES), n), TYPES),
        "casualties": rng.poisson(0.3, n).astype(np.int16),
    })
    started = time.perf_counter()
    by_pandas = frame.groupby(["mission", "year", "incident_type"], observed=True).agg(
        incidents=("casualties", "size"), casualties=("casualties", "sum")).reset_index()
    pandas_s = time.perf_counter() - started
    connection = duckdb.connect()
    connection.register("incidents", frame)
    started = time.perf_counter()
    by_duckdb = connection.execute(
        "SELECT mission, year, incident_type, count(*) AS incidents, sum(casualties) AS casualties "
        "FROM incidents GROUP BY ALL").df()
    duckdb_s = time.perf_counter() - started
    assert len(by_duckdb) == len(by_pandas) and by_duckdb["incidents"].sum() == n
    print(f"aggregates of {n:,} incidents by mission x year x type: DuckDB {duckdb_s:.2f} s, pandas {pandas_s:.2f} s, "
          f"ratio {pandas_s / duckdb_s:.1f}x (goal >= 5x, <= 2 s)")


def hotspot_run(n: int, rng: np.random.Generator) -> None:
    lat = rng.uniform(12.0, 20.0, n)
    lon = rng.uniform(-8.0, 2.0, n)
    planted = n // 50
    lat[:planted] = rng.normal(16.27, 0.05, planted)  # a cluster near Gao
    lon[:planted] = rng.normal(-0.04, 0.05, planted)
    years = rng.integers(2013, 2024, n)
    started = time.perf_counter()
    hotspots.cells_of(lat, lon, 6)
    binning = time.perf_counter() - started
    started = time.perf_counter()
    found = hotspots.hotspots(lat, lon, 6, years=years)
    total = time.perf_counter() - started
    hot = int((found.cells["spot"] == "hot").sum())
    print(f"hotspots of {n:,} incidents on {len(found.cells):,} H3 cells (resolution 6, trends by year): {total:.2f} s "
          f"(goal <= 10 s); binning alone {binning:.2f} s ({total / binning:.1f}x); {hot} hot cells")


def grid(side: int, rng: np.random.Generator) -> routes.Network:
    """A jittered square grid of roads about 200 m apart, 5% of the edges missing."""
    i, j = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    lat = (14.0 + i * 0.0018 + rng.normal(0, 0.0002, i.shape)).ravel()
    lon = (-4.0 + j * 0.0018 + rng.normal(0, 0.0002, j.shape)).ravel()
    node = i * side + j
    a = np.concatenate([node[:, :-1].ravel(), node[:-1, :].ravel()])
    b = np.concatenate([node[:, 1:].ravel(), node[1:, :].ravel()])
    keep = rng.uniform(size=len(a)) > 0.05
    return routes.network_from_arrays(lon, lat, a[keep], b[keep])


def route_run(side: int, queries: int, rng: np.random.Generator) -> None:
    started = time.perf_counter()
    net = grid(side, rng)
    build = time.perf_counter() - started
    span = (side - 1) * 0.0018
    started = time.perf_counter()
    n = 5000
    risk = routes.edge_risk(net, rng.uniform(14, 14 + span, n), rng.uniform(-4, -4 + span, n), rng.uniform(0, 730, n))
    risk_s = time.perf_counter() - started
    pairs = [((rng.uniform(14, 14 + span / 4), rng.uniform(-4, -4 + span / 4)),
              (rng.uniform(14 + 3 * span / 4, 14 + span), rng.uniform(-4 + 3 * span / 4, -4 + span))) for _ in range(queries)]
    started = time.perf_counter()
    plans = [routes.plan(net, risk, [pair], kinds=("least-risk",))[0] for pair in pairs]
    per_query = (time.perf_counter() - started) / queries
    print(f"road grid: {net.nodes:,} nodes, {len(net.length):,} edges built in {build:.2f} s; "
          f"edge risk from {n:,} incidents in {risk_s:.2f} s")
    print(f"least-risk route: {per_query:.3f} s per query over {queries} queries (goal <= 0.3 s); "
          f"mean {np.mean([p.routes[0].expected_incidents for p in plans]):.2f} expected incidents, "
          f"{np.mean([p.routes[0].length_m for p in plans]) / 1000:.0f} km")
    try:
        import networkx as nx
    except ImportError:
        print("networkx not installed: no baseline (pip install networkx)")
        return
    weight = risk + routes.TIE * net.length
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(net.edge_from.tolist(), net.edge_to.tolist(), weight.tolist()))
    started = time.perf_counter()
    for found in plans[:3]:
        path = nx.dijkstra_path(graph, found.origin_node, found.destination_node)
        assert np.isclose(sum(graph[u][v]["weight"] for u, v in zip(path[:-1], path[1:])),
                          weight[found.routes[0].edges].sum())
    baseline = (time.perf_counter() - started) / min(3, len(plans))
    print(f"networkx dijkstra_path on the same weights: {baseline:.3f} s per query; ratio {baseline / per_query:.1f}x "
          f"(goal >= 10x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--aggregate-incidents", type=int, default=10_000_000)
    parser.add_argument("--side", type=int, default=725, help="grid side in nodes (725 -> about 1 million edges)")
    parser.add_argument("--queries", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(2018)
    aggregates(args.aggregate_incidents, rng)
    hotspot_run(args.incidents, rng)
    route_run(args.side, args.queries, rng)


if __name__ == "__main__":
    main()

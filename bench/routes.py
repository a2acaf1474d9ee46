"""Benchmark of k alternative convoy routes on road-like grids: the guided Yen against the textbook Yen.

Both give the same k paths (checked here by their costs). The textbook Yen runs one Dijkstra over the whole
graph per node of each path found; the guided one (pko.safety.alternatives) one reverse search from the
target, which answers or skips most spurs, and bounded searches for the rest.
1. A smaller grid (--small side): textbook and guided Yen per query, ratio.
2. The 1-million-edge grid (--side 725): least-risk route alone, then k routes by the guided Yen; the textbook
   Yen there only with --plain-large (it takes many minutes).
Usage: .venv/bin/python bench/routes.py [--small 300] [--side 725] [--k 3] [--queries 3] [--plain-large]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.sparse.csgraph import dijkstra

from pko.safety import routes
from pko.safety.alternatives import k_least, path_of


def grid(side: int, rng: np.random.Generator) -> routes.Network:
    """A jittered square grid of roads about 200 m apart, 5% of the edges missing (as bench/safety.py)."""
    i, j = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    lat = (14.0 + i * 0.0018 + rng.normal(0, 0.0002, i.shape)).ravel()
    lon = (-4.0 + j * 0.0018 + rng.normal(0, 0.0002, j.shape)).ravel()
    node = i * side + j
    a = np.concatenate([node[:, :-1].ravel(), node[:-1, :].ravel()])
    b = np.concatenate([node[:, 1:].ravel(), node[1:, :].ravel()])
    keep = rng.uniform(size=len(a)) > 0.05
    return routes.network_from_arrays(lon, lat, a[keep], b[keep])


def setting(side: int, queries: int, rng: np.random.Generator):
    net = grid(side, rng)
    span = (side - 1) * 0.0018
    n = 5000
    risk = routes.edge_risk(net, rng.uniform(14, 14 + span, n), rng.uniform(-4, -4 + span, n), rng.uniform(0, 730, n))
    graph = net.matrix(risk + routes.TIE * net.length)
    pairs = []
    while len(pairs) < queries:
        origin = int(rng.integers(0, net.nodes // 4))
        target = int(net.nodes - 1 - rng.integers(0, net.nodes // 4))
        started = time.perf_counter()
        dist, pred = dijkstra(graph, indices=origin, return_predecessors=True)
        first = path_of(pred, origin, target)
        if first is not None:
            pairs.append((dist, first, time.perf_counter() - started))
    return net, graph, pairs


def cost(graph, path) -> float:
    return float(sum(graph[u, v] for u, v in zip(path[:-1], path[1:])))


def timed(graph, pairs, k: int, guided: bool) -> tuple[float, list[list[float]]]:
    started = time.perf_counter()
    found = [k_least(graph, first, k, guided=guided) for _, first, _ in pairs]
    return (time.perf_counter() - started) / len(pairs), [[cost(graph, p) for p in paths] for paths in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=300)
    parser.add_argument("--side", type=int, default=725)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--queries", type=int, default=3)
    parser.add_argument("--plain-large", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(2018)

    net, graph, pairs = setting(args.small, args.queries, rng)
    plain, plain_costs = timed(graph, pairs, args.k, guided=False)
    fast, fast_costs = timed(graph, pairs, args.k, guided=True)
    assert np.allclose(plain_costs, fast_costs, rtol=1e-9), (plain_costs, fast_costs)
    print(f"grid {net.nodes:,} nodes, {len(net.length):,} edges, k = {args.k}, {args.queries} queries: textbook Yen "
          f"{plain:.2f} s per query, guided Yen {fast:.3f} s per query; ratio {plain / fast:.0f}x (same costs)")

    net, graph, pairs = setting(args.side, args.queries, rng)
    least = np.mean([seconds for *_, seconds in pairs])
    fast, fast_costs = timed(graph, pairs, args.k, guided=True)
    print(f"grid {net.nodes:,} nodes, {len(net.length):,} edges: least-risk route {least:.3f} s per query; "
          f"{args.k} least-risk routes by the guided Yen {fast:.2f} s per query (beyond the first route)")
    if args.plain_large:
        plain, plain_costs = timed(graph, pairs[:1], args.k, guided=False)
        assert np.allclose(plain_costs, fast_costs[:1], rtol=1e-9)
        print(f"textbook Yen on the same grid: {plain:.1f} s for one query; ratio {plain / fast:.0f}x")


if __name__ == "__main__":
    main()

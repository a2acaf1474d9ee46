"""k alternative routes: the guided Yen gives the textbook Yen's path costs (and networkx's) on random road grids."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components, dijkstra

from pko.safety.alternatives import k_least, path_of, yen
from pko.safety.routes import edge_risk, network_from_arrays


def grid(side: int, seed: int):
    rng = np.random.default_rng(seed)
    i, j = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    lat = (14.0 + i * 0.0018 + rng.normal(0, 0.0002, i.shape)).ravel()
    lon = (-4.0 + j * 0.0018 + rng.normal(0, 0.0002, j.shape)).ravel()
    node = i * side + j
    a = np.concatenate([node[:, :-1].ravel(), node[:-1, :].ravel()])
    b = np.concatenate([node[:, 1:].ravel(), node[1:, :].ravel()])
    keep = rng.uniform(size=len(a)) > 0.1
    net = network_from_arrays(lon, lat, a[keep], b[keep], oneway=rng.uniform(size=int(keep.sum())) < 0.1)
    span = (side - 1) * 0.0018
    risk = edge_risk(net, rng.uniform(14, 14 + span, 40), rng.uniform(-4, -4 + span, 40), rng.uniform(0, 400, 40))
    return net, risk + 1e-9 * net.length


def cost(graph, path) -> float:
    return float(sum(graph[u, v] for u, v in zip(path[:-1], path[1:])))


@pytest.mark.parametrize("seed", range(12))
def test_guided_yen_equals_textbook_yen(seed):
    net, weight = grid(14, seed)
    graph = net.matrix(weight)
    rng = np.random.default_rng(100 + seed)
    _, component = connected_components(graph, connection="strong")
    largest = np.flatnonzero(component == np.bincount(component).argmax())
    origin, target = (int(v) for v in rng.choice(largest, 2, replace=False))
    dist, pred = dijkstra(graph, indices=origin, return_predecessors=True)
    first = path_of(pred, origin, target)
    plain = yen(graph, first, 6, guided=False)
    fast = k_least(graph, first, 6)
    assert [cost(graph, p) for p in fast] == pytest.approx([cost(graph, p) for p in plain], rel=1e-9)
    assert len({tuple(p) for p in fast}) == len(fast)
    for path in fast:
        assert path[0] == origin and path[-1] == target and len(set(path)) == len(path)


@pytest.mark.parametrize("seed", range(3))
def test_plain_yen_matches_networkx_simple_paths(seed):
    nx = pytest.importorskip("networkx")
    from itertools import islice

    net, weight = grid(9, seed)
    graph = net.matrix(weight).tocoo()
    digraph = nx.DiGraph()
    digraph.add_weighted_edges_from(zip(graph.row.tolist(), graph.col.tolist(), graph.data.tolist()))
    csr = graph.tocsr()
    origin, target = 0, net.nodes - 1
    dist, pred = dijkstra(csr, indices=origin, return_predecessors=True)
    first = path_of(pred, origin, target)
    assert first is not None, "the corners of these grids are connected"
    expected = [nx.path_weight(digraph, p, "weight")
                for p in islice(nx.shortest_simple_paths(digraph, origin, target, "weight"), 6)]
    assert [cost(csr, p) for p in k_least(csr, first, 6)] == pytest.approx(expected, rel=1e-9)

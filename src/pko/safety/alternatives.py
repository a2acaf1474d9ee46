"""k least-weight loopless paths (Yen) on a CSR graph, most spur searches answered or skipped without a search.

The textbook Yen runs one Dijkstra over the whole graph per node of each path found. Here (see `yen`) one
reverse search from the target gives every node's distance onward and its next node toward the target; then
a spur whose cheapest allowed first edge plus the distance onward cannot beat the paths still wanted is
skipped, a spur whose tree path onward avoids the root takes that path (it is the least one), and only the
remaining spurs run csgraph.dijkstra, stopped at the cost still worth reaching (`limit`). Spurs before a
path's deviation node are not searched again (Lawler). The paths are those of the textbook Yen, up to ties.
"""

from __future__ import annotations

import heapq

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

SLACK = 1e-9  # relative tolerance on costs compared against a bound


def path_of(pred: np.ndarray, source: int, target: int) -> list[int] | None:
    """The node sequence from source to target in a predecessor row, or None when target was not reached."""
    if source == target:
        return [source]
    if pred[target] < 0:
        return None
    nodes = [target]
    while nodes[-1] != source:
        nodes.append(int(pred[nodes[-1]]))
    return nodes[::-1]


def _entries(graph: sparse.csr_matrix, path: list[int]) -> np.ndarray:
    """Positions in graph.data of the path's edges (rows' column indices are sorted)."""
    found = np.empty(len(path) - 1, dtype=np.int64)
    for i, (u, v) in enumerate(zip(path[:-1], path[1:])):
        start = graph.indptr[u]
        found[i] = start + np.searchsorted(graph.indices[start:graph.indptr[u + 1]], v)
    return found


def _tree_tail(toward: np.ndarray, start: int, target: int, avoid: set[int]) -> list[int] | None:
    """The shortest path from start to target along the reverse search tree, or None if it meets `avoid`."""
    tail = [start]
    while tail[-1] != target:
        if tail[-1] in avoid or toward[tail[-1]] < 0:
            return None
        tail.append(int(toward[tail[-1]]))
    return tail


def yen(graph: sparse.csr_matrix, first: list[int], k: int, bound: float = np.inf, guided: bool = True) -> list[list[int]]:
    """Yen's k loopless least-weight paths starting with `first`, no costlier than `bound`.

    Spurs start at the deviation node of the path just found (Lawler). guided=True also uses one reverse search
    from the target: a spur whose cheapest allowed first edge plus the distance onward already exceeds the
    costs still wanted is skipped, and when the tree path onward avoids the root, it is the spur path itself;
    only the other spurs run a Dijkstra search, bounded by `limit`. guided=False is the textbook algorithm.
    """
    base = graph.data
    data = base.copy()
    work = sparse.csr_matrix((data, graph.indices, graph.indptr), shape=graph.shape, copy=False)
    target = first[-1]
    if guided:
        to_target, toward = dijkstra(graph.T.tocsr(), indices=target, return_predecessors=True)
    found, candidates, seen, deviation, counter = [first], [], {tuple(first)}, 0, 0
    while len(found) < k:
        previous = found[-1]
        prefix = np.concatenate([[0.0], np.cumsum(base[_entries(graph, previous)])])
        for i in range(deviation if guided else 0, len(previous) - 1):
            needed = k - len(found)
            ceiling = bound
            if len(candidates) >= needed:
                ceiling = min(ceiling, heapq.nsmallest(needed, candidates)[-1][0])
            limit = ceiling * (1 + SLACK) - prefix[i]
            if limit < 0:
                break  # roots only grow along the path
            spur, root = previous[i], previous[:i + 1]
            blocked = [int(e) for path in found if path[:i + 1] == root and len(path) > i + 1
                       for e in _entries(graph, path[i:i + 2])]
            tail = None
            if guided:
                avoid = set(root)
                first_hops = [e for e in range(graph.indptr[spur], graph.indptr[spur + 1])
                              if e not in blocked and int(graph.indices[e]) not in avoid]
                if not first_hops:
                    continue
                scores = base[first_hops] + to_target[graph.indices[first_hops]]
                best = int(np.argmin(scores))
                if not np.isfinite(scores[best]) or prefix[i] + scores[best] > ceiling * (1 + SLACK):
                    continue  # no spur path here can be among the paths still wanted
                onward = _tree_tail(toward, int(graph.indices[first_hops[best]]), target, avoid)
                if onward is not None:
                    tail = [spur] + onward
            if tail is None:
                for node in root[:-1]:  # a root node loses its way out, so no spur path passes through it
                    blocked.extend(range(graph.indptr[node], graph.indptr[node + 1]))
                data[blocked] = np.inf
                _, pred = dijkstra(work, indices=spur, return_predecessors=True, limit=limit)
                data[blocked] = base[blocked]
                tail = path_of(pred, spur, target)
            if tail is None:
                continue
            path = root[:-1] + tail
            if tuple(path) not in seen:
                seen.add(tuple(path))
                counter += 1
                heapq.heappush(candidates, (float(base[_entries(graph, path)].sum()), counter, path, i))
        if not candidates:
            break
        _, _, path, deviation = heapq.heappop(candidates)
        found.append(path)
    return found


def k_least(graph: sparse.csr_matrix, first: list[int], k: int, guided: bool = True) -> list[list[int]]:
    """The k least-weight loopless paths from first[0] to first[-1], `first` being the least (guided=False: the
    textbook Yen, one full search per spur)."""
    if k <= 1 or len(first) < 2:
        return [first]
    return yen(graph, first, k, guided=guided)

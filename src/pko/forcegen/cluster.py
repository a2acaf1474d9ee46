"""Deployment-timeline Monte Carlo on a Dask cluster (`tcp://host:port`, or `local` for one on this machine)."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from pko.forcegen import timeline

LOCAL_WORKERS = 2


@contextmanager
def client_for(address: str):
    """A Dask client on the scheduler at `address`, or on a LocalCluster of two single-threaded processes for `local`."""
    from distributed import Client, LocalCluster

    if address == "local":
        with LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
    else:
        if not address.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ValueError(f"a cluster is 'local' or a scheduler address such as tcp://host:8786, not {address!r}")
        try:
            client = Client(address, timeout="10s")
        except OSError as error:
            raise ValueError(f"no Dask scheduler answers at {address}: {error}") from error
        with client:
            yield client


def mapper(client):
    """A map that runs each part as a Dask task and gathers the results in order."""
    def run(function, arguments: list):
        return client.gather(client.map(function, arguments, pure=False))
    return run


def summarise(moves: list[timeline.Movement], runs: int, seed: int, slots: dict[str, int], shares: tuple[float, ...],
              address: str, parts: int | None = None) -> timeline.Summary:
    """timeline.summarise with the missions spread over the cluster's workers."""
    with client_for(address) as client:
        count = parts or max(1, len(client.scheduler_info().get("workers", {})))
        return timeline.summarise(moves, runs, seed, slots, shares, parts=count, mapper=mapper(client))

"""Deployment timelines: reproducible across serial and process-pool runs, and sensible in their order."""

from __future__ import annotations

import numpy as np
import pytest

from pko.forcegen import timeline
from pko.forcegen.timeline import Movement
from pko.forcegen.units import ReadinessLevel

MOVES = [Movement(f"u{i}", "UNMISS" if i % 2 else "MINUSCA", level, lift, km)
         for i, (level, lift, km) in enumerate([(ReadinessLevel.rapid, "air", 5000), (ReadinessLevel.level_1, "sea", 9000),
                                                (ReadinessLevel.level_3, "sea", 4000), (ReadinessLevel.rapid, "sea", 7000),
                                                (ReadinessLevel.level_2, "air", 3000)])]


def test_same_seed_same_answer_serial_and_in_a_process_pool():
    serial = timeline.simulate(MOVES, 2000, seed=42)
    pooled = timeline.simulate(MOVES, 2000, seed=42, workers=2)
    assert np.array_equal(serial, pooled)
    assert not np.array_equal(serial, timeline.simulate(MOVES, 2000, seed=43))


def test_readiness_and_lift_order_the_arrivals():
    arrivals = timeline.simulate(MOVES, 5000, seed=1)
    means = arrivals.mean(axis=1)
    assert means[0] < means[4] < means[1]  # RDL by air, then L2 by air, then L1 by sea
    p60 = timeline.within(arrivals)
    assert 0.5 < p60[0] <= 1.0 and p60[1] == 0.0
    dates = timeline.mission_dates(MOVES, arrivals, {"MINUSCA": 3, "UNMISS": 2, "UNIFIL": 1}, share=1.0)
    assert dates["UNIFIL"] is None
    assert dates["MINUSCA"] == pytest.approx(np.quantile(arrivals[[0, 2, 4]].max(axis=0), 0.9))
    assert timeline.mission_dates(MOVES, arrivals, {"UNMISS": 4}, share=1.0)["UNMISS"] is None


def test_bad_lift_is_refused():
    with pytest.raises(ValueError, match="lift"):
        timeline.simulate([Movement("x", "UNMISS", ReadinessLevel.rapid, "rail", 100)], 10, seed=1)


def test_timeline_cli_is_reproducible(run_cli, tmp_path):
    import json

    path = tmp_path / "s.json"
    run_cli("forcegen", "scenario", "--seed", "4", "--units", "300", "--slots", "40", "--out", str(path))
    args = ("forcegen", "timeline", "--scenario", str(path), "--runs", "2000", "--seed", "9", "--format", "json")
    serial = json.loads(run_cli(*args).output)
    pooled = json.loads(run_cli(*args, "--workers", "2").output)
    assert serial == pooled and {row["mission"] for row in serial}
    planned = [row for row in serial if row["days_90"] is not None]
    assert all(row["date_90"] > "2026-01-01" for row in planned)
    rdl = json.loads(run_cli(*args, "--show", "rdl-units").output)
    assert rdl and all(0 <= row["p_within_60_days"] <= 1 for row in rdl)


def _summaries_agree(first: timeline.Summary, second: timeline.Summary) -> bool:
    return first.days == second.days and first.within == second.within


SLOTS = {"MINUSCA": 3, "UNMISS": 3, "UNIFIL": 1}
SHARES = (0.5, 1.0)


def test_summary_matches_the_full_runs_and_agrees_serial_pool_and_dask():
    from distributed import Client, LocalCluster

    from pko.forcegen import cluster

    serial = timeline.summarise(MOVES, 3000, 7, SLOTS, SHARES)
    arrivals = timeline.simulate(MOVES, 3000, seed=7)
    for share in SHARES:
        assert {m: serial.days[(m, share)] for m in SLOTS} == timeline.mission_dates(MOVES, arrivals, SLOTS, share)
    assert [serial.within[k] for k in range(len(MOVES))] == timeline.within(arrivals).tolist()
    pooled = timeline.summarise(MOVES, 3000, 7, SLOTS, SHARES, parts=2, mapper=timeline.pool_map(2))
    assert _summaries_agree(serial, pooled)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as local, Client(local) as client:
        on_dask = timeline.summarise(MOVES, 3000, 7, SLOTS, SHARES, parts=2, mapper=cluster.mapper(client))
        by_address = cluster.summarise(MOVES, 3000, 7, SLOTS, SHARES, local.scheduler_address)
    assert _summaries_agree(serial, on_dask) and _summaries_agree(serial, by_address)
    assert not _summaries_agree(serial, timeline.summarise(MOVES, 3000, 8, SLOTS, SHARES))


def test_timeline_on_dask_worker_processes_gives_the_serial_answer():
    """The parts travel to other processes (pickled moves, seeds and slots), not only to threads of this one."""
    import os

    from distributed import Client, LocalCluster

    from pko.forcegen import cluster

    serial = timeline.summarise(MOVES, 3000, 7, SLOTS, SHARES)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        assert os.getpid() not in client.run(os.getpid).values()
        on_processes = timeline.summarise(MOVES, 3000, 7, SLOTS, SHARES, parts=2, mapper=cluster.mapper(client))
    assert _summaries_agree(serial, on_processes)
    assert _summaries_agree(serial, cluster.summarise(MOVES, 3000, 7, SLOTS, SHARES, "local"))


def test_timeline_cli_on_a_dask_cluster_gives_the_serial_answer(run_cli, tmp_path):
    import json

    from distributed import LocalCluster

    path = tmp_path / "s.json"
    run_cli("forcegen", "scenario", "--seed", "4", "--units", "300", "--slots", "40", "--out", str(path))
    args = ("forcegen", "timeline", "--scenario", str(path), "--runs", "2000", "--seed", "9", "--format", "json")
    serial = json.loads(run_cli(*args).output)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as local:
        on_dask = json.loads(run_cli(*args, "--cluster", local.scheduler_address).output)
    assert on_dask == serial and any(row["days_90"] for row in serial)
    refused = run_cli(*args, "--cluster", "http://example.org")
    assert refused.exit_code == 2 and "scheduler address" in refused.output

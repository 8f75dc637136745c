"""Partitions for Dask workers: contiguous, in order, never empty, balanced by size; run in
order, with each worker set up once, and again elsewhere when a worker dies."""

import functools
import os
import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

from pipeline.parallel import (
    ADDRESS_ENV,
    balanced_shards,
    dask_client,
    map_partitions,
    shard_ranges,
)
from pipeline.paths import ROOT
from tests import parallel_tasks


def test_shards_cover_items_in_order_and_balance_sizes():
    sizes = [5, 1, 1, 1, 1, 1, 5, 1, 1, 3]
    shards = balanced_shards(sizes, 3)
    assert [i for shard in shards for i in shard] == list(range(len(sizes)))
    assert all(len(shard) > 0 for shard in shards) and len(shards) == 3
    totals = [sum(sizes[i] for i in shard) for shard in shards]
    assert max(totals) - min(totals) <= 5


def test_few_items_are_a_shard_each():
    """A big first item must not swallow the rest: two pages for two shards are two."""
    assert balanced_shards([3, 10], 2) == [range(0, 1), range(1, 2)]
    assert balanced_shards([1, 1, 10], 3) == [range(0, 1), range(1, 2), range(2, 3)]


def test_shard_count_follows_workers_and_caps_size():
    assert len(shard_ranges([10] * 100, 2)) == 8  # 4 shards per worker
    assert len(shard_ranges([400_000] * 10, 1)) == 4
    assert len(shard_ranges([400_000] * 30, 1)) == 12  # at most 1 M characters a shard
    assert len(shard_ranges([7, 7], 4)) == 2  # never more shards than items
    assert shard_ranges([], 2) == []


def test_one_worker_needs_no_cluster(tmp_path):
    with dask_client(1) as client:
        assert client is None
        items = list(range(20))
        done = map_partitions(
            parallel_tasks.square, items, client, parallel_tasks.count_setup, (str(tmp_path),)
        )
    assert done == [x * x for x in items]
    assert len(list(tmp_path.iterdir())) == 1  # set up once


def test_workers_keep_the_order_and_set_up_once(tmp_path, localhost):
    items = list(range(40))
    with dask_client(2) as client:
        done = map_partitions(
            parallel_tasks.square, items, client, parallel_tasks.count_setup, (str(tmp_path),)
        )
    assert done == [x * x for x in items]
    setups = [p.name.split("-")[0] for p in tmp_path.iterdir()]
    assert len(setups) == len(set(setups)) <= 2  # each worker process once


def test_every_worker_runs_native_libraries_on_one_thread(tmp_path, localhost):
    """N workers on N cores: no worker's BLAS or OpenMP pool starts a thread per core."""
    with dask_client(2) as client:
        done = map_partitions(
            parallel_tasks.native_threads, list(range(4)), client, parallel_tasks.count_setup,
            (str(tmp_path),),
        )  # fmt: skip
    assert done == [("1", 1)] * 4
    done = map_partitions(
        parallel_tasks.native_threads, [0], None, parallel_tasks.count_setup, (str(tmp_path),)
    )
    assert done[0][1] == 1  # in the stage's own process too, while partitions run


def test_a_worker_killed_mid_partition_is_replaced(tmp_path, localhost):
    items = list(range(12))
    task = functools.partial(parallel_tasks.crash_once, str(tmp_path / "crashed"))
    with dask_client(2) as client:
        done = map_partitions(task, items, client, parallel_tasks.count_setup, (str(tmp_path),))
    assert (tmp_path / "crashed").exists()  # a worker did die
    assert done == [x * x for x in items]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def external_cluster(tmp_path, localhost):
    """`dask scheduler` and two `dask worker`s as processes on 127.0.0.1, as on machines
    sharing the repository."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    scheduler = subprocess.Popen(
        [*dask, "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    workers = [
        subprocess.Popen(
            [*worker, "--no-dashboard"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            process.wait(timeout=30)


def test_an_external_scheduler_gives_the_same_tables(
    stage_outputs, external_cluster, tmp_path, monkeypatch
):
    import shutil

    from pipeline.paths import PKUSEG_DIR
    from pipeline.stages import extract, tokenize

    for name in ("pages", "articles"):
        shutil.copy(stage_outputs / f"{name}.parquet", tmp_path / f"{name}.parquet")
    monkeypatch.setenv(ADDRESS_ENV, external_cluster)
    started = time.perf_counter()
    tokenize.main(out=tmp_path, pkuseg_dir=PKUSEG_DIR)
    extract.main(out=tmp_path)
    assert time.perf_counter() - started < 600
    for name in ("sentences", "tokens", "mentions", "roles", "entities"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / f"{name}.parquet"),
            pd.read_parquet(stage_outputs / f"{name}.parquet"),
            obj=name,
        )

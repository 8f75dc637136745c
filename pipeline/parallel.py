"""Work spread over processes with Dask (dask.distributed): on this machine a LocalCluster
the stage starts, or an existing scheduler's workers on several machines. Processes, not
threads: pkuseg and the NER model hold the GIL or their own thread pools. Partitions are
contiguous shards balanced by size, so results keep their order."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)


# More shards than workers, so a slow shard does not leave a process idle at the end; and
# at most MAX_SHARD_SIZE characters each, so a worker's memory does not grow with the corpus.
SHARDS_PER_WORKER = 4
MAX_SHARD_SIZE = 1_000_000


def shard_ranges(sizes: Sequence[int], workers: int) -> list[range]:
    """Balanced contiguous shards of items of these sizes for `workers` processes."""
    n_shards = max(workers * SHARDS_PER_WORKER, -(-sum(sizes) // MAX_SHARD_SIZE))
    return balanced_shards(sizes, n_shards)


def balanced_shards(sizes: Sequence[int], n_shards: int) -> list[range]:
    """`n_shards` contiguous index ranges (fewer only when there are fewer items) whose
    summed sizes are about equal; never an empty range."""
    n_shards = max(1, min(n_shards, len(sizes)))
    total = sum(sizes) or 1
    bounds, running, start = [], 0, 0
    for i, size in enumerate(sizes):
        running += size
        # Cut at the size's share, or where every item left must be a shard of its own.
        balanced = running >= total * (len(bounds) + 1) / n_shards
        items_left = len(sizes) - i - 1 == n_shards - len(bounds) - 1
        if len(bounds) < n_shards - 1 and (balanced or items_left):
            bounds.append(range(start, i + 1))
            start = i + 1
    if start < len(sizes):
        bounds.append(range(start, len(sizes)))
    return bounds


def default_workers() -> int:
    """One worker per core: each runs its models on one thread (single_threaded)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


# Native thread pools that would otherwise start one thread per core in every worker.
THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def single_threaded() -> None:
    """Every native library in this worker process on one thread, so N workers use N cores
    and never wait on each other's threads: BLAS/OpenMP pools (env for those not loaded
    yet, threadpoolctl for those that are) and torch. onnxruntime sessions are built with
    intra_op_num_threads=1 by the NER runtime (pipeline/extract/parallel.py)."""
    for name in THREAD_ENV:
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


# The address of an existing Dask scheduler (tcp://host:8786) overrides params.yaml.
ADDRESS_ENV = "ZHNEWS_DASK_ADDRESS"


@contextmanager
def dask_client(
    workers: int | None, address: str | None = None, chars: int | None = None, min_chars: int = 0
) -> Iterator[Client | None]:
    """Where partitions run. An existing scheduler (`address`, or $ZHNEWS_DASK_ADDRESS)
    gets them on its workers; else `workers` > 1 (None: one per core) starts a
    LocalCluster of that many single-threaded processes for the stage and stops it after;
    else (None) they run in this process, with no cluster at all, as they do when the
    work (`chars` of text) is less than `min_chars`."""
    address = os.environ.get(ADDRESS_ENV) or address
    workers = workers or default_workers()
    small = chars is not None and chars < min_chars
    if not address and (workers <= 1 or small):
        yield None
        return
    from distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            log.info("Dask scheduler %s, dashboard %s", address, client.dashboard_link)
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.WARNING,
        ) as cluster,
        Client(cluster) as client,
    ):
        log.info("Dask LocalCluster of %d workers, dashboard %s", workers, client.dashboard_link)
        yield client


# What each process has set up: (setup function, its arguments) already run here.
_set_up: set[tuple] = set()


def _run_partition(
    item: Any, task: Callable, setup: Callable, setup_args: tuple, worker: bool = False
) -> Any:
    """task(item) in a process, after setup(*setup_args) has run once in it: models are
    loaded once per worker, never per partition. A `worker` process is single-threaded
    first."""
    key = (setup.__module__, setup.__qualname__, setup_args)
    if key not in _set_up:
        if worker and not _set_up:
            single_threaded()
        setup(*setup_args)
        _set_up.add(key)
    return task(item)


def imap_partitions(
    task: Callable[[Any], Any],
    items: Sequence[Any],
    client: Client | None,
    setup: Callable[..., None],
    setup_args: tuple = (),
    label: str = "work",
) -> Iterator[Any]:
    """task(item) for each item, in order, on the client's workers (in this process when
    `client` is None). Each process runs setup(*setup_args) once before its first item.
    A worker that dies mid-partition has its partitions run again on another (Dask's
    scheduler); results come back in the items' order. A progress bar with ETA shows on a
    terminal (not under CI=true)."""
    with progress_bar(len(items), label) as bar:
        if client is None:
            from threadpoolctl import threadpool_limits

            # One thread here too, for the partitions only: the stage's own later steps
            # (topics' SVD in the same process under the tests) keep their threads.
            with threadpool_limits(1):
                for item in items:
                    yield _run_partition(item, task, setup, setup_args)
                    bar.update(1)
            return
        futures = client.map(
            _run_partition,
            items,
            task=task,
            setup=setup,
            setup_args=setup_args,
            worker=True,
            pure=False,
        )
        for future in futures:
            yield future.result()
            future.release()
            bar.update(1)


def map_partitions(*args, **kwargs) -> list[Any]:
    """The list of imap_partitions' results."""
    return list(imap_partitions(*args, **kwargs))


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Any]:
    """tqdm on a terminal; quiet under CI=true or without a TTY, where the log has a line
    per tenth of the work instead."""
    from tqdm import tqdm

    quiet = os.environ.get("CI") == "true" or not sys.stderr.isatty()
    with tqdm(total=total, desc=label, unit="part", disable=quiet) as bar:
        if quiet:
            bar = _LoggedProgress(total, label)
        yield bar


class _LoggedProgress:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done, self.started = total, label, 0, time.perf_counter()

    def update(self, n: int) -> None:
        self.done += n
        if self.done == self.total or self.done % max(1, self.total // 10) == 0:
            elapsed = time.perf_counter() - self.started
            left = elapsed / self.done * (self.total - self.done)
            log.info("%s: %d/%d parts, %.0f s, about %.0f s left", self.label, self.done,
                     self.total, elapsed, left)  # fmt: skip

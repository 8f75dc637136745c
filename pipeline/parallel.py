"""Work spread over processes (not threads: pkuseg and the NER model hold the GIL or their
own thread pools). Shards are contiguous and balanced by size, so results keep their order."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing import get_context
from typing import Any

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
    """Contiguous index ranges whose summed sizes are about equal; never an empty range."""
    n_shards = max(1, min(n_shards, len(sizes)))
    total = sum(sizes) or 1
    bounds, running, start = [], 0, 0
    for i, size in enumerate(sizes):
        running += size
        if len(bounds) < n_shards - 1 and running >= total * (len(bounds) + 1) / n_shards:
            bounds.append(range(start, i + 1))
            start = i + 1
    if start < len(sizes):
        bounds.append(range(start, len(sizes)))
    return bounds


def threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def imap_in_processes(
    task: Callable[[Any], Any],
    items: Sequence[Any],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple = (),
    label: str = "work",
) -> Iterator[Any]:
    """task(item) for each item, in order, from `workers` forked processes each set up once
    by `initializer`; with one worker, in this process. Logs progress per item."""
    if workers <= 1:
        initializer(*initargs)
        for done, item in enumerate(items, 1):
            yield task(item)
            log.info("%s: %d/%d shards done", label, done, len(items))
        return
    with get_context("fork").Pool(workers, initializer, initargs) as pool:
        for done, result in enumerate(pool.imap(task, items), 1):
            yield result
            log.info("%s: %d/%d shards done (%d processes)", label, done, len(items), workers)


def map_in_processes(*args, **kwargs) -> list[Any]:
    """The list of imap_in_processes' results."""
    return list(imap_in_processes(*args, **kwargs))

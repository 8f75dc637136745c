"""Shards for worker processes: contiguous, in order, never empty, balanced by size."""

from pipeline.parallel import balanced_shards, map_in_processes, shard_ranges


def test_shards_cover_items_in_order_and_balance_sizes():
    sizes = [5, 1, 1, 1, 1, 1, 5, 1, 1, 3]
    shards = balanced_shards(sizes, 3)
    assert [i for shard in shards for i in shard] == list(range(len(sizes)))
    assert all(len(shard) > 0 for shard in shards) and len(shards) == 3
    totals = [sum(sizes[i] for i in shard) for shard in shards]
    assert max(totals) - min(totals) <= 5


def test_shard_count_follows_workers_and_caps_size():
    assert len(shard_ranges([10] * 100, 2)) == 8  # 4 shards per worker
    assert len(shard_ranges([400_000] * 10, 1)) == 4
    assert len(shard_ranges([400_000] * 30, 1)) == 12  # at most 1 M characters a shard
    assert len(shard_ranges([7, 7], 4)) == 2  # never more shards than items
    assert shard_ranges([], 2) == []


def _square(x: int) -> int:
    return x * x


def _nothing() -> None:
    pass


def test_processes_keep_the_order_of_results():
    items = list(range(20))
    assert map_in_processes(_square, items, 2, _nothing) == [x * x for x in items]
    assert map_in_processes(_square, items, 1, _nothing) == [x * x for x in items]

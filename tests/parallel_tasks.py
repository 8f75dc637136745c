"""Tasks the parallel tests send to Dask workers (importable by the workers' processes)."""

from __future__ import annotations

import os
from pathlib import Path

_state: dict = {}


def count_setup(folder: str) -> None:
    """Record that this process ran its set-up (a file per run)."""
    _state["pid"] = os.getpid()
    Path(folder, f"{os.getpid()}-{len(list(Path(folder).iterdir()))}").touch()


def square(x: int) -> int:
    return x * x


def crash_once(marker: str, x: int) -> int:
    """The first call anywhere kills its worker process mid-partition (the marker file
    tells the later calls it has happened); every call returns x * x."""
    path = Path(marker)
    if not path.exists():
        path.touch()
        os._exit(1)
    return x * x


def native_threads(_item: int) -> tuple[str | None, int]:
    """This process's OMP_NUM_THREADS and the most threads any loaded BLAS/OpenMP pool
    uses (numpy's BLAS is loaded by then)."""
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_info

    pools = [pool["num_threads"] for pool in threadpool_info()]
    return os.environ.get("OMP_NUM_THREADS"), max(pools, default=1)

"""Reading and writing tables and metrics files. Writes are atomic: a temp file, then a rename.

A stage that writes several files publishes them as one set (`staged_outputs`): each file
is written under `outputs/.staging/<stage>.<random>/`, then a manifest naming every file's
target is written, then each file is renamed into place. A kill before the manifest leaves
the previous set (the next run of the stage discards the staging folder); a kill after it
is rolled forward by the next reader (`read_table`, the next stage, the database) or run of
the stage (`settle_outputs`), so no reader sees files from two runs. The tables stay where
DVC and users look for them (outputs/*.parquet); between the manifest and the last rename
(microseconds) a reader that bypasses `read_table` can see a mix until a reader settles it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

log = logging.getLogger(__name__)

STAGING_DIR = ".staging"
MANIFEST_FILE = "manifest.json"
# Test hook (tests/test_faults.py): the process SIGKILLs itself at the Nth step of a write
# (before, during and after each file, the manifest, each rename); `list` logs the steps.
KILL_AT_STEP_ENV = "ZHNEWS_KILL_AT_STEP"
_steps_taken = 0


def fault_point(step: str) -> None:
    """A point where a kill must leave a consistent set of outputs (see KILL_AT_STEP_ENV)."""
    global _steps_taken
    wanted = os.environ.get(KILL_AT_STEP_ENV)
    if not wanted:
        return
    _steps_taken += 1
    if wanted == "list":
        log.warning("%s step %d: %s", KILL_AT_STEP_ENV, _steps_taken, step)
    elif _steps_taken == int(wanted):
        os.kill(os.getpid(), signal.SIGKILL)


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    # mkstemp makes the file private; outputs get the usual permissions of the umask.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return Path(tmp)


@contextmanager
def atomic_path(path: Path, placeholder: bool = True) -> Iterator[Path]:
    """A temp path beside `path` to write to; it replaces `path` when the block ends without
    an error and is removed either way, so `path` is never half-written. Without
    `placeholder` the temp file does not exist yet (for writers that create it: DuckDB)."""
    tmp = _atomic_target(path)
    if not placeholder:
        tmp.unlink()
    try:
        fault_point(f"before writing {path.name}")
        yield tmp
        fault_point(f"{path.name} written, not renamed")
        tmp.replace(path)
        fault_point(f"{path.name} renamed")
    finally:
        tmp.unlink(missing_ok=True)


def write_table(frame: pd.DataFrame, schema: type[pa.DataFrameModel], path: Path) -> pd.DataFrame:
    """Validate `frame` against `schema` and write it to `path` as parquet, atomically."""
    try:
        valid = schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        raise ValueError(f"{path}: table fails {schema.__name__}:\n{error}") from None
    with atomic_path(path) as tmp:
        valid.to_parquet(tmp, index=False)
    log.info("wrote %s (%d rows)", path, len(valid))
    return valid


class TableWriter:
    """Write a table in parts (one validated DataFrame at a time) to one parquet file, so a
    large table never has to sit in memory whole. The file appears, atomically, only when
    the `with` block ends without an error.

        with TableWriter(path, TokenTable) as writer:
            for part in parts:
                writer.write(part)
    """

    def __init__(self, path: Path, schema: type[pa.DataFrameModel]) -> None:
        self.path, self.schema = path, schema
        self.rows = 0
        self._tmp: Path | None = None
        self._writer = None
        self._columns: list[str] = []

    def __enter__(self) -> TableWriter:
        self._tmp = _atomic_target(self.path)
        return self

    def write(self, part: pd.DataFrame) -> None:
        import pyarrow as arrow
        import pyarrow.parquet as parquet

        try:
            valid = self.schema.validate(part, lazy=True)
        except pa.errors.SchemaErrors as error:
            raise ValueError(f"{self.path}: table fails {self.schema.__name__}:\n{error}") from None
        if self._writer is None:
            table = arrow.Table.from_pandas(valid, preserve_index=False)
            self._writer = parquet.ParquetWriter(self._tmp, table.schema)
            self._columns = list(valid.columns)
        else:
            table = arrow.Table.from_pandas(
                valid[self._columns], schema=self._writer.schema, preserve_index=False
            )
        self._writer.write_table(table)
        self.rows += len(valid)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
            if kind is None:
                if self._writer is None:  # no part at all: an empty table with the columns
                    columns = list(self.schema.to_schema().columns)
                    empty = self.schema.validate(pd.DataFrame(columns=columns))
                    empty.to_parquet(self._tmp, index=False)
                fault_point(f"{self.path.name} written, not renamed")
                self._tmp.replace(self.path)
                fault_point(f"{self.path.name} renamed")
                log.info("wrote %s (%d rows)", self.path, self.rows)
        finally:
            self._tmp.unlink(missing_ok=True)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a metrics file atomically, keys sorted so reruns give identical bytes."""
    with atomic_path(path) as tmp:
        tmp.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _roll_forward(staging: Path) -> None:
    """Finish an interrupted publish: move every staged file the manifest names into place
    (one already moved is skipped), then remove the staging folder. No manifest: nothing."""
    try:
        files = json.loads((staging / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return
    out = staging.parent.parent
    for name, target in files.items():
        fault_point(f"before publishing {target}")
        # A file moved already (by an earlier or a concurrent roll-forward) is skipped.
        with suppress(FileNotFoundError):
            os.replace(staging / name, out / target)
        fault_point(f"{target} published")
    (staging / MANIFEST_FILE).unlink(missing_ok=True)
    fault_point("manifest removed")
    shutil.rmtree(staging, ignore_errors=True)
    with suppress(OSError):  # another stage's staging folder may still be there
        staging.parent.rmdir()
    log.info("published %d files: %s", len(files), ", ".join(files.values()))


def settle_outputs(out: Path, discard: str | None = None) -> None:
    """Complete any publish a kill interrupted after its manifest; with `discard` (a stage
    about to run), also remove that stage's unfinished staging folders."""
    root = out / STAGING_DIR
    if not root.is_dir():
        return
    for staging in sorted(root.iterdir()):
        if (staging / MANIFEST_FILE).exists():
            _roll_forward(staging)
        elif discard is not None and staging.name.startswith(f"{discard}."):
            log.warning("%s: unfinished run of %s discarded", staging, discard)
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def staged_outputs(out: Path, stage: str) -> Iterator[Callable[[Path], Path]]:
    """Publish every file a stage writes as one set (module docstring). The block gets a
    function that maps a target path to the staging path to write instead:

        with staged_outputs(out, "extract") as staged:
            write_table(mentions, MentionTable, staged(out / "mentions.parquet"))
    """
    settle_outputs(out, discard=stage)
    (out / STAGING_DIR).mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{stage}.", dir=out / STAGING_DIR))
    targets: dict[str, str] = {}

    def staged(target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        name = f"{len(targets)}-{target.name}"
        targets[name] = os.path.relpath(target, out)
        return staging / name

    try:
        yield staged
        missing = [name for name in targets if not (staging / name).exists()]
        if missing:
            raise FileNotFoundError(f"{stage}: staged files never written: {missing}")
        for name in targets:
            _fsync(staging / name)
        fault_point("before the manifest")
        with atomic_path(staging / MANIFEST_FILE) as tmp:
            tmp.write_text(json.dumps({"files": targets}, indent=1), encoding="utf-8")
            _fsync(tmp)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _roll_forward(staging)


def read_table(
    path: Path, schema: type[pa.DataFrameModel], columns: list[str] | None = None
) -> pd.DataFrame:
    """Read a table written by an earlier stage; a missing file names the stage to run.
    With `columns`, only those are read (and the schema is not checked: it was on write)."""
    settle_outputs(path.parent)
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing; run `dvc repro` to build it")
    if columns is not None:
        return pd.read_parquet(path, columns=columns)
    return schema.validate(pd.read_parquet(path))

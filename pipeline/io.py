"""Reading and writing tables and metrics files. Writes are atomic: a temp file, then a rename."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

log = logging.getLogger(__name__)


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
        yield tmp
        tmp.replace(path)
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
                self._tmp.replace(self.path)
                log.info("wrote %s (%d rows)", self.path, self.rows)
        finally:
            self._tmp.unlink(missing_ok=True)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a metrics file atomically, keys sorted so reruns give identical bytes."""
    with atomic_path(path) as tmp:
        tmp.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


def read_table(
    path: Path, schema: type[pa.DataFrameModel], columns: list[str] | None = None
) -> pd.DataFrame:
    """Read a table written by an earlier stage; a missing file names the stage to run.
    With `columns`, only those are read (and the schema is not checked: it was on write)."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing; run `dvc repro` to build it")
    if columns is not None:
        return pd.read_parquet(path, columns=columns)
    return schema.validate(pd.read_parquet(path))

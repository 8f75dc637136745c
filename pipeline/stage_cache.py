"""Per-item results of segment (per page and per issue) and the model stages (tokenize:
per article, extract: per page) kept between runs, so that adding a day's pages to years
of them costs a day's model time.

An item's key is a hash of its content (a page file's text and metadata; an article's id
and body; a page's article rows and paper); the folder it lives in is the stage's
fingerprint: a hash of everything else its results depend on — the stage's dvc.yaml deps
(code, models, word lists, data files) other than the tables or page files it reads, its
params sections (minus worker counts and the cluster, which do not change results) and
the versions of the libraries that run the models, and the same of the stages whose
tables it reads (extract and topics: tokenize). So a
changed page is recomputed, an unchanged one is read back, and a changed model, setting
or module invalidates every item of the stages that depend on it.

Layout: <cache>/<stage>/<fingerprint>/<part>.keys.parquet lists the items a part holds (an
item with no rows counts too), <part>.<table>.parquet its rows with a `cache_key` column.
A run removes the stage's other fingerprints and rewrites the parts that hold items no
longer in the corpus without them, so removed pages drop out. The cache sits outside
DVC's outs (outputs/stage_cache/, git-ignored): deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.io import atomic_path
from pipeline.paths import PARAMS_FILE, ROOT

log = logging.getLogger(__name__)

CACHE_FOLDER = "stage_cache"
KEY = "cache_key"
# Settings that say where or on how many processes a stage runs, or whether topics refit,
# not what a result computed from given inputs is.
IGNORED_PARAMS = {"cluster", "workers", "refit"}
# The stages whose other tables a stage reads (extract: sentences and tokens; topics:
# tokens): their code, models and settings change its results too.
UPSTREAM = {"extract": ("tokenize",), "topics": ("tokenize",)}
# Libraries whose version changes what a stage computes.
LIBRARIES = {"tokenize": ("spacy", "spacy-pkuseg"), "extract": ("onnxruntime", "numpy")}
# Deps that are a stage's items (segment: the page files, each in its page's key), not
# what the items' results depend on.
ITEM_DEPS = {"segment": ("seeds",)}
_TEMPLATE_RE = re.compile(r"\$\{([\w.]+)\}")


def content_key(*parts: Any) -> str:
    """A stable hash of values (strings, numbers, dates, lists of them)."""
    text = json.dumps(parts, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _file_digest(path: Path, known: dict[str, str], used: dict[str, str]) -> str:
    """SHA-256 of a file, read again only when its size or modification time changed
    (`known`: what earlier runs found, as DVC keeps it; `used` collects this run's):
    hashing pkuseg's 175 MB on every run would cost a day's update more than its pages."""
    stat = path.stat()
    stamp = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    if stamp not in known:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        known[stamp] = digest.hexdigest()
    used[stamp] = known[stamp]
    return known[stamp]


def _hash_path(digest: Any, path: Path, root: Path, known: dict, used: dict) -> None:
    """Every file under `path` (or the file itself): its name and contents."""
    if not path.exists():
        digest.update(f"missing:{path}".encode())
        return
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if "__pycache__" in file.parts or file.suffix == ".pyc":
            continue
        content = _file_digest(file.resolve(), known, used)
        digest.update(f"{os.path.relpath(file, root)}\0{content}\0".encode())


@cache
def _yaml(path: Path, mtime_ns: int) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _read_yaml(path: Path) -> Any:
    return _yaml(path, path.stat().st_mtime_ns)


def _without_ignored(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ignored(v) for k, v in value.items() if k not in IGNORED_PARAMS}
    return value


def _lookup(raw: dict, dotted: str) -> Any:
    value: Any = raw
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _add_stage(digest: Any, stage: str, root: Path, known: dict, used: dict) -> None:
    """A stage's dvc.yaml deps but the tables, its params, its libraries, and the same of
    the stages whose tables it reads besides the keyed ones (UPSTREAM)."""
    raw_params = _read_yaml(root / PARAMS_FILE.name) or {}
    spec = _read_yaml(root / "dvc.yaml")["stages"][stage]
    digest.update(stage.encode())
    for dep in sorted(spec.get("deps", [])):
        dep = _TEMPLATE_RE.sub(lambda m: str(_lookup(raw_params, m[1])), dep)
        # The tables it reads and the files it splits: per item, in the keys.
        if not dep.startswith("outputs/") and dep not in ITEM_DEPS.get(stage, ()):
            _hash_path(digest, root / dep, root, known, used)
    for name in sorted(spec.get("params", [])):
        if name not in IGNORED_PARAMS:
            digest.update(content_key(name, _without_ignored(_lookup(raw_params, name))).encode())
    for library in LIBRARIES.get(stage, ()):
        digest.update(f"{library}=={metadata.version(library)}".encode())
    for upstream in UPSTREAM.get(stage, ()):
        _add_stage(digest, upstream, root, known, used)


def stage_fingerprint(
    stage: str, extra_paths: Sequence[Path] = (), root: Path = ROOT, memo: Path | None = None
) -> str:
    """What a stage's per-item results depend on besides the items (module docstring).
    `extra_paths`: model folders a caller passes instead of the dvc.yaml ones; `memo`: a
    JSON file of this stage's file hashes kept between runs (in the cache folder)."""
    known: dict[str, str] = {}
    if memo is not None and memo.is_file():
        known = json.loads(memo.read_text(encoding="utf-8"))
    before, used = dict(known), {}
    digest = hashlib.sha256()
    _add_stage(digest, stage, root, known, used)
    for path in extra_paths:
        _hash_path(digest, Path(path), root, known, used)
    if memo is not None and used != before:  # kept: the files of this stage as they are
        memo.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(memo) as tmp:
            tmp.write_text(json.dumps(used), encoding="utf-8")
    return digest.hexdigest()[:24]


def digests_memo(cache_folder: Path, stage: str) -> Path:
    """Where a stage's file hashes are kept between runs."""
    return cache_folder / f"{stage}.file_digests.json"


def outputs_fingerprint(out: Path, stage: str, extra_paths: Sequence[Path] = ()) -> str:
    """The stage's fingerprint for the run writing to `out` (its file hashes memoised in
    out's cache folder)."""
    return stage_fingerprint(stage, extra_paths, memo=digests_memo(out / CACHE_FOLDER, stage))


def open_stage_cache(
    out: Path, stage: str, tables: Sequence[str], extra_paths: Sequence[Path] = ()
) -> StageCache:
    """The stage's cache in out's cache folder under its current fingerprint."""
    return StageCache(
        out / CACHE_FOLDER, stage, outputs_fingerprint(out, stage, extra_paths), tables
    )


def keyed(frame: pd.DataFrame, key_of: dict[str, str]) -> pd.DataFrame:
    """`frame` with the KEY of each row's article (article_id -> key)."""
    return frame.assign(**{KEY: frame["article_id"].map(key_of)})


class StageCache:
    """The cached parts of one stage under one fingerprint (module docstring)."""

    def __init__(self, folder: Path, stage: str, fingerprint: str, tables: Sequence[str]) -> None:
        self.stage_dir = folder / stage
        self.dir = self.stage_dir / fingerprint
        self.tables = tuple(tables)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.part_of: dict[str, str] = {}
        for keys_file in sorted(self.dir.glob("*.keys.parquet")):
            part = keys_file.name.removesuffix(".keys.parquet")
            if all((self.dir / f"{part}.{t}.parquet").exists() for t in self.tables):
                for key in pd.read_parquet(keys_file)[KEY]:
                    self.part_of[key] = part
        self._loaded: tuple[str, dict[str, pd.DataFrame]] | None = None

    def __contains__(self, key: str) -> bool:
        return key in self.part_of

    def add(self, keys: Iterable[str], frames: dict[str, pd.DataFrame]) -> None:
        """Store one part: the items `keys` and their rows (each frame with a KEY column).
        The keys file is written last, so a part killed halfway is never read."""
        part = uuid.uuid4().hex[:16]
        keys = list(keys)
        for table in self.tables:
            with atomic_path(self.dir / f"{part}.{table}.parquet") as tmp:
                frames[table].to_parquet(tmp, index=False)
        with atomic_path(self.dir / f"{part}.keys.parquet") as tmp:
            pd.DataFrame({KEY: keys}).to_parquet(tmp, index=False)
        self.part_of.update(dict.fromkeys(keys, part))

    def _part(self, part: str) -> dict[str, pd.DataFrame]:
        if self._loaded is None or self._loaded[0] != part:
            frames = {}
            for table in self.tables:
                path = self.dir / f"{part}.{table}.parquet"
                try:
                    frames[table] = pd.read_parquet(path)
                except (OSError, ValueError) as error:
                    raise ValueError(
                        f"{path}: stage cache part unreadable ({error}); delete {self.dir} "
                        "and run again (it only costs time)"
                    ) from None
            self._loaded = (part, frames)
        return self._loaded[1]

    def read(self, keys: Sequence[str]) -> Iterator[dict[str, pd.DataFrame]]:
        """The rows of the items `keys`, in the keys' order (rows of one item in the order
        they were stored), without the KEY column: a dict of frames per run of keys that
        sit in one part. Keys not in the cache (a failed partition) have no rows."""
        runs: list[tuple[str, list[str]]] = []
        for key in keys:
            part = self.part_of.get(key)
            if part is None:
                continue
            if runs and runs[-1][0] == part:
                runs[-1][1].append(key)
            else:
                runs.append((part, [key]))
        for part, run in runs:
            position = {key: i for i, key in enumerate(run)}
            frames = {}
            for table, frame in self._part(part).items():
                order = frame[KEY].map(position)
                chosen = frame[order.notna()].assign(_order=order[order.notna()])
                chosen = chosen.sort_values("_order", kind="stable")
                frames[table] = chosen.drop(columns=[KEY, "_order"]).reset_index(drop=True)
            yield frames
        self._loaded = None

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget every item but `keys`: parts that hold others are rewritten without them
        or removed, and so are the stage's other fingerprints."""
        keys = set(keys)
        dead_in: dict[str, int] = {}
        for key, part in self.part_of.items():
            if key not in keys:
                dead_in[part] = dead_in.get(part, 0) + 1
        for part in dead_in:
            live = [k for k, p in self.part_of.items() if p == part and k in keys]
            if live:
                frames = {t: f[f[KEY].isin(live)] for t, f in self._part(part).items()}
                self.add(live, frames)
            self._loaded = None
        self.part_of = {k: p for k, p in self.part_of.items() if k in keys}
        parts = set(self.part_of.values())
        for file in self.dir.iterdir():  # a killed run's temp files and unlisted parts too
            if file.name.split(".")[0] not in parts:
                file.unlink(missing_ok=True)
        for other in self.stage_dir.iterdir():
            if other != self.dir:
                log.info("%s: results of other code, models or settings removed", other)
                shutil.rmtree(other, ignore_errors=True)

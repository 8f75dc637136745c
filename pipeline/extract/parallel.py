"""The extract stage over Dask workers: each loads the NER model and the gazetteer once and
extracts contiguous partitions of articles, reading their sentences and token offsets
itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.extract.tables import Extracted, assemble, extract_shard
from pipeline.lexicons.divisions import load_divisions
from pipeline.parallel import map_partitions, shard_ranges, threads_per_worker
from pipeline.params import ExtractParams, NerParams


@dataclass(frozen=True)
class ExtractModels:
    ner: NerParams
    ner_dir: Path
    divisions_dir: Path


if TYPE_CHECKING:
    from distributed import Client

_loaded: dict = {}


def _load(models: ExtractModels, threads: int) -> None:
    from pipeline.ner.model import load_ner_from_params

    _loaded["ner"] = load_ner_from_params(models.ner, models.ner_dir, threads)
    _loaded["divisions"] = load_divisions(models.divisions_dir)


def _read_shard(path: Path, ids: list[str], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns, filters=[("article_id", "in", ids)])


def _extract(job: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, sentences_path, tokens_path, params, papers = job
    ids = articles["article_id"].tolist()
    sentences = _read_shard(sentences_path, ids)
    # The rules need only where pkuseg words start; the token text stays on disk.
    tokens = _read_shard(tokens_path, ids, ["article_id", "sentence_idx", "start"])
    return extract_shard(
        articles, sentences, tokens, params, _loaded["divisions"], _loaded["ner"], papers
    )


def extract_in_processes(
    articles: pd.DataFrame,
    sentences_path: Path,
    tokens_path: Path,
    params: ExtractParams,
    models: ExtractModels,
    papers: dict[str, str],
    workers: int,
    client: Client | None = None,
) -> Extracted:
    """The three tables of the articles, on the client's workers (in this process without
    one); `workers` sizes the partitions. The same tables for any number of workers."""
    articles = articles[articles["kind"] == "article"].reset_index(drop=True)
    jobs = [
        (articles.iloc[s.start : s.stop], sentences_path, tokens_path, params, papers)
        for s in shard_ranges(articles["n_chars"].tolist(), workers)
    ]
    divisions = load_divisions(models.divisions_dir)
    if not jobs:
        empty = pd.read_parquet(sentences_path).iloc[:0]
        return assemble([extract_shard(articles, empty, empty, params, divisions)], divisions)
    setup = (models, threads_per_worker(workers))
    return assemble(map_partitions(_extract, jobs, client, _load, setup, "extract"), divisions)

"""The extract stage over Dask workers: each loads the NER model and the gazetteer once and
extracts contiguous partitions of articles, reading their sentences and token offsets
itself."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.extract.tables import Extracted, assemble, extract_shard
from pipeline.lexicons.divisions import load_divisions
from pipeline.parallel import map_partitions, shard_ranges, threads_per_worker
from pipeline.params import ExtractParams, NerParams
from pipeline.records import Problem


@dataclass(frozen=True)
class ExtractModels:
    ner: NerParams
    ner_dir: Path
    divisions_dir: Path


if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)
_loaded: dict = {}


def _load(models: ExtractModels, threads: int) -> None:
    from pipeline.ner.backends import load_ner_from_params

    _loaded["ner"] = load_ner_from_params(models.ner, models.ner_dir, threads)
    _loaded["divisions"] = load_divisions(models.divisions_dir)


def _read_shard(path: Path, ids: list[str], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns, filters=[("article_id", "in", ids)])


def _extract(job: tuple) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """One partition's (mentions, roles, problems). A partition that raises is recorded as
    a problem naming its articles, with no rows, and the stage goes on."""
    articles, sentences_path, tokens_path, params, papers = job
    ids = articles["article_id"].tolist()
    try:
        sentences = _read_shard(sentences_path, ids)
        # The rules need only where pkuseg words start; the token text stays on disk.
        tokens = _read_shard(tokens_path, ids, ["article_id", "sentence_idx", "start"])
        mentions, roles = extract_shard(
            articles, sentences, tokens, params, _loaded["divisions"], _loaded["ner"], papers
        )
        return mentions, roles, []
    except Exception as error:
        log.exception("extract failed on articles %s", ids)
        empty = extract_shard(articles.iloc[:0], _EMPTY, _EMPTY, params, _loaded["divisions"])
        return (*empty, partition_problems(articles, error))


# A partition's sentences and tokens when it has none to offer.
_EMPTY = pd.DataFrame(columns=["article_id", "sentence_idx", "start", "end", "text"])


def partition_problems(articles: pd.DataFrame, error: Exception) -> list[Problem]:
    """One error row per page of a failed partition, naming its articles and the error."""
    return [
        Problem(
            page_id, page_id, "error", "extract_failed",
            f"extract failed on articles {', '.join(group['article_id'])}: "
            f"{type(error).__name__}: {error}",
        )
        for page_id, group in articles.groupby("page_id", sort=True)
    ]  # fmt: skip


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
    done = map_partitions(_extract, jobs, client, _load, setup, "extract")
    extracted = assemble([(mentions, roles) for mentions, roles, _ in done], divisions)
    problems = [problem for _, _, found in done for problem in found]
    return replace(extracted, problems=tuple(problems))

"""The extract stage over worker processes: each loads the NER model and the ROLE tagger
once and extracts a contiguous shard of articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.extract.tables import Extracted, assemble, extract_shard
from pipeline.parallel import balanced_shards, map_in_processes, threads_per_worker
from pipeline.params import ExtractParams, NerParams

# More shards than workers, so a slow shard does not leave a process idle at the end.
SHARDS_PER_WORKER = 4


@dataclass(frozen=True)
class ExtractModels:
    ner: NerParams
    ner_dir: Path
    roles_dir: Path


_loaded: dict = {}


def _load(models: ExtractModels, threads: int) -> None:
    import torch

    from pipeline.ner.model import load_ner_from_params
    from pipeline.roles.tagger import RoleTagger

    torch.set_num_threads(threads)
    _loaded["ner"] = load_ner_from_params(models.ner, models.ner_dir)
    _loaded["roles"] = RoleTagger(models.roles_dir)


def _extract(job: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, sentences, tokens, params, papers = job
    return extract_shard(
        articles, sentences, tokens, params, _loaded["ner"], _loaded["roles"], papers
    )


def extract_in_processes(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    models: ExtractModels,
    papers: dict[str, str],
    workers: int,
) -> Extracted:
    """extract_corpus over `workers` processes; the same tables for any number of workers."""
    articles = articles[articles["kind"] == "article"].reset_index(drop=True)
    jobs = []
    for shard in balanced_shards(articles["n_chars"].tolist(), workers * SHARDS_PER_WORKER):
        part = articles.iloc[shard.start : shard.stop]
        ids = set(part["article_id"])
        jobs.append(
            (
                part,
                sentences[sentences["article_id"].isin(ids)],
                tokens[tokens["article_id"].isin(ids)],
                params,
                papers,
            )
        )
    if not jobs:
        return assemble([extract_shard(articles, sentences, tokens, params)])
    setup = (models, threads_per_worker(workers))
    return assemble(map_in_processes(_extract, jobs, workers, _load, setup, "extract"))

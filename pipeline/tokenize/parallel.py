"""The tokenize stage over worker processes: each builds the spaCy + pkuseg pipeline once
and tokenizes a contiguous shard of articles (sentence_idx is per article, so shards join)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.parallel import balanced_shards, map_in_processes
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles

SHARDS_PER_WORKER = 4
_loaded: dict = {}


def _load(pkuseg_dir: Path, sentence_end_chars: str, max_chunk_chars: int) -> None:
    _loaded["nlp"] = build_nlp(pkuseg_dir, sentence_end_chars)
    _loaded["max_chunk_chars"] = max_chunk_chars


def _tokenize(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return tokenize_articles(articles, _loaded["nlp"], _loaded["max_chunk_chars"])


def tokenize_in_processes(
    articles: pd.DataFrame,
    pkuseg_dir: Path,
    sentence_end_chars: str,
    max_chunk_chars: int,
    workers: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    shards = balanced_shards(articles["n_chars"].tolist(), workers * SHARDS_PER_WORKER)
    jobs = [articles.iloc[s.start : s.stop] for s in shards]
    setup = (pkuseg_dir, sentence_end_chars, max_chunk_chars)
    results = map_in_processes(_tokenize, jobs, workers, _load, setup, "tokenize")
    if not results:
        return tokenize_articles(articles.iloc[:0], build_nlp(pkuseg_dir, sentence_end_chars))
    return (
        pd.concat([s for s, _ in results], ignore_index=True),
        pd.concat([t for _, t in results], ignore_index=True),
    )

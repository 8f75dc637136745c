"""The tokenize stage over Dask workers: each builds the spaCy + pkuseg pipeline once and
tokenizes contiguous partitions of articles (sentence_idx is per article, so they join).
Partitions come back in order, one at a time, so the stage can write them as they arrive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.parallel import imap_partitions, shard_ranges
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles

if TYPE_CHECKING:
    from distributed import Client

_loaded: dict = {}


def _load(pkuseg_dir: Path, sentence_end_chars: str, max_chunk_chars: int) -> None:
    _loaded["nlp"] = build_nlp(pkuseg_dir, sentence_end_chars)
    _loaded["max_chunk_chars"] = max_chunk_chars


def _tokenize(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return tokenize_articles(articles, _loaded["nlp"], _loaded["max_chunk_chars"])


def tokenize_partitions(
    articles: pd.DataFrame,
    pkuseg_dir: Path,
    sentence_end_chars: str,
    max_chunk_chars: int,
    workers: int,
    client: Client | None = None,
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """(articles, sentences, tokens) of each partition of articles, in article order, on
    the client's workers (in this process without one); `workers` sizes the partitions."""
    sizes = articles["n_chars"].tolist()
    jobs = [articles.iloc[s.start : s.stop] for s in shard_ranges(sizes, workers)]
    setup = (pkuseg_dir, sentence_end_chars, max_chunk_chars)
    done = imap_partitions(_tokenize, jobs, client, _load, setup, "tokenize")
    for job, (sentences, tokens) in zip(jobs, done, strict=True):
        yield job, sentences, tokens


def tokenize_parts(*args, **kwargs) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(sentences, tokens) of each partition (tokenize_partitions without the articles)."""
    for _, sentences, tokens in tokenize_partitions(*args, **kwargs):
        yield sentences, tokens

"""The tokenize stage over worker processes: each builds the spaCy + pkuseg pipeline once
and tokenizes a contiguous shard of articles (sentence_idx is per article, so shards join).
Shards come back in order, one at a time, so the stage can write them as they arrive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from pipeline.parallel import imap_in_processes, shard_ranges
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles

_loaded: dict = {}


def _load(pkuseg_dir: Path, sentence_end_chars: str, max_chunk_chars: int) -> None:
    _loaded["nlp"] = build_nlp(pkuseg_dir, sentence_end_chars)
    _loaded["max_chunk_chars"] = max_chunk_chars


def _tokenize(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return tokenize_articles(articles, _loaded["nlp"], _loaded["max_chunk_chars"])


def tokenize_parts(
    articles: pd.DataFrame,
    pkuseg_dir: Path,
    sentence_end_chars: str,
    max_chunk_chars: int,
    workers: int,
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(sentences, tokens) of each shard of articles, in article order."""
    sizes = articles["n_chars"].tolist()
    jobs = [articles.iloc[s.start : s.stop] for s in shard_ranges(sizes, workers)]
    setup = (pkuseg_dir, sentence_end_chars, max_chunk_chars)
    yield from imap_in_processes(_tokenize, jobs, workers, _load, setup, "tokenize")

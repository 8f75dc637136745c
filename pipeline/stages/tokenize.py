"""DVC stage tokenize: article bodies -> sentences and tokens tables (spaCy + pkuseg).
Articles tokenized by an earlier run with the same model, settings and code are read back
from the stage cache (pipeline/stage_cache.py); only new or changed ones are tokenized."""

import logging
from pathlib import Path

import pandas as pd

from pipeline.catalog import SENTENCES, TOKENS
from pipeline.io import TableWriter, read_table, staged_outputs
from pipeline.parallel import dask_client, default_workers
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR, PKUSEG_DIR
from pipeline.schemas import ArticleTable, SentenceTable, TokenTable
from pipeline.stage_cache import (
    content_key,
    keyed,
    open_stage_cache,
)
from pipeline.tokenize.parallel import tokenize_partitions

log = logging.getLogger(__name__)


def article_keys(articles: pd.DataFrame) -> dict[str, str]:
    """article_id -> the cache key of what tokenize reads of it (its body)."""
    return {
        article_id: content_key(article_id, body)
        for article_id, body in zip(articles["article_id"], articles["body"], strict=True)
    }


def main(
    out: Path = OUTPUTS_DIR, pkuseg_dir: Path = PKUSEG_DIR, workers: int | None = None
) -> None:
    articles = read_table(out / "articles.parquet", ArticleTable)
    params = load_params()
    workers = workers or params.tokenize.workers or default_workers()
    key_of = article_keys(articles)
    cache = open_stage_cache(out, "tokenize", ("sentences", "tokens"), [pkuseg_dir])
    todo = articles[[key not in cache for key in key_of.values()]]
    log.info("%d of %d articles to tokenize, the others cached", len(todo), len(articles))
    with dask_client(
        workers, params.cluster.address, int(todo["n_chars"].sum()), params.cluster.min_chars
    ) as client:
        parts = tokenize_partitions(
            todo,
            pkuseg_dir,
            params.tokenize.sentence_end_chars,
            params.tokenize.max_chunk_chars,
            workers,
            client,
        )
        for part, sentence_part, token_part in parts:
            cache.add(
                [key_of[a] for a in part["article_id"]],
                {"sentences": keyed(sentence_part, key_of), "tokens": keyed(token_part, key_of)},
            )
    with (
        staged_outputs(out, "tokenize") as staged,
        TableWriter(staged(SENTENCES.path(out)), SentenceTable) as sentences,
        TableWriter(staged(TOKENS.path(out)), TokenTable) as tokens,
    ):
        for frames in cache.read(list(key_of.values())):
            sentences.write(frames["sentences"])
            tokens.write(frames["tokens"])
    cache.keep_only(key_of.values())


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage tokenize: article bodies -> sentences and tokens tables (spaCy + pkuseg)."""

import logging
from pathlib import Path

from pipeline.catalog import SENTENCES, TOKENS
from pipeline.io import TableWriter, read_table, staged_outputs
from pipeline.parallel import dask_client
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR, PKUSEG_DIR
from pipeline.schemas import ArticleTable, SentenceTable, TokenTable
from pipeline.tokenize.parallel import tokenize_parts


def main(
    out: Path = OUTPUTS_DIR, pkuseg_dir: Path = PKUSEG_DIR, workers: int | None = None
) -> None:
    articles = read_table(out / "articles.parquet", ArticleTable)
    params = load_params()
    workers = workers or params.tokenize.workers
    with (
        staged_outputs(out, "tokenize") as staged,
        dask_client(
            workers,
            params.cluster.address,
            int(articles["n_chars"].sum()),
            params.cluster.min_chars,
        ) as client,
        TableWriter(staged(SENTENCES.path(out)), SentenceTable) as sentences,
        TableWriter(staged(TOKENS.path(out)), TokenTable) as tokens,
    ):
        parts = tokenize_parts(
            articles,
            pkuseg_dir,
            params.tokenize.sentence_end_chars,
            params.tokenize.max_chunk_chars,
            workers,
            client,
        )
        for sentence_part, token_part in parts:
            sentences.write(sentence_part)
            tokens.write(token_part)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

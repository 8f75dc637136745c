"""DVC stage tokenize: article bodies -> sentences and tokens tables (spaCy + pkuseg)."""

import logging
from pathlib import Path

from pipeline.io import read_table, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR, PKUSEG_DIR
from pipeline.schemas import ArticleTable, SentenceTable, TokenTable
from pipeline.tokenize.parallel import tokenize_in_processes


def main(
    out: Path = OUTPUTS_DIR, pkuseg_dir: Path = PKUSEG_DIR, workers: int | None = None
) -> None:
    articles = read_table(out / "articles.parquet", ArticleTable)
    params = load_params().tokenize
    sentences, tokens = tokenize_in_processes(
        articles,
        pkuseg_dir,
        params.sentence_end_chars,
        params.max_chunk_chars,
        workers or params.workers,
    )
    write_table(sentences, SentenceTable, out / "sentences.parquet")
    write_table(tokens, TokenTable, out / "tokens.parquet")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage tokenize: article bodies -> sentences and tokens tables (spaCy + pkuseg)."""

import logging
from pathlib import Path

from pipeline.io import read_table, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR, PKUSEG_DIR
from pipeline.schemas import ArticleTable, SentenceTable, TokenTable
from pipeline.tokenize.nlp import build_nlp
from pipeline.tokenize.sentences import tokenize_articles


def main(out: Path = OUTPUTS_DIR, pkuseg_dir: Path = PKUSEG_DIR) -> None:
    articles = read_table(out / "articles.parquet", ArticleTable)
    params = load_params().tokenize
    nlp = build_nlp(pkuseg_dir, params.sentence_end_chars)
    sentences, tokens = tokenize_articles(articles, nlp, params.max_chunk_chars)
    write_table(sentences, SentenceTable, out / "sentences.parquet")
    write_table(tokens, TokenTable, out / "tokens.parquet")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

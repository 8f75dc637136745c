"""DVC stage topics: topic tables and the fitted topic model from article tokens."""

import logging
from pathlib import Path

from pipeline.catalog import (
    ARTICLE_TOPICS,
    ARTICLES,
    TOKENS,
    TOPIC_HIERARCHY,
    TOPIC_MONTHS,
    TOPICS,
)
from pipeline.io import read_table, staged_outputs, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR
from pipeline.topics.fit import fit_topics, topic_months
from pipeline.topics.model import MODEL_FILE_NAME, save_model


def main(out: Path = OUTPUTS_DIR) -> None:
    # Only the words and their article: the offsets are not needed here.
    tokens = read_table(TOKENS.path(out), TOKENS.schema, columns=["article_id", "text"])
    articles = read_table(ARTICLES.path(out), ARTICLES.schema, columns=["article_id", "date"])
    result = fit_topics(tokens, load_params().topics)
    months = topic_months(result.article_topics, articles)
    with staged_outputs(out, "topics") as staged:
        write_table(result.topics, TOPICS.schema, staged(TOPICS.path(out)))
        write_table(result.article_topics, ARTICLE_TOPICS.schema, staged(ARTICLE_TOPICS.path(out)))
        write_table(result.hierarchy, TOPIC_HIERARCHY.schema, staged(TOPIC_HIERARCHY.path(out)))
        write_table(months, TOPIC_MONTHS.schema, staged(TOPIC_MONTHS.path(out)))
        if result.model is not None:
            save_model(result.model, staged(out / MODEL_FILE_NAME))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage topics: topic tables and the fitted topic model from article tokens."""

import logging
from pathlib import Path

from pipeline.io import read_table, staged_outputs, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR
from pipeline.schemas import (
    ArticleTable,
    ArticleTopicTable,
    TokenTable,
    TopicHierarchyTable,
    TopicMonthTable,
    TopicTable,
)
from pipeline.topics.fit import fit_topics, topic_months
from pipeline.topics.model import MODEL_FILE_NAME, save_model


def main(out: Path = OUTPUTS_DIR) -> None:
    # Only the words and their article: the offsets are not needed here.
    tokens = read_table(out / "tokens.parquet", TokenTable, columns=["article_id", "text"])
    articles = read_table(out / "articles.parquet", ArticleTable, columns=["article_id", "date"])
    result = fit_topics(tokens, load_params().topics)
    months = topic_months(result.article_topics, articles)
    with staged_outputs(out, "topics") as staged:
        write_table(result.topics, TopicTable, staged(out / "topics.parquet"))
        write_table(
            result.article_topics, ArticleTopicTable, staged(out / "article_topics.parquet")
        )
        write_table(result.hierarchy, TopicHierarchyTable, staged(out / "topic_hierarchy.parquet"))
        write_table(months, TopicMonthTable, staged(out / "topic_months.parquet"))
        if result.model is not None:
            save_model(result.model, staged(out / MODEL_FILE_NAME))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage topics: topics and article_topics tables from article tokens."""

import logging
from pathlib import Path

from pipeline.io import read_table, staged_outputs, write_table
from pipeline.params import load_params
from pipeline.paths import OUTPUTS_DIR
from pipeline.schemas import ArticleTopicTable, TokenTable, TopicTable
from pipeline.topics.cluster import fit_topics


def main(out: Path = OUTPUTS_DIR) -> None:
    # Only the words and their article: the offsets are not needed here.
    tokens = read_table(out / "tokens.parquet", TokenTable, columns=["article_id", "text"])
    result = fit_topics(tokens, load_params().topics)
    with staged_outputs(out, "topics") as staged:
        write_table(result.topics, TopicTable, staged(out / "topics.parquet"))
        write_table(
            result.article_topics, ArticleTopicTable, staged(out / "article_topics.parquet")
        )


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

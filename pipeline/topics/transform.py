"""Assign new articles to the fitted topics without refitting (BERTopic's `transform`).

    python -m pipeline.topics.transform NEW_PAGES_DIR assigned.parquet
    python -m pipeline.topics.transform tokens.parquet assigned.parquet

The input is a folder of page files (segmented and tokenized here, as the pipeline does) or
a tokens table from the tokenize stage. The output has the article_topics columns
(article_id, topic_id, weight; -1 for an outlier), to join with outputs/topics.parquet; with
a folder of pages, the articles table is written beside it (…articles.parquet)."""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from pipeline.io import read_table, write_table
from pipeline.paths import OUTPUTS_DIR
from pipeline.schemas import ArticleTopicTable, TokenTable
from pipeline.topics.model import MODEL_FILE_NAME, load_model
from pipeline.topics.update import assign_topics

log = logging.getLogger(__name__)


def tokens_of_pages(pages: Path, out: Path) -> pd.DataFrame:
    """Segment and tokenize a folder of page files as the pipeline does; the articles
    table is copied to `out` (…articles.parquet)."""
    from pipeline.stages import segment, tokenize

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        segment.main(seeds=pages, out=work, metrics=work)
        tokenize.main(out=work, workers=1)
        shutil.copy(work / "articles.parquet", out.with_name(f"{out.stem}.articles.parquet"))
        return read_table(work / "tokens.parquet", TokenTable, columns=["article_id", "text"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder of page files, or a tokens .parquet")
    parser.add_argument("out", type=Path, help="where to write the assignments (.parquet)")
    parser.add_argument("--model", type=Path, default=OUTPUTS_DIR / MODEL_FILE_NAME)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    model = load_model(args.model)
    if args.source.is_dir():
        tokens = tokens_of_pages(args.source, args.out)
    else:
        tokens = read_table(args.source, TokenTable, columns=["article_id", "text"])
    assigned = write_table(assign_topics(tokens, model), ArticleTopicTable, args.out)
    best = assigned.sort_values("weight", ascending=False).drop_duplicates("article_id")
    for topic, n in best["topic_id"].value_counts().items():
        label = model.labels[topic] if topic >= 0 else "outlier"
        log.info("%4d articles: topic %d %s", n, topic, label)


if __name__ == "__main__":
    main()

"""DVC stage segment: pages -> pages, articles and page_spans tables, plus metrics."""

import logging
from pathlib import Path

from pipeline.io import read_pages, write_json, write_table
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, OUTPUTS_DIR, SEEDS_DIR
from pipeline.schemas import ArticleTable, PageSpanTable, PageTable
from pipeline.segment.metrics import segment_metrics
from pipeline.segment.tables import segment_corpus


def main(seeds: Path = SEEDS_DIR, out: Path = OUTPUTS_DIR, metrics: Path = METRICS_DIR) -> None:
    corpus = segment_corpus(read_pages(seeds), load_params().segment)
    write_table(corpus.pages, PageTable, out / "pages.parquet")
    write_table(corpus.articles, ArticleTable, out / "articles.parquet")
    write_table(corpus.page_spans, PageSpanTable, out / "page_spans.parquet")
    write_json(segment_metrics(corpus), metrics / "segment.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

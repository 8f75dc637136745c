"""DVC stage segment: pages -> pages, articles and page_spans tables, plus where every
character went (outputs/metrics/segment_accounting.json). Pages and issues whose content
is unchanged are read back from the stage cache (pipeline/stage_cache.py)."""

import logging
from pathlib import Path

from pipeline.catalog import ARTICLES, PAGE_SPANS, PAGES, PROBLEMS, problems_frame
from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.io import staged_outputs, write_json, write_table
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, OUTPUTS_DIR, ROOT, SEEDS_DIR
from pipeline.segment.metadata import page_metas
from pipeline.segment.metrics import segment_metrics
from pipeline.segment.tables import SPLIT_TABLE, segment_corpus
from pipeline.segment.tagger import segment_line_labeller
from pipeline.stage_cache import open_stage_cache


def main(seeds: Path = SEEDS_DIR, out: Path = OUTPUTS_DIR, metrics: Path = METRICS_DIR) -> None:
    params = load_params().segment
    pages, problems = read_pages_checked(
        seeds, InputLimits(params.max_page_chars, params.min_cjk_share)
    )
    metas = page_metas(seeds, [p.page_id for p in pages], params.manifest, params.path_pattern)
    cache = open_stage_cache(out, "segment", (SPLIT_TABLE,))
    corpus = segment_corpus(pages, params, metas, segment_line_labeller(params, ROOT), cache)
    problem_rows = problems_frame([*problems, *corpus.problems])
    with staged_outputs(out, "segment") as staged:
        write_table(problem_rows, PROBLEMS.schema, staged(PROBLEMS.path(out)))
        write_table(corpus.pages, PAGES.schema, staged(PAGES.path(out)))
        write_table(corpus.articles, ARTICLES.schema, staged(ARTICLES.path(out)))
        write_table(corpus.page_spans, PAGE_SPANS.schema, staged(PAGE_SPANS.path(out)))
        write_json(segment_metrics(corpus), staged(metrics / "segment_accounting.json"))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage extract: mentions, roles and entities tables from articles and sentences, and
the partitions that failed (extract_problems: their pages and articles, the error). Pages
extracted by an earlier run with the same model, settings and code are read back from the
stage cache (pipeline/stage_cache.py); the corpus-wide steps (entities, a title's usual
organisation) run over all pages every time."""

import logging
from pathlib import Path

import pandas as pd

from pipeline.catalog import (
    ENTITIES,
    EXTRACT_PROBLEMS,
    MENTIONS,
    ROLES,
    problems_frame,
)
from pipeline.extract.parallel import ExtractModels, extract_in_processes, page_keys
from pipeline.io import read_table, staged_outputs, write_table
from pipeline.parallel import dask_client, default_workers
from pipeline.params import load_params
from pipeline.paths import NER_DIR, OUTPUTS_DIR, ROOT
from pipeline.schemas import (
    ArticleTable,
    EntityTable,
    MentionTable,
    PageTable,
    ProblemTable,
    RoleTable,
)
from pipeline.stage_cache import StageCache, open_stage_cache


def uncached_chars(articles: pd.DataFrame, papers: dict[str, str], cache: StageCache) -> int:
    """Characters of the articles whose page the cache does not hold: what the models read."""
    kept = articles[articles["kind"] == "article"]
    keys = page_keys(kept, papers)
    return int(kept.loc[[keys[p] not in cache for p in kept["page_id"]], "n_chars"].sum())


def main(
    out: Path = OUTPUTS_DIR,
    model_dir: Path = NER_DIR,
    workers: int | None = None,
) -> None:
    params = load_params()
    pages = read_table(out / "pages.parquet", PageTable)
    for name in ("sentences", "tokens"):  # read shard by shard by the workers
        if not (out / f"{name}.parquet").exists():
            raise FileNotFoundError(f"{out / name}.parquet: missing; run `dvc repro` to build it")
    workers = workers or params.extract.workers or default_workers()
    articles = read_table(out / "articles.parquet", ArticleTable)
    models = ExtractModels(params.ner, model_dir, ROOT / params.data.admin_divisions)
    cache = open_stage_cache(out, "extract", ("mentions", "roles"), [model_dir])
    papers = dict(zip(pages["page_id"], pages["paper"], strict=True))
    chars = uncached_chars(articles, papers, cache)
    with dask_client(workers, params.cluster.address, chars, params.cluster.min_chars) as client:
        extracted = extract_in_processes(
            articles,
            out / "sentences.parquet",
            out / "tokens.parquet",
            params.extract,
            models,
            papers,
            workers,
            client,
            cache,
        )
    problems = problems_frame(extracted.problems)
    with staged_outputs(out, "extract") as staged:
        write_table(problems, ProblemTable, staged(EXTRACT_PROBLEMS.path(out)))
        write_table(extracted.mentions, MentionTable, staged(MENTIONS.path(out)))
        write_table(extracted.roles, RoleTable, staged(ROLES.path(out)))
        write_table(extracted.entities, EntityTable, staged(ENTITIES.path(out)))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

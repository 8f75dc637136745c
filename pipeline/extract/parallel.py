"""The extract stage over Dask workers: each loads the NER model and the gazetteer once and
extracts contiguous partitions of articles, reading their sentences and token offsets
itself."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.extract.tables import Extracted, assemble, extract_shard
from pipeline.lexicons.divisions import load_divisions
from pipeline.parallel import imap_partitions, shard_ranges
from pipeline.params import ExtractParams, NerParams
from pipeline.records import Problem
from pipeline.stage_cache import StageCache, content_key, keyed


@dataclass(frozen=True)
class ExtractModels:
    ner: NerParams
    ner_dir: Path
    divisions_dir: Path


if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)
_loaded: dict = {}


def _load(models: ExtractModels, threads: int) -> None:
    from pipeline.ner.backends import load_ner_from_params

    _loaded["ner"] = load_ner_from_params(models.ner, models.ner_dir, threads)
    _loaded["divisions"] = load_divisions(models.divisions_dir)


def _read_shard(path: Path, ids: list[str], columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns, filters=[("article_id", "in", ids)])


def _extract(job: tuple) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """One partition's (mentions, roles, problems). A partition that raises is recorded as
    a problem naming its articles, with no rows, and the stage goes on."""
    articles, sentences_path, tokens_path, params, papers = job
    ids = articles["article_id"].tolist()
    try:
        sentences = _read_shard(sentences_path, ids)
        # The rules need only where pkuseg words start; the token text stays on disk.
        tokens = _read_shard(tokens_path, ids, ["article_id", "sentence_idx", "start"])
        mentions, roles = extract_shard(
            articles, sentences, tokens, params, _loaded["divisions"], _loaded["ner"], papers
        )
        return mentions, roles, []
    except Exception as error:
        log.exception("extract failed on articles %s", ids)
        empty = extract_shard(articles.iloc[:0], _EMPTY, _EMPTY, params, _loaded["divisions"])
        return (*empty, partition_problems(articles, error))


# A partition's sentences and tokens when it has none to offer.
_EMPTY = pd.DataFrame(columns=["article_id", "sentence_idx", "start", "end", "text"])


def partition_problems(articles: pd.DataFrame, error: Exception) -> list[Problem]:
    """One error row per page of a failed partition, naming its articles and the error."""
    return [
        Problem(
            page_id, page_id, "error", "extract_failed",
            f"extract failed on articles {', '.join(group['article_id'])}: "
            f"{type(error).__name__}: {error}",
        )
        for page_id, group in articles.groupby("page_id", sort=True)
    ]  # fmt: skip


def page_keys(articles: pd.DataFrame, papers: dict[str, str]) -> dict[str, str]:
    """page_id -> the cache key of what extract reads of the page: its articles' rows (the
    sentences and tokens follow from their bodies and the tokenize fingerprint) and paper."""
    return {
        page_id: content_key(papers.get(page_id), group.to_dict("split")["data"])
        for page_id, group in articles.groupby("page_id", sort=False)
    }


def page_partitions(articles: pd.DataFrame, workers: int) -> list[pd.DataFrame]:
    """Partitions of whole pages, in page order: a page's role rows are settled together
    (full names, the same person's organisation), so a page is never split."""
    pages = [group for _, group in articles.groupby("page_id", sort=False)]
    sizes = [int(group["n_chars"].sum()) for group in pages]
    return [pd.concat(pages[s.start : s.stop]) for s in shard_ranges(sizes, workers)]


def extract_in_processes(
    articles: pd.DataFrame,
    sentences_path: Path,
    tokens_path: Path,
    params: ExtractParams,
    models: ExtractModels,
    papers: dict[str, str],
    workers: int,
    client: Client | None = None,
    cache: StageCache | None = None,
) -> Extracted:
    """The three tables of the articles, on the client's workers (in this process without
    one); `workers` sizes the partitions. The same tables for any number of workers. With
    a `cache`, pages it holds are read back and the others' rows are added to it."""
    articles = articles[articles["kind"] == "article"].reset_index(drop=True)
    divisions = load_divisions(models.divisions_dir)
    if articles.empty:
        empty = pd.read_parquet(sentences_path).iloc[:0]
        return assemble([extract_shard(articles, empty, empty, params, divisions)], divisions)
    key_of_page = page_keys(articles, papers)
    if cache is not None:
        todo = articles[[key_of_page[page] not in cache for page in articles["page_id"]]]
        log.info("%d of %d pages to extract, the others cached", todo["page_id"].nunique(),
                 len(key_of_page))  # fmt: skip
    else:
        todo = articles
    jobs = [
        (part, sentences_path, tokens_path, params, papers)
        for part in page_partitions(todo, workers)
    ]
    done = imap_partitions(_extract, jobs, client, _load, (models, 1), "extract")
    shards, problems = [], []
    key_of = dict(zip(articles["article_id"], articles["page_id"].map(key_of_page), strict=True))
    for (part, *_), (mentions, roles, found) in zip(jobs, done, strict=True):
        problems += found
        if cache is None:
            shards.append((mentions, roles))
        elif not found:  # a failed partition is tried again next run
            keys = [key_of_page[page] for page in part["page_id"].unique()]
            cache.add(keys, {"mentions": keyed(mentions, key_of), "roles": keyed(roles, key_of)})
    if cache is not None:
        shards = [(f["mentions"], f["roles"]) for f in cache.read(list(key_of_page.values()))]
        cache.keep_only(key_of_page.values())
    if not shards:
        shards = [extract_shard(articles.iloc[:0], _EMPTY, _EMPTY, params, divisions)]
    return replace(assemble(shards, divisions), problems=tuple(problems))

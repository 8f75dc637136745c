"""Article precision / recall / F1 of page splitting on labelled pages (clean, and with
simulated print noise) and on the seed pages, plus how often the heading and source
fields of the articles found are exactly right."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline.params import SegmentParams
from pipeline.records import PageText
from pipeline.segment.gold import GoldArticle, GoldPage, normalise, score_page, title_keys, total
from pipeline.segment.metadata import PageMeta
from pipeline.segment.noise import NoiseSettings, noisy_page
from pipeline.segment.tables import SegmentedCorpus, segment_corpus
from pipeline.segment.tagger import LineLabeller

FIELDS = ("kicker", "subtitle", "source")
# The gold's finer types, as the four types zhnews writes.
GOLD_TYPES = {
    "news": "news",
    "photo": "photo",
    "photo/graphic (title only)": "photo",
    "commentary": "commentary",
    "editorial (社论)": "commentary",
    "notice/advertisement": "notice",
}


def _field_matches(gold: GoldPage, articles: pd.DataFrame) -> dict[str, list[bool]]:
    """For each gold article found, whether each field came out exactly (spaces ignored)."""
    by_title = {normalise(row.title): row for row in articles.itertuples()}
    matches: dict[str, list[bool]] = defaultdict(list)
    for article in gold.articles:
        # The article table's title is the title core; the printed title may still match.
        row = next((by_title[k] for k in title_keys(article) if k in by_title), None)
        if row is None:
            continue
        found = {"kicker": row.kicker, "subtitle": row.subtitle, "source": row.source_tag}
        wanted = {"kicker": article.kicker, "subtitle": article.subtitle, "source": article.source}
        for name in FIELDS:
            matches[name].append(normalise(found[name]) == normalise(wanted[name]))
        if article.kind in GOLD_TYPES:
            matches["type"].append(row.type == GOLD_TYPES[article.kind])
    return matches


def _group_of(article: GoldArticle) -> tuple[str, str]:
    """(type, heading shape) of a gold article: its type among the four (other types as
    `other`) and whether a dateline follows its headings."""
    kind = GOLD_TYPES.get(article.kind, "other")
    return kind, "dateline" if article.source else "no_dateline"


def _misses(gold: GoldPage, found_titles: list[str | None]) -> list[tuple[tuple[str, str], bool]]:
    """For each gold article, its group and whether an output article has its title."""
    found = {normalise(t) for t in found_titles}
    return [(_group_of(a), bool(title_keys(a) & found)) for a in gold.articles]


def _miss_table(found: list[tuple[tuple[str, str], bool]]) -> dict:
    """Gold articles and misses per article type and per heading shape."""
    table: dict[str, dict[str, dict]] = {"by_type": {}, "by_heading": {}}
    for axis, index in (("by_type", 0), ("by_heading", 1)):
        for name in sorted({group[index] for group, _ in found}):
            hits = [ok for group, ok in found if group[index] == name]
            table[axis][name] = {
                "n_gold": len(hits),
                "missed": hits.count(False),
                "recall": round(sum(hits) / len(hits), 4),
            }
    return table


def evaluate_gold_pages(
    pages: list[GoldPage],
    params: SegmentParams,
    line_model: LineLabeller | None,
    noise_seed: int | None = None,
) -> dict:
    """Split each page on its own (copies are merged within a page only: the gold repeats
    an article continued on another page) and score it; with `noise_seed`, page i is first
    made noisy with `random.Random(noise_seed + i)`."""
    scores, fields, found = [], defaultdict(list), []
    n_chars = 0
    for i, page in enumerate(pages):
        text = (
            page.text
            if noise_seed is None
            else noisy_page(page, random.Random(noise_seed + i), NoiseSettings()).text
        )
        n_chars += len(text)
        meta = PageMeta(
            paper=page.paper,
            date=date.fromisoformat(page.date) if page.date else None,
            page_no=page.page_no,
        )
        corpus = segment_corpus(
            [PageText(page.page_id, page.page_id, text)],
            params,
            {page.page_id: meta},
            line_model,
        )
        articles = corpus.articles[corpus.articles["kind"] == "article"]
        scores.append(score_page(page, articles["title"].tolist()))
        found += _misses(page, articles["title"].tolist())
        for name, matched in _field_matches(page, articles).items():
            fields[name] += matched
    return {
        **total(scores).as_dict(),
        "n_pages": len(pages),
        "n_chars": n_chars,
        "fields_exact": {
            name: round(sum(matched) / len(matched), 4) if matched else None
            for name, matched in fields.items()
        },
        "misses": _miss_table(found),
    }


def read_seed_titles(path: Path) -> dict[str, list[str]]:
    """page_id -> titles in reading order, from a TSV with page_id and title columns."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: seed titles not found")
    titles: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for number, row in enumerate(rows, 2):
            if not row.get("page_id") or not row.get("title"):
                raise ValueError(f"{path}:{number}: a row needs page_id and title")
            titles[row["page_id"]].append(row["title"])
    return dict(titles)


def score_titles(corpus: SegmentedCorpus, titles: dict[str, list[str]]) -> dict:
    """Article P/R/F1 of a segmented corpus against hand-listed titles per page."""
    scores = []
    articles = corpus.articles[corpus.articles["kind"] == "article"]
    for page_id, wanted in titles.items():
        gold = GoldPage(page_id, None, None, None, "seed", "", tuple(_titled(t) for t in wanted))
        scores.append(score_page(gold, articles.loc[articles["page_id"] == page_id, "title"]))
    accounted = corpus.page_spans.assign(n=lambda s: s["end"] - s["start"])["n"].sum()
    n_chars = int(corpus.pages["n_chars"].sum())
    return {
        **total(scores).as_dict(),
        "n_teasers": int((corpus.articles["kind"] == "teaser").sum()),
        "share_accounted": round(float(accounted) / n_chars, 6) if n_chars else 1.0,
    }


def _titled(title: str) -> GoldArticle:
    return GoldArticle(title, title, None, None, None, None, (), (), "news", (0, 0))


def evaluate_seeds(
    pages: list[PageText],
    metas: dict[str, PageMeta],
    titles: dict[str, list[str]],
    params: SegmentParams,
    line_model: LineLabeller | None,
) -> dict:
    """The seed pages as the pipeline splits them (each paper's splitter), and with the line
    model alone: how a 联谊报 page fares when its paper is not recognised."""
    model_only = replace(params, splitters={}, default_splitter="model")
    return {
        "as_configured": score_titles(segment_corpus(pages, params, metas, line_model), titles),
        "line_model_only": score_titles(
            segment_corpus(pages, model_only, metas, line_model), titles
        ),
    }

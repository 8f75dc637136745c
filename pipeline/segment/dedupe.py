"""Merge repeated copies of an article: the fuller text wins, the copy is recorded.

Pages repeat articles in slightly different versions (page 000 prints 我省聚力打造服务业六大高地
twice, one copy with an extra paragraph). Copies are found by the share of character
n-grams they have in common, measured against the smaller copy, so a short copy inside a
long one still matches.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import replace

from pipeline.params import SegmentParams
from pipeline.segment.articles import Article

log = logging.getLogger(__name__)


def shingles(text: str, size: int) -> set[str]:
    """Character n-grams over letters and digits only, so punctuation variants still match."""
    chars = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())
    return {chars[i : i + size] for i in range(len(chars) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _merge(winner: Article, copy: Article) -> Article:
    """Fold `copy` into `winner`: missing fields are filled from the copy, its text is kept
    on record as `merged_copy` spans pointing at the winner."""
    fills = {
        name: getattr(copy, name)
        for name in ("title", "subtitle", "source_tag", "byline")
        if getattr(winner, name) is None and getattr(copy, name) is not None
    }
    taken = {"title", "subtitle"} if "title" in fills else set()
    if "byline" in fills:
        taken.add("byline")
        fills["reporters"] = copy.reporters
    if "source_tag" in fills:
        taken.add("source_tag")
    copy_claims = [
        replace(claim, part=claim.part if claim.part in taken else "merged_copy")
        for claim in copy.claims
    ]
    return replace(
        winner,
        **fills,
        claims=winner.claims + copy_claims,
        merged_copies=winner.merged_copies + copy.merged_copies + 1,
    )


def merge_copies(
    articles: list[Article], params: SegmentParams, issue_of: dict[str, str] | None = None
) -> list[Article]:
    """Articles with each set of copies merged into its fullest member; teasers untouched.
    Copies are looked for within one issue (`issue_of`: page_id -> the page's date, or the
    page itself when undated), which keeps a large corpus from comparing every pair."""
    issue_of = issue_of or {}
    merged: list[Article] = []
    issues: dict[str, list[Article]] = {}
    for article in articles:
        issues.setdefault(issue_of.get(article.page_id, ""), []).append(article)
    for issue_articles in issues.values():
        merged += merge_within_issue(issue_articles, params)
    return in_page_order(merged)


def in_page_order(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.page_id, a.position))


def merge_within_issue(articles: list[Article], params: SegmentParams) -> list[Article]:
    """One issue's articles (in page order) with its copies merged."""
    kept: list[Article] = []
    kept_shingles: list[set[str]] = []
    for article in articles:
        if article.kind != "article" or not article.body:
            kept.append(article)
            kept_shingles.append(set())
            continue
        grams = shingles(article.body, params.shingle_chars)
        match = next(
            (
                i
                for i, other in enumerate(kept_shingles)
                if containment(grams, other) >= params.duplicate_containment
            ),
            None,
        )
        if match is None:
            kept.append(article)
            kept_shingles.append(grams)
            continue
        earlier = kept[match]
        if len(article.body) > len(earlier.body):
            kept[match], kept_shingles[match] = _merge(article, earlier), grams
        else:
            kept[match] = _merge(earlier, article)
        log.info(
            "merged a repeated copy of %r (%s #%d and %s #%d)",
            kept[match].title,
            earlier.page_id,
            earlier.position,
            article.page_id,
            article.position,
        )
    return kept

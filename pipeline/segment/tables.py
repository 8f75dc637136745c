"""Segment a corpus of pages into the pages, articles and page_spans tables."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.inputs import Problem
from pipeline.io import PageText
from pipeline.params import SegmentParams
from pipeline.segment.articles import Article, build_articles
from pipeline.segment.dedupe import merge_copies
from pipeline.segment.layout import PageLayout, lay_out_page
from pipeline.segment.lines import DATE_RE, LineClassifier, Piece, pointer_sections

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "article_id",
    "page_id",
    "position",
    "kind",
    "title",
    "subtitle",
    "source_tag",
    "byline",
    "reporters",
    "body",
    "n_chars",
    "merged_copies",
    "page_ref",
    "date",
]


@dataclass(frozen=True)
class SegmentedCorpus:
    pages: pd.DataFrame
    articles: pd.DataFrame
    page_spans: pd.DataFrame
    problems: tuple[Problem, ...] = ()


def _page_date(layout: PageLayout) -> date | None:
    for _, piece in layout.metadata:
        if match := DATE_RE.search(piece.text):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
    return None


def _page_row(page: PageText, layout: PageLayout, params: SegmentParams) -> dict:
    first = {part: piece.text for part, piece in reversed(layout.metadata)}
    return {
        "page_id": page.page_id,
        "source_path": page.source_path,
        "paper": first.get("paper", params.default_paper),
        "section": first.get("section"),
        "date": _page_date(layout),
        "n_chars": len(page.text),
    }


def _tile(page: PageText, claimed: list[tuple[Piece, str, str, str | None]]) -> list[dict]:
    """Span rows for one page: the claimed pieces plus whitespace between them."""
    rows = []
    position = 0
    for piece, kind, part, article_id in sorted(claimed, key=lambda c: c[0].start):
        if piece.start < position:
            raise AssertionError(f"{page.source_path}: span at {piece.start} claimed twice")
        if piece.start > position:
            rows.append((position, piece.start, "skipped", "whitespace", None))
        rows.append((piece.start, piece.end, kind, part, article_id))
        position = piece.end
    if position < len(page.text):
        rows.append((position, len(page.text), "skipped", "whitespace", None))
    return [
        dict(
            zip(["start", "end", "kind", "part", "article_id"], row, strict=True),
            page_id=page.page_id,
        )
        for row in rows
    ]


def segment_corpus(pages: list[PageText], params: SegmentParams) -> SegmentedCorpus:
    """Split every page into articles and teasers, merge repeated copies, account for text."""
    classifier = LineClassifier.build(params, pointer_sections(p.text for p in pages))
    layouts: dict[str, PageLayout] = {}
    drafted: list[Article] = []
    problems: list[Problem] = []
    kept: list[PageText] = []
    for page in pages:
        # A page the segmenter cannot handle is reported and left out; the others go on.
        try:
            layout = lay_out_page(page.text, classifier)
            drafts = build_articles(layout.drafts, page.page_id, params)
        except Exception as error:
            detail = f"{page.source_path}: segmentation failed: {type(error).__name__}: {error}"
            log.error(detail)
            problems.append(
                Problem(page.source_path, page.page_id, "error", "segment_failed", detail)
            )
            continue
        layouts[page.page_id] = layout
        drafted += drafts
        kept.append(page)
    pages = kept
    dates = {p.page_id: _page_date(layouts[p.page_id]) for p in pages}
    issue_of = {page_id: str(day) if day else page_id for page_id, day in dates.items()}
    articles = merge_copies(drafted, params, issue_of)

    page_rows = {p.page_id: _page_row(p, layouts[p.page_id], params) for p in pages}
    claimed: dict[str, list] = {p.page_id: [] for p in pages}
    for article in articles:
        for claim in article.claims:  # a merged copy's claims keep the page they came from
            claimed[claim.page_id].append(
                (claim.piece, article.kind, claim.part, article.article_id)
            )
    for page_id, layout in layouts.items():
        claimed[page_id] += [(piece, "page", part, None) for part, piece in layout.metadata]
        claimed[page_id] += [(piece, "skipped", "byline", None) for piece in layout.orphan_bylines]

    by_id = {p.page_id: p for p in pages}
    span_rows = [row for page_id, c in claimed.items() for row in _tile(by_id[page_id], c)]
    article_rows = [
        {
            "article_id": a.article_id,
            "page_id": a.page_id,
            "position": a.position,
            "kind": a.kind,
            "title": a.title,
            "subtitle": a.subtitle,
            "source_tag": a.source_tag,
            "byline": a.byline,
            "reporters": a.reporters,
            "body": a.body,
            "n_chars": len(a.body),
            "merged_copies": a.merged_copies,
            "page_ref": a.page_ref,
            "date": page_rows[a.page_id]["date"],
        }
        for a in articles
    ]
    frame = pd.DataFrame(article_rows, columns=ARTICLE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    counts = frame[frame["kind"] == "article"].groupby("page_id").size()
    page_frame = pd.DataFrame(list(page_rows.values()))
    page_frame["n_articles"] = page_frame["page_id"].map(counts).fillna(0).astype(int)
    page_frame["date"] = pd.to_datetime(page_frame["date"])
    for page_id, n in counts.items():
        log.info("%s: %d articles", page_id, n)
    return SegmentedCorpus(
        pages=page_frame,
        articles=frame,
        page_spans=pd.DataFrame(
            span_rows, columns=["page_id", "start", "end", "kind", "part", "article_id"]
        ),
        problems=tuple(problems),
    )

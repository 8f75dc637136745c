"""Segment a corpus of pages into the pages, articles and page_spans tables."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.lexicons import read_words
from pipeline.parallel import progress_bar
from pipeline.params import SegmentParams
from pipeline.paths import ROOT
from pipeline.records import PageText, Problem
from pipeline.segment.articles import Article, build_articles
from pipeline.segment.dedupe import merge_copies
from pipeline.segment.fields import dateline_fields
from pipeline.segment.layout import PageLayout, lay_out_labelled, lay_out_page
from pipeline.segment.line_model import LineModel, load_line_model
from pipeline.segment.lines import DATE_RE, LineClassifier, Piece, pointer_sections, split_lines
from pipeline.segment.metadata import PageMeta, paper_in_text

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = [
    "article_id",
    "page_id",
    "position",
    "kind",
    "type",
    "kicker",
    "title",
    "subtitle",
    "column_tag",
    "source_tag",
    "source_place",
    "source_date",
    "byline",
    "reporters",
    "body",
    "n_chars",
    "merged_copies",
    "page_ref",
    "date",
]
PAGE_NO_RE = re.compile(r"^第?(?P<n>\d{1,3})\s*版")


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


def _page_no(layout: PageLayout) -> int | None:
    """The 版 a page's furniture prints: 第4版 / 4版·要闻."""
    for _, piece in layout.metadata:
        for part in piece.text.split():
            if match := PAGE_NO_RE.match(part):
                return int(match["n"])
    return None


def _page_row(page: PageText, layout: PageLayout, meta: PageMeta, splitter: str) -> dict:
    first = {part: piece.text for part, piece in reversed(layout.metadata)}
    found = PageMeta(first.get("paper"), _page_date(layout), _page_no(layout))
    meta = meta.filled_from(found)
    return {
        "page_id": page.page_id,
        "source_path": page.source_path,
        "paper": meta.paper,
        "section": first.get("section"),
        "date": meta.date,
        "page_no": meta.page_no,
        "splitter": splitter,
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


def page_splitter(meta: PageMeta, params: SegmentParams) -> str:
    """`rules` or `model`: the splitter params.yaml names for the page's paper."""
    return params.splitters.get(meta.paper or "", params.default_splitter)


def segment_corpus(
    pages: list[PageText],
    params: SegmentParams,
    metas: dict[str, PageMeta] | None = None,
    line_model: LineModel | None = None,
) -> SegmentedCorpus:
    """Split every page into articles and teasers, merge repeated copies, account for text.

    `metas` (by page id) gives what the manifest or file path says of a page; the paper,
    from there or from the page's own masthead or source tags, picks the splitter. The line
    model is read from `params.line_model` when a page needs it and none is given."""
    classifier = LineClassifier.build(
        params, {*pointer_sections(p.text for p in pages), *read_words("sections.txt")}
    )
    layouts: dict[str, PageLayout] = {}
    page_metas: dict[str, PageMeta] = {}
    splitters: dict[str, str] = {}
    drafted: list[Article] = []
    problems: list[Problem] = []
    kept: list[PageText] = []
    with progress_bar(len(pages), "segment") as bar:
        for page in pages:
            bar.update(1)
            meta = (metas or {}).get(page.page_id, PageMeta())
            lines = [p.text for p in split_lines(page.text)]
            paper = meta.paper or paper_in_text(lines, params.papers)
            meta = meta.filled_from(PageMeta(paper=paper or params.default_paper))
            splitter = page_splitter(meta, params)
            if splitter == "model" and line_model is None:
                line_model = load_line_model(ROOT / params.line_model, classifier)
            # A page the segmenter cannot handle is reported and left out; the others go on.
            try:
                layout = (
                    lay_out_labelled(page.text, line_model.labels, classifier)
                    if splitter == "model"
                    else lay_out_page(page.text, classifier)
                )
                drafts = build_articles(layout.drafts, page.page_id, params, layout.title_scores)
            except Exception as error:
                detail = f"{page.source_path}: segmentation failed: {type(error).__name__}: {error}"
                log.error(detail)
                problems.append(
                    Problem(page.source_path, page.page_id, "error", "segment_failed", detail)
                )
                continue
            layouts[page.page_id] = layout
            page_metas[page.page_id] = meta
            splitters[page.page_id] = splitter
            drafted += drafts
            kept.append(page)
    pages = kept
    page_rows = {
        p.page_id: _page_row(p, layouts[p.page_id], page_metas[p.page_id], splitters[p.page_id])
        for p in pages
    }
    # Copies are looked for within one issue: one paper on one day.
    issue_of = {
        page_id: f"{row['paper']}/{row['date']}" if row["date"] else page_id
        for page_id, row in page_rows.items()
    }
    articles = merge_copies(drafted, params, issue_of)

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
            "type": a.type,
            "kicker": a.kicker,
            "title": a.title,
            "subtitle": a.subtitle,
            "column_tag": a.column_tag,
            "source_tag": a.source_tag,
            **dict(
                zip(
                    ["source_place", "source_date"],
                    dateline_fields(a.source_tag, page_rows[a.page_id]["date"]),
                    strict=True,
                )
            ),
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
    for column in ("date", "source_date"):
        frame[column] = pd.to_datetime(frame[column])
    counts = frame[frame["kind"] == "article"].groupby("page_id").size()
    page_frame = pd.DataFrame(list(page_rows.values()))
    page_frame["n_articles"] = page_frame["page_id"].map(counts).fillna(0).astype(int)
    page_frame["date"] = pd.to_datetime(page_frame["date"])
    page_frame["page_no"] = page_frame["page_no"].astype("Int64")
    for page_id, n in counts.items():
        log.debug("%s: %d articles", page_id, n)
    return SegmentedCorpus(
        pages=page_frame,
        articles=frame,
        page_spans=pd.DataFrame(
            span_rows, columns=["page_id", "start", "end", "kind", "part", "article_id"]
        ),
        problems=tuple(problems),
    )

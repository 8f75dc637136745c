"""Segment a corpus of pages into the pages, articles and page_spans tables."""

from __future__ import annotations

import logging
import pickle
import re
from dataclasses import astuple, dataclass, field, replace
from datetime import date

import pandas as pd

from pipeline.parallel import progress_bar
from pipeline.params import SegmentParams
from pipeline.records import PageText, Problem
from pipeline.schemas import ArticleTable, PageSpanTable, PageTable
from pipeline.segment.articles import Article, build_articles
from pipeline.segment.dedupe import in_page_order, merge_within_issue
from pipeline.segment.fields import dateline_fields
from pipeline.segment.layout import PageLayout, lay_out_labelled, lay_out_page
from pipeline.segment.lines import DATE_RE, Piece, line_classifier, split_lines
from pipeline.segment.metadata import PageMeta, paper_in_text
from pipeline.segment.tagger import LineLabeller
from pipeline.stage_cache import KEY, StageCache, content_key

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = list(ArticleTable.to_schema().columns)
PAGE_COLUMNS = [c for c in PageTable.to_schema().columns if c != "n_articles"]
SPAN_COLUMNS = list(PageSpanTable.to_schema().columns)
# Columns copied as they are from an Article; the others are derived in _article_row.
ARTICLE_FIELDS = [
    c for c in ARTICLE_COLUMNS if c not in ("source_place", "source_date", "n_chars", "date")
]
PAGE_NO_RE = re.compile(r"^第?(?P<n>\d{1,3})\s*版")
# The stage cache's one table: a pickled _PageSplit (page_key) or an issue's merged
# articles (issue_key) per key.
SPLIT_TABLE = "split"


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


def _split_page(
    page: PageText, splitter: str, params: SegmentParams, classifier, line_model
) -> tuple[PageLayout, list[Article]]:
    layout = (
        lay_out_labelled(page.text, line_model.labels, classifier)
        if splitter == "model"
        else lay_out_page(page.text, classifier)
    )
    return layout, build_articles(layout.drafts, page.page_id, params, layout.title_scores)


@dataclass
class _SplitPages:
    """What splitting each page gave, by page id in page order; pages that failed are
    left out. `keys`: each page's cache key (page_key)."""

    layouts: dict[str, PageLayout] = field(default_factory=dict)
    rows: dict[str, dict] = field(default_factory=dict)
    drafts: dict[str, list[Article]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _PageSplit:
    """One page's share of _SplitPages, as the stage cache keeps it. The layout keeps what
    the span rows need (metadata, orphan bylines); its drafts are in `drafts`."""

    layout: PageLayout
    row: dict
    drafts: list[Article]


def _page_metas(pages, params, metas) -> dict[str, PageMeta]:
    """What the manifest or path says of each page, the paper filled from its own text."""
    found = {}
    for page in pages:
        meta = (metas or {}).get(page.page_id, PageMeta())
        paper = meta.paper or paper_in_text([p.text for p in split_lines(page.text)], params.papers)
        found[page.page_id] = meta.filled_from(PageMeta(paper=paper or params.default_paper))
    return found


def page_key(page: PageText, meta: PageMeta) -> str:
    """A page's cache key: its text and what the manifest or its path says of it."""
    return content_key("page", page.page_id, page.source_path, page.text, *astuple(meta))


def issue_key(page_keys: list[str]) -> str:
    """An issue's cache key: its pages' keys in page order (its drafts follow from them)."""
    return content_key("issue", page_keys)


def _cached(cache: StageCache | None, keys: list[str]) -> dict[str, object]:
    """The objects the cache holds for those of `keys` it has."""
    if cache is None:
        return {}
    held = [key for key in keys if key in cache]
    blobs = [blob for frames in cache.read(held) for blob in frames[SPLIT_TABLE]["blob"]]
    return {key: pickle.loads(blob) for key, blob in zip(held, blobs, strict=True)}


def _split_new_pages(pages, params, metas, line_model) -> tuple[dict[str, _PageSplit], list]:
    """Split the pages not in the cache: each page's split by page id, and the problems."""
    filled = _page_metas(pages, params, metas)
    needing = {m.paper for m in filled.values() if page_splitter(m, params) == "model"}
    if needing and line_model is None:
        raise ValueError(f"pages of {sorted(map(str, needing))} need the line model; none given")
    classifier = line_classifier(params)
    splits, problems = {}, []
    with progress_bar(len(pages), "segment") as bar:
        for page in pages:
            bar.update(1)
            splitter = page_splitter(filled[page.page_id], params)
            # A page the segmenter cannot handle is reported and left out; the others go on.
            try:
                layout, drafts = _split_page(page, splitter, params, classifier, line_model)
            except Exception as error:
                detail = f"{page.source_path}: segmentation failed: {type(error).__name__}: {error}"
                log.error(detail)
                problems.append(
                    Problem(page.source_path, page.page_id, "error", "segment_failed", detail)
                )
                continue
            splits[page.page_id] = _PageSplit(
                replace(layout, drafts=[], title_scores={}),
                _page_row(page, layout, filled[page.page_id], splitter),
                drafts,
            )
    return splits, problems


def _split_pages(pages, params, metas, line_model, cache, new_items) -> _SplitPages:
    """Every page split, read back from `cache` when it holds the page's key; the new
    splits are added to `new_items` (key -> object). A failed page is never cached."""
    keys = {p.page_id: page_key(p, (metas or {}).get(p.page_id, PageMeta())) for p in pages}
    cached = _cached(cache, list(keys.values()))
    new = [p for p in pages if keys[p.page_id] not in cached]
    splits, problems = _split_new_pages(new, params, metas, line_model)
    new_items.update({keys[page_id]: one for page_id, one in splits.items()})
    split = _SplitPages(problems=problems)
    for page in pages:
        one = cached.get(keys[page.page_id]) or splits.get(page.page_id)
        if one is None:
            continue
        split.layouts[page.page_id] = one.layout
        split.rows[page.page_id] = one.row
        split.drafts[page.page_id] = one.drafts
        split.keys[page.page_id] = keys[page.page_id]
    return split


def _merged_articles(split: _SplitPages, params, cache, new_items) -> tuple[list[Article], list]:
    """Every issue's articles with repeated copies merged (copies are looked for within
    one issue: one paper on one day, an undated page alone), read back from `cache` when
    it holds the issue's key; the new ones are added to `new_items`. Also the issues' keys."""
    issues: dict[str, list[str]] = {}
    for page_id, row in split.rows.items():
        issue = f"{row['paper']}/{row['date']}" if row["date"] else page_id
        issues.setdefault(issue, []).append(page_id)
    key_of = {issue: issue_key([split.keys[p] for p in ids]) for issue, ids in issues.items()}
    cached = _cached(cache, list(key_of.values()))
    merged: list[Article] = []
    for issue, page_ids in issues.items():
        key = key_of[issue]
        if key not in cached:
            drafts = [a for page_id in page_ids for a in split.drafts[page_id]]
            new_items[key] = merge_within_issue(drafts, params)
        merged += cached[key] if key in cached else new_items[key]
    return in_page_order(merged), list(key_of.values())


def _span_rows(pages: list[PageText], split: _SplitPages, articles: list[Article]) -> list[dict]:
    """Every character of every page: article and teaser claims, page metadata, skipped."""
    claimed: dict[str, list] = {page_id: [] for page_id in split.layouts}
    for article in articles:
        article_id = article.article_id  # a hash of the body: once per article
        for claim in article.claims:  # a merged copy's claims keep the page they came from
            claimed[claim.page_id].append((claim.piece, article.kind, claim.part, article_id))
    for page_id, layout in split.layouts.items():
        claimed[page_id] += [(piece, "page", part, None) for part, piece in layout.metadata]
        claimed[page_id] += [(piece, "skipped", "byline", None) for piece in layout.orphan_bylines]
    by_id = {p.page_id: p for p in pages}
    return [row for page_id, c in claimed.items() for row in _tile(by_id[page_id], c)]


def _article_row(article: Article, page_date: date | None) -> dict:
    place, source_date = dateline_fields(article.source_tag, page_date)
    return {
        **{name: getattr(article, name) for name in ARTICLE_FIELDS},
        "source_place": place,
        "source_date": source_date,
        "n_chars": len(article.body),
        "date": page_date,
    }


def _article_frame(articles: list[Article], rows: dict[str, dict]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [_article_row(a, rows[a.page_id]["date"]) for a in articles], columns=ARTICLE_COLUMNS
    )
    for column in ("date", "source_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _page_frame(rows: dict[str, dict], articles: pd.DataFrame) -> pd.DataFrame:
    counts = articles[articles["kind"] == "article"].groupby("page_id").size()
    frame = pd.DataFrame(list(rows.values()), columns=PAGE_COLUMNS)
    frame["n_articles"] = frame["page_id"].map(counts).fillna(0).astype(int)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["page_no"] = frame["page_no"].astype("Int64")
    return frame


def segment_corpus(
    pages: list[PageText],
    params: SegmentParams,
    metas: dict[str, PageMeta] | None = None,
    line_model: LineLabeller | None = None,
    cache: StageCache | None = None,
) -> SegmentedCorpus:
    """Split every page into articles and teasers, merge repeated copies, account for text.

    `metas` (by page id) gives what the manifest or file path says of a page; the paper,
    from there or from the page's own masthead or source tags, picks the splitter. Pages
    whose splitter is the line model need `line_model` (load_line_labeller). With `cache`
    (its table SPLIT_TABLE), a page's split and an issue's merged copies are read back
    when their content is unchanged; the tables are built from them as in a full run."""
    new_items: dict[str, object] = {}
    split = _split_pages(pages, params, metas, line_model, cache, new_items)
    pages = [p for p in pages if p.page_id in split.layouts]
    articles, issue_keys = _merged_articles(split, params, cache, new_items)
    if cache is not None:
        if new_items:
            blobs = [pickle.dumps(item, pickle.HIGHEST_PROTOCOL) for item in new_items.values()]
            rows = pd.DataFrame({KEY: list(new_items), "blob": blobs})
            cache.add(new_items, {SPLIT_TABLE: rows})
        cache.keep_only([*split.keys.values(), *issue_keys])
    article_frame = _article_frame(articles, split.rows)
    return SegmentedCorpus(
        pages=_page_frame(split.rows, article_frame),
        articles=article_frame,
        page_spans=pd.DataFrame(_span_rows(pages, split, articles), columns=SPAN_COLUMNS),
        problems=tuple(split.problems),
    )

"""Turn a page's drafts into finished articles and teasers, each with its source spans."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

from pipeline.params import SegmentParams
from pipeline.segment.body import assemble_body
from pipeline.segment.fields import article_type, credit_names, split_column_tag
from pipeline.segment.layout import Draft, pointer_ref, teaser_title
from pipeline.segment.lines import Piece, parse_byline

TITLE_DASH_RE = re.compile(r"\s*——+\s*")


@dataclass(frozen=True)
class Claim:
    """A piece of a page taken by a row, and the part it plays there (PageSpanTable.part)."""

    page_id: str
    piece: Piece
    part: str


@dataclass
class Article:
    page_id: str
    position: int
    kind: str
    title: str | None
    subtitle: str | None
    source_tag: str | None
    byline: str | None
    reporters: list[str]
    body: str
    page_ref: str | None
    claims: list[Claim] = field(default_factory=list)
    merged_copies: int = 0
    kicker: str | None = None
    column_tag: str | None = None  # 人民论坛, printed in brackets after the title
    type: str | None = None  # news / photo / commentary / notice; None for teasers

    @property
    def article_id(self) -> str:
        """Stable across runs and machines: a hash of where the row is and what it says."""
        key = "\x1f".join(
            [self.page_id, str(self.position), self.kind, self.title or "", self.body]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _dash_parts(text: str) -> list[str]:
    """X——Y -> [X, Y]; a dash inside brackets stays: 着力…（在…指引下——新时代 新作为）."""
    parts, start = [], 0
    for match in TITLE_DASH_RE.finditer(text):
        before = text[: match.start()]
        if before.count("（") + before.count("(") > before.count("）") + before.count(")"):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    return [*parts, text[start:]]


def split_title(headings: list[Piece]) -> tuple[str | None, str | None]:
    """First headline part is the title, the rest the subtitle (X——Y counts as two parts)."""
    parts = [p for h in headings for p in _dash_parts(h.text) if p.strip()]
    if not parts:
        return None, None
    return parts[0].strip(), " ".join(p.strip() for p in parts[1:]) or None


def _title_index(headings: list[Piece], scores: dict[int, tuple[float, ...]]) -> int | None:
    """Which heading line is the title, decided for the stack as a whole: the lines above it
    are kickers (引题) and those below subtitles (副题), and the cut whose roles the line
    model finds most likely together wins. None without scores (the line rules)."""
    if not any(h.start in scores for h in headings):
        return None
    roles = [scores.get(h.start, (1 / 3, 1 / 3, 1 / 3)) for h in headings]

    def log_likelihood(title_at: int) -> float:
        return sum(
            math.log(max(p[0 if i < title_at else 1 if i == title_at else 2], 1e-9))
            for i, p in enumerate(roles)
        )

    return max(range(len(headings)), key=log_likelihood)


def split_headings(
    headings: list[Piece], title_scores: dict[int, tuple[float, ...]]
) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle): the line the line model finds most likely a title is the
    title, lines above it the kicker (引题), lines below it the subtitle (副题). Without
    scores (the line rules), the first line is the title."""
    title_at = _title_index(headings, title_scores)
    if title_at is None:
        return (None, *split_title(headings))
    kicker = " ".join(h.text for h in headings[:title_at]) or None
    title, dashed = split_title([headings[title_at]])  # 迎接…挑战 ——委员会客厅…献良策
    subtitle = " ".join(
        [*([dashed] if dashed else []), *(h.text for h in headings[title_at + 1 :])]
    )
    return kicker, title, subtitle or None


def _article(
    draft: Draft,
    page_id: str,
    position: int,
    params: SegmentParams,
    scores: dict[int, tuple[float, ...]],
) -> Article:
    body = assemble_body(draft.body, params)
    kicker, printed_title, subtitle = split_headings(draft.headings, scores)
    title, column_tag = split_column_tag(printed_title)
    credits = [line.text for line in draft.bylines]
    reporters = list(
        dict.fromkeys(name for c in credits for name in parse_byline(c) or credit_names(c))
    )
    parts = _heading_parts(draft.headings, scores)
    if draft.source_tag is not None:
        parts.append((draft.source_tag, "source_tag"))
    parts += body.parts + [(line, "byline") for line in draft.bylines]
    claims = [Claim(page_id, piece, part) for piece, part in parts]
    return Article(
        page_id=page_id,
        position=position,
        kind="article",
        title=title,
        subtitle=subtitle,
        kicker=kicker,
        column_tag=column_tag,
        type=article_type(title, column_tag, credits, body.text),
        source_tag=draft.source_tag.text.lstrip("（(") if draft.source_tag else None,
        byline="；".join(credits) or None,
        reporters=reporters,
        body=body.text,
        page_ref=None,
        claims=claims,
    )


def _heading_parts(
    headings: list[Piece], scores: dict[int, tuple[float, ...]]
) -> list[tuple[Piece, str]]:
    """page_spans part of each heading line: kicker, title or subtitle."""
    title_at = _title_index(headings, scores)
    if title_at is None:
        return [(h, "title" if i == 0 else "subtitle") for i, h in enumerate(headings)]
    return [
        (h, "kicker" if i < title_at else "title" if i == title_at else "subtitle")
        for i, h in enumerate(headings)
    ]


def _teaser(draft: Draft, page_id: str, position: int) -> Article:
    parts = []
    if draft.teaser is not None:
        parts.append((draft.teaser, "teaser"))
    if draft.pointer is not None:
        parts.append((draft.pointer, "pointer"))
    return Article(
        page_id=page_id,
        position=position,
        kind="teaser",
        title=teaser_title(draft.teaser) if draft.teaser else None,
        subtitle=None,
        source_tag=None,
        byline=None,
        reporters=[],
        body="",
        page_ref=pointer_ref(draft.pointer) if draft.pointer else None,
        claims=[Claim(page_id, piece, part) for piece, part in parts],
    )


def build_articles(
    drafts: list[Draft],
    page_id: str,
    params: SegmentParams,
    title_scores: dict[int, tuple[float, ...]] | None = None,
) -> list[Article]:
    """Finished rows in reading order; position is the index of the draft on its page."""
    return [
        _article(draft, page_id, position, params, title_scores or {})
        if draft.kind == "article"
        else _teaser(draft, page_id, position)
        for position, draft in enumerate(drafts)
    ]

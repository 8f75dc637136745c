"""Turn a page's drafts into finished articles and teasers, each with its source spans."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pipeline.params import SegmentParams
from pipeline.segment.body import assemble_body
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

    @property
    def article_id(self) -> str:
        """Stable across runs and machines: a hash of where the row is and what it says."""
        key = "\x1f".join(
            [self.page_id, str(self.position), self.kind, self.title or "", self.body]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def split_title(headings: list[Piece]) -> tuple[str | None, str | None]:
    """First headline part is the title, the rest the subtitle (X——Y counts as two parts)."""
    parts = [p for h in headings for p in TITLE_DASH_RE.split(h.text) if p.strip()]
    if not parts:
        return None, None
    return parts[0].strip(), " ".join(p.strip() for p in parts[1:]) or None


def _article(draft: Draft, page_id: str, position: int, params: SegmentParams) -> Article:
    body = assemble_body(draft.body, params)
    title, subtitle = split_title(draft.headings)
    reporters = [name for line in draft.bylines for name in parse_byline(line.text) or []]
    parts = [(h, "title" if i == 0 else "subtitle") for i, h in enumerate(draft.headings)]
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
        source_tag=draft.source_tag.text if draft.source_tag else None,
        byline="；".join(line.text for line in draft.bylines) or None,
        reporters=reporters,
        body=body.text,
        page_ref=None,
        claims=claims,
    )


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


def build_articles(drafts: list[Draft], page_id: str, params: SegmentParams) -> list[Article]:
    """Finished rows in reading order; position is the index of the draft on its page."""
    return [
        _article(draft, page_id, position, params)
        if draft.kind == "article"
        else _teaser(draft, page_id, position)
        for position, draft in enumerate(drafts)
    ]

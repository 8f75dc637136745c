"""Group the classified lines of one page into article and teaser drafts.

Reading the page top to bottom, an article opens at a source-tag line (联谊报讯 …) or at
body text that follows a closed article, and closes at its byline, a page pointer or the
next article. Headlines read while no article is open wait until both neighbouring
articles are complete; then they go to the one whose text they share most words with,
because a title is sometimes printed after the body it belongs to.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from pipeline.segment.fields import credit_names, parse_dateline
from pipeline.segment.labels import (
    BODY,
    CREDIT,
    FURNITURE,
    HEADINGS,
    POINTER,
    START,
    TEASER,
    TITLE,
)
from pipeline.segment.line_model import DATELINE_RE
from pipeline.segment.lines import (
    POINTER_RE,
    TEASER_RE,
    LineClassifier,
    LineKind,
    Piece,
    is_closed,
    split_lines,
)


@dataclass
class Draft:
    """An article or teaser as read off the page, before its body is assembled."""

    kind: str
    headings: list[Piece] = field(default_factory=list)
    source_tag: Piece | None = None
    body: list[Piece] = field(default_factory=list)
    bylines: list[Piece] = field(default_factory=list)
    teaser: Piece | None = None
    pointer: Piece | None = None


@dataclass
class PageLayout:
    """Drafts in reading order plus the page-metadata lines (part name, piece)."""

    drafts: list[Draft]
    metadata: list[tuple[str, Piece]]
    orphan_bylines: list[Piece]
    # The line model's chances that a heading line is a kicker, title or subtitle, by the
    # line's offset.
    title_scores: dict[int, tuple[float, ...]] = field(default_factory=dict)


@dataclass
class _HeadingGroup:
    headings: list[Piece]
    previous: Draft | None
    following: Draft | None


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in itertools.pairwise(chars)}


def _body_bigrams(draft: Draft | None) -> set[str]:
    if draft is None:
        return set()
    return set().union(*(_bigrams(piece.text) for piece in draft.body))


def _overlap(heading: Piece, body_bigrams: set[str]) -> float:
    """Share of the heading's character bigrams that occur in a body."""
    wanted = _bigrams(heading.text)
    return len(wanted & body_bigrams) / len(wanted) if wanted else 0.0


def _assign_headings(group: _HeadingGroup) -> None:
    """Split the headings between the untitled article above and the article below."""
    headings, previous, following = group.headings, group.previous, group.following
    if previous is None or previous.headings or previous.kind != "article":
        split = 0
    elif following is None:
        split = len(headings)
    else:
        above, below = _body_bigrams(previous), _body_bigrams(following)
        # Try every cut; on a tie keep headings with the article below (the usual layout).
        scores = [
            sum(_overlap(h, above) for h in headings[:cut])
            + sum(_overlap(h, below) for h in headings[cut:])
            for cut in range(len(headings) + 1)
        ]
        split = max(range(len(scores)), key=lambda cut: (scores[cut], -cut))
    if previous is not None and split:
        previous.headings = headings[:split]
    if following is not None:
        following.headings = headings[split:]


def _pop_trailing_headings(draft: Draft, classifier: LineClassifier) -> list[Piece]:
    """Headline-like lines at the end of a body that follows a finished sentence.

    They are the headline of the next article when that article's source tag comes next
    (an article with no byline runs straight into the next headline).
    """
    cut = len(draft.body)
    while cut > 1 and classifier.is_heading(draft.body[cut - 1].text):
        cut -= 1
    if cut == len(draft.body) or not is_closed(draft.body[cut - 1].text):
        return []
    trailing = draft.body[cut:]
    del draft.body[cut:]
    return trailing


def _place_headings(groups: list[_HeadingGroup], drafts: list[Draft]) -> None:
    """Give each waiting heading group to its article; a group that fits neither neighbour
    is kept as teaser rows, never dropped."""
    for group in groups:
        _assign_headings(group)
    assigned = {id(p) for d in drafts for p in d.headings} | {
        id(d.teaser) for d in drafts if d.teaser
    }
    for group in groups:
        drafts.extend(Draft("teaser", teaser=p) for p in group.headings if id(p) not in assigned)


@dataclass
class _TeaserPairing:
    """Pairs page pointers (>>>2版) with teaser headlines: the headline printed just above
    a pointer, or, when pointers and ■ teasers are printed as blocks, in order."""

    drafts: list[Draft]
    groups: list[_HeadingGroup]
    unpaired_pointers: list[Draft] = field(default_factory=list)
    unpaired_teasers: list[Draft] = field(default_factory=list)

    def pointer(self, piece: Piece, pending: list[Piece]) -> list[Piece]:
        """Take a pointer line; returns the headings still pending."""
        if pending:  # the headline printed just above its pointer
            self.drafts.append(Draft("teaser", teaser=pending.pop(), pointer=piece))
            self.groups.append(_HeadingGroup(pending, None, None))
            return []
        if self.unpaired_teasers:
            self.unpaired_teasers.pop(0).pointer = piece
        else:
            self.drafts.append(Draft("teaser", pointer=piece))
            self.unpaired_pointers.append(self.drafts[-1])
        return pending

    def teaser(self, piece: Piece) -> None:
        if self.unpaired_pointers:  # pointers printed as a block above their ■ teasers
            self.unpaired_pointers.pop(0).teaser = piece
        else:
            self.drafts.append(Draft("teaser", teaser=piece))
            self.unpaired_teasers.append(self.drafts[-1])


@dataclass(frozen=True)
class _Reading:
    """How one splitter's line kinds are read; the rest of the state machine is shared.

    The line rules (联谊报) see headline-like lines inside an article as body, end an
    article at its byline, take a headline left at the end of a body for the next
    article's, and leave datelines in the body. The line model's labels say where headings
    are, so a heading block ends the article above; credits under a heading block wait for
    its body; a first-body-line label opens an article only after headings or a dateline.
    """

    headings_end_articles: bool
    credits_end_articles: bool
    credits_wait_for_body: bool
    pop_trailing_headings: bool
    labelled: bool  # datelines and the credits after them are split off the body


RULES = _Reading(False, True, False, True, False)
LABELLED = _Reading(True, False, True, False, True)
# The line rules' kinds as labels: a TAGGED line opens an article by its source tag.
_RULE_LABELS = {
    LineKind.PAPER: FURNITURE,
    LineKind.MASTHEAD: FURNITURE,
    LineKind.SECTION: FURNITURE,
    LineKind.POINTER: POINTER,
    LineKind.TEASER: TEASER,
    LineKind.BYLINE: CREDIT,
    LineKind.TAGGED: START,
    LineKind.HEADING: TITLE,
    LineKind.TEXT: BODY,
}


@dataclass
class _PageReader:
    """Reads a page's labelled lines top to bottom into drafts."""

    classifier: LineClassifier
    reading: _Reading
    drafts: list[Draft] = field(default_factory=list)
    metadata: list[tuple[str, Piece]] = field(default_factory=list)
    orphan_bylines: list[Piece] = field(default_factory=list)
    groups: list[_HeadingGroup] = field(default_factory=list)
    pending: list[Piece] = field(default_factory=list)  # headings waiting for an article
    waiting_credits: list[Piece] = field(default_factory=list)  # credits under headings
    current: Draft | None = None  # the article whose body is being read
    last: Draft | None = None  # the article a byline or a late headline may belong to

    def __post_init__(self) -> None:
        self.teasers = _TeaserPairing(self.drafts, self.groups)

    def read(self, piece: Piece, label: str) -> None:
        if label == FURNITURE:
            kind = self.classifier.classify(piece.text)
            part = kind.value if kind in (LineKind.PAPER, LineKind.SECTION) else "masthead"
            self.metadata.append((part, piece))
        elif label in (POINTER, TEASER):
            self.current = self.last = None
            if label == POINTER:
                self.pending = self.teasers.pointer(piece, self.pending)
            else:
                self.teasers.teaser(piece)
        elif label in HEADINGS and (self.reading.headings_end_articles or self.current is None):
            if self.current is not None and self.current.body:
                self.current = None  # a new heading block ends the article above
            self.pending.append(piece)
        elif label == CREDIT:
            self.credit(piece)
        elif self.opens_article(piece, label):
            self.open_article(piece)
        else:
            self.current.body.append(piece)

    def credit(self, piece: Piece) -> None:
        if self.reading.credits_wait_for_body and self.pending:
            self.waiting_credits.append(piece)
            return
        target = self.current or self.last
        (target.bylines if target is not None else self.orphan_bylines).append(piece)
        if self.reading.credits_end_articles:
            self.current = None

    def opens_article(self, piece: Piece, label: str) -> bool:
        # The paper's own source tag (联谊报讯, 据浙江日报) opens an article whatever the
        # line's label: a repeated copy or a story with no headline. A first-line label
        # with no heading above it and no dateline is more often a body line after a
        # column break than an untitled article.
        return (
            self.current is None
            or self.classifier.source_tag(piece.text) is not None
            or (
                self.reading.labelled
                and label == START
                and bool(self.pending or DATELINE_RE.match(piece.text))
            )
        )

    def open_article(self, piece: Piece) -> None:
        if self.reading.pop_trailing_headings and self.current is not None:
            self.pending = _pop_trailing_headings(self.current, self.classifier) + self.pending
        draft = _opened_article(piece, self.classifier, self.reading.labelled)
        draft.bylines = [*self.waiting_credits, *draft.bylines]
        self.waiting_credits = []
        if self.pending:
            self.groups.append(_HeadingGroup(self.pending, self.last, draft))
        self.pending = []
        self.drafts.append(draft)
        self.current = self.last = draft

    def finish(self) -> PageLayout:
        if self.reading.pop_trailing_headings and self.current is not None:
            # A headline after the page's last sentence is not body text.
            self.pending = _pop_trailing_headings(self.current, self.classifier) + self.pending
        if self.pending:  # late headlines: the last article's title, or teasers if it has one
            self.groups.append(_HeadingGroup(self.pending, self.last, None))
        for piece in self.waiting_credits:  # credits after the page's last heading block
            (self.last.bylines if self.last is not None else self.orphan_bylines).append(piece)
        _place_headings(self.groups, self.drafts)
        return PageLayout(self.drafts, self.metadata, self.orphan_bylines)


def lay_out_page(text: str, classifier: LineClassifier) -> PageLayout:
    """Read one page's lines into drafts by the line rules; every non-blank line lands
    somewhere."""
    reader = _PageReader(classifier, RULES)
    for piece in split_lines(text):
        reader.read(piece, _RULE_LABELS[classifier.classify(piece.text)])
    return reader.finish()


def lay_out_labelled(text: str, labels_of, classifier: LineClassifier) -> PageLayout:
    """Read one page's lines into drafts by the labels the line model gives them.

    `labels_of(lines) -> (labels, heading-role probabilities)`. An article opens at a heading
    block or at a first body line (a dateline, a source tag); a heading block ends the
    article above it, so papers whose articles carry no byline still split. Heading blocks
    go to the untitled article above or the one below, by shared words (a title printed
    after its body). Returns the layout, with each heading line's chances of being its
    article's kicker, title or subtitle.
    """
    pieces = split_lines(text)
    labels, title_scores = labels_of([p.text for p in pieces])
    reader = _PageReader(classifier, LABELLED)
    for piece, label in zip(pieces, labels, strict=True):
        reader.read(piece, label)
    layout = reader.finish()
    layout.title_scores = {
        piece.start: scores
        for piece, label, scores in zip(pieces, labels, title_scores, strict=True)
        if label in HEADINGS
    }
    return layout


def teaser_title(piece: Piece) -> str:
    match = TEASER_RE.match(piece.text)
    return match["title"] if match else piece.text


def pointer_ref(piece: Piece) -> str:
    match = POINTER_RE.match(piece.text)
    return match["ref"] if match else piece.text


# The credit in brackets right after a dateline: 本报北京10月14日电（记者 王比学）.
DATELINE_CREDIT_RE = re.compile(r"^[（(][^（）()]{1,40}[）)]")


def _opened_article(piece: Piece, classifier: LineClassifier, labelled: bool) -> Draft:
    """A new article from its first body line: the paper's source tag (联谊报讯) is split
    off the body; on labelled lines also a dateline (本报北京10月14日电) and the credit
    after either."""
    if tag := classifier.source_tag(piece.text):
        length = len(tag)
    elif labelled and (dateline := parse_dateline(piece.text)):
        length = dateline.end("tag")
    else:
        return Draft("article", body=[piece])
    draft = Draft("article", source_tag=piece.head(length))
    rest = piece.tail(length)
    credit = DATELINE_CREDIT_RE.match(rest.text) if labelled else None
    if credit and credit_names(credit.group()):
        draft.bylines.append(rest.head(credit.end()))
        rest = rest.tail(credit.end())
    draft.body = [rest] if rest.text else []
    return draft

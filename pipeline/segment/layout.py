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
from pipeline.segment.gold import CREDIT, FURNITURE, HEADINGS, POINTER, START, TEASER
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


def lay_out_page(text: str, classifier: LineClassifier) -> PageLayout:
    """Read one page's lines into drafts; every non-blank line lands somewhere."""
    drafts: list[Draft] = []
    metadata: list[tuple[str, Piece]] = []
    orphan_bylines: list[Piece] = []
    groups: list[_HeadingGroup] = []
    pending: list[Piece] = []
    current: Draft | None = None  # the article whose body is being read
    last: Draft | None = None  # the article a byline or a late headline may belong to
    teasers = _TeaserPairing(drafts, groups)

    def open_article(draft: Draft) -> None:
        nonlocal current, last, pending
        if pending:
            groups.append(_HeadingGroup(pending, last, draft))
        pending = []
        drafts.append(draft)
        current = last = draft

    for piece in split_lines(text):
        kind = classifier.classify(piece.text)
        if kind in (LineKind.PAPER, LineKind.MASTHEAD, LineKind.SECTION):
            metadata.append((kind.value, piece))
        elif kind is LineKind.POINTER:
            current = last = None
            pending = teasers.pointer(piece, pending)
        elif kind is LineKind.TEASER:
            current = last = None
            teasers.teaser(piece)
        elif kind is LineKind.BYLINE:
            target = current or last
            if target is None:
                orphan_bylines.append(piece)
            else:
                target.bylines.append(piece)
            current = None
        elif kind is LineKind.TAGGED:
            if current is not None:
                pending = _pop_trailing_headings(current, classifier) + pending
            tag = classifier.source_tag(piece.text) or ""
            open_article(
                Draft("article", source_tag=piece.head(len(tag)), body=[piece.tail(len(tag))])
            )
        elif current is not None:
            current.body.append(piece)
        elif kind is LineKind.HEADING:
            pending.append(piece)
        else:
            open_article(Draft("article", body=[piece]))

    if current is not None:  # a headline after the page's last sentence is not body text
        pending = _pop_trailing_headings(current, classifier) + pending
    if pending:  # late headlines: the last article's title, or teasers if it has one
        groups.append(_HeadingGroup(pending, last, None))
    _place_headings(groups, drafts)
    return PageLayout(drafts=drafts, metadata=metadata, orphan_bylines=orphan_bylines)


def teaser_title(piece: Piece) -> str:
    match = TEASER_RE.match(piece.text)
    return match["title"] if match else piece.text


def pointer_ref(piece: Piece) -> str:
    match = POINTER_RE.match(piece.text)
    return match["ref"] if match else piece.text


# The credit in brackets right after a dateline: 本报北京10月14日电（记者 王比学）.
DATELINE_CREDIT_RE = re.compile(r"^[（(][^（）()]{1,40}[）)]")


def _opened_article(piece: Piece, classifier: LineClassifier) -> Draft:
    """A new article from its first body line: the paper's source tag (联谊报讯) or a
    dateline (本报北京10月14日电) and the credit after it are split off the body."""
    if tag := classifier.source_tag(piece.text):
        length = len(tag)
    elif dateline := parse_dateline(piece.text):
        length = dateline.end("tag")
    else:
        return Draft("article", body=[piece])
    draft = Draft("article", source_tag=piece.head(length))
    rest = piece.tail(length)
    if (credit := DATELINE_CREDIT_RE.match(rest.text)) and credit_names(credit.group()):
        draft.bylines.append(rest.head(credit.end()))
        rest = rest.tail(credit.end())
    draft.body = [rest] if rest.text else []
    return draft


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
    drafts: list[Draft] = []
    metadata: list[tuple[str, Piece]] = []
    orphan_bylines: list[Piece] = []
    groups: list[_HeadingGroup] = []
    pending: list[Piece] = []
    scores: dict[int, tuple[float, ...]] = {}
    current: Draft | None = None
    last: Draft | None = None
    teasers = _TeaserPairing(drafts, groups)
    # Credits printed between a heading block and its body (本报记者 X under the title).
    waiting_credits: list[Piece] = []

    def open_article(piece: Piece) -> None:
        nonlocal current, last, pending, waiting_credits
        draft = _opened_article(piece, classifier)
        draft.bylines = [*waiting_credits, *draft.bylines]
        waiting_credits = []
        if pending:
            groups.append(_HeadingGroup(pending, last, draft))
        pending = []
        drafts.append(draft)
        current = last = draft

    for index, (piece, label) in enumerate(zip(pieces, labels, strict=True)):
        if label == FURNITURE:
            kind = classifier.classify(piece.text)
            part = kind.value if kind in (LineKind.PAPER, LineKind.SECTION) else "masthead"
            metadata.append((part, piece))
        elif label == POINTER:
            current = last = None
            pending = teasers.pointer(piece, pending)
        elif label == TEASER:
            current = last = None
            teasers.teaser(piece)
        elif label in HEADINGS:
            scores[piece.start] = title_scores[index]
            if current is not None and current.body:
                current = None  # a new heading block ends the article above
            pending.append(piece)
        elif label == CREDIT:
            target = current or (None if pending else last)
            if pending:
                waiting_credits.append(piece)
            elif target is None:
                orphan_bylines.append(piece)
            else:
                target.bylines.append(piece)
        elif (
            current is None
            # The paper's own source tag (联谊报讯, 据浙江日报) opens an article whatever
            # the line's label: a repeated copy or a story with no headline.
            or classifier.source_tag(piece.text)
            or (label == START and (pending or DATELINE_RE.match(piece.text)))
        ):
            open_article(piece)
        else:
            # A first-line label with no heading above it and no dateline is more often a
            # body line after a column break than an untitled article.
            current.body.append(piece)

    if pending:
        groups.append(_HeadingGroup(pending, last, None))
    target = last if last is not None else None
    for piece in waiting_credits:  # credits after the page's last heading block
        (target.bylines if target is not None else orphan_bylines).append(piece)
    _place_headings(groups, drafts)
    return PageLayout(drafts, metadata, orphan_bylines, scores)

"""Split a page into lines with offsets and say what kind of line each one is."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from pipeline.lexicons import read_words
from pipeline.params import SegmentParams
from pipeline.text import CJK, SENTENCE_ENDS

# Sentence-final punctuation, full and half width; closing quotes/brackets may follow it.
TERMINAL_CHARS = SENTENCE_ENDS
CLOSING_CHARS = "”’」』）)】》\"'"
# A line ending in one of these is mid-sentence whatever its length.
CONTINUING_CHARS = ",，、;；:："

POINTER_RE = re.compile(r"^>{2,}\s*(?P<ref>\S.*)$")
TEASER_RE = re.compile(r"^[■□◆◇●▲]\s*(?P<title>\S.*)$")
POINTER_SECTION_RE = re.compile(r"^\d+版\s*[·・.]\s*(?P<section>\S+)$")
BYLINE_ROLE_RE = re.compile(rf"^(?P<role>[{CJK}]{{0,6}}记者|[{CJK}]{{0,4}}通讯员|实习生|摄影)")
BYLINE_NAME_RE = re.compile(rf"^(?:[{CJK}]{{2,3}}|[{CJK}]+·[{CJK}]+)$")
BYLINE_SPLIT_RE = re.compile(r"[\s、，,]+")
DATE_RE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


@dataclass(frozen=True)
class Piece:
    """A stretch of page text; `text == page_text[start:end]`."""

    start: int
    end: int
    text: str

    def tail(self, offset: int) -> Piece:
        """The piece from `offset` characters in, with leading whitespace dropped."""
        rest = self.text[offset:]
        skipped = len(rest) - len(rest.lstrip())
        return Piece(self.start + offset + skipped, self.end, rest.lstrip())

    def head(self, length: int) -> Piece:
        return Piece(self.start, self.start + length, self.text[:length])


class LineKind(Enum):
    PAPER = "paper"
    MASTHEAD = "masthead"
    SECTION = "section"
    POINTER = "pointer"
    TEASER = "teaser"
    BYLINE = "byline"
    TAGGED = "tagged"  # opens with a source tag: 联谊报讯 / 据浙江日报 / 联谊报
    HEADING = "heading"  # could be a headline: short and not mid-sentence
    TEXT = "text"


def split_lines(text: str) -> list[Piece]:
    """The non-blank lines of `text`, stripped, with their offsets into `text`."""
    pieces: list[Piece] = []
    position = 0
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        if content:
            start = position + (len(raw) - len(raw.lstrip()))
            pieces.append(Piece(start, start + len(content), content))
        position += len(raw)
    return pieces


def is_closed(text: str) -> bool:
    """True when the line ends a sentence (。/!/? possibly followed by closing quotes)."""
    core = text.rstrip(CLOSING_CHARS)
    return bool(core) and core[-1] in TERMINAL_CHARS


def pointer_sections(texts: Iterable[str]) -> set[str]:
    """Section names that page pointers (>>>3版·统战在线) reveal."""
    names = set()
    for text in texts:
        for piece in split_lines(text):
            pointer = POINTER_RE.match(piece.text)
            if pointer and (section := POINTER_SECTION_RE.match(pointer["ref"])):
                names.add(section["section"])
    return names


def parse_byline(text: str) -> list[str] | None:
    """Reporter names if `text` is a byline (本报记者 董思婷 / 通讯员 宋陶珂 阮一唯), else None."""
    words = [w for w in BYLINE_SPLIT_RE.split(text) if w]
    if not words or not BYLINE_ROLE_RE.match(words[0]):
        return None
    names = []
    for word in words:
        role = BYLINE_ROLE_RE.match(word)
        rest = word[role.end() :] if role else word
        if not rest:
            continue
        if not BYLINE_NAME_RE.match(rest):
            return None
        names.append(rest)
    return names or None


@dataclass(frozen=True)
class LineClassifier:
    params: SegmentParams
    sections: frozenset[str]
    masthead_res: tuple[re.Pattern[str], ...]
    source_tag_re: re.Pattern[str]

    @classmethod
    def build(cls, params: SegmentParams, extra_sections: Iterable[str] = ()) -> LineClassifier:
        tags = "|".join(re.escape(t) for t in sorted(params.source_tags, key=len, reverse=True))
        # 据浙江日报 / 据新华社: "according to <paper>" opens a reprinted article.
        source_tag_re = re.compile(
            rf"^(?P<tag>{tags}|据[{CJK}]{{2,10}}?(?:日报|晚报|报|网|社))[ \u3000]+(?=\S)"
        )
        return cls(
            params=params,
            sections=frozenset(params.section_names) | frozenset(extra_sections),
            masthead_res=tuple(re.compile(p) for p in params.masthead_patterns),
            source_tag_re=source_tag_re,
        )

    def source_tag(self, text: str) -> str | None:
        match = self.source_tag_re.match(text)
        return match["tag"] if match else None

    def is_heading(self, text: str) -> bool:
        return (
            len(text) <= self.params.max_title_chars
            and "。" not in text
            and text[-1] not in CONTINUING_CHARS
        )

    def classify(self, text: str) -> LineKind:
        if text in self.params.papers:
            return LineKind.PAPER
        if any(pattern.search(text) for pattern in self.masthead_res):
            return LineKind.MASTHEAD
        if text in self.sections:
            return LineKind.SECTION
        if POINTER_RE.match(text):
            return LineKind.POINTER
        if TEASER_RE.match(text):
            return LineKind.TEASER
        if len(text) <= self.params.max_title_chars and parse_byline(text):
            return LineKind.BYLINE
        if self.source_tag(text):
            return LineKind.TAGGED
        if self.is_heading(text):
            return LineKind.HEADING
        return LineKind.TEXT


def line_classifier(params: SegmentParams) -> LineClassifier:
    """The line rules as training, evaluation and every run use them: the section names in
    params.yaml and in pipeline/lexicons/sections.txt, nothing read from other pages."""
    return LineClassifier.build(params, read_words("sections.txt"))

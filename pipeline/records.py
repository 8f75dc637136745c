"""The records the pipeline's parts hand each other: a page's text, a problem met in the
input, a span of text found by a model or a rule."""

from __future__ import annotations

from dataclasses import dataclass

# A span as the NER backends return it: (start, end, label), offsets into one text.
LabelledSpan = tuple[int, int, str]


@dataclass(frozen=True)
class PageText:
    page_id: str
    source_path: str
    text: str


@dataclass(frozen=True)
class Problem:
    source_path: str
    page_id: str
    severity: str  # "error": the file was skipped; "warning": it was read after a repair
    problem: str
    detail: str


@dataclass(frozen=True)
class Found:
    """A span of a sentence with its label (PERSON, ORG, PLACE, ROLE), its text and what
    found it (ner, rules, linker, lexicon, repeat)."""

    start: int
    end: int
    label: str
    text: str
    method: str

    @classmethod
    def from_labelled(cls, text: str, span: LabelledSpan, method: str) -> Found:
        start, end, label = span
        return cls(start, end, label, text[start:end], method)


@dataclass(frozen=True)
class RoleLink:
    person: Found
    role: Found  # the ROLE span as written (may include its organisation)
    title: str
    org: Found | None
    # The organisation a sub-unit belongs to, from the first title of a chain:
    # 市委副秘书长、社工部部长 -> 社工部 is part of 市委.
    parent_org: Found | None = None
    method: str = "title_before_name"
    # The body is a place the title heads or rules (江苏|省长, 苏丹|总统).
    place_only: bool = False


@dataclass(frozen=True)
class MentionRow:
    """A row of the mentions table, with the canonical `name` its entity id is hashed from
    (kept until the entities table is built)."""

    article_id: str
    sentence_idx: int
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None
    method: str
    name: str | None


@dataclass(frozen=True)
class RoleRow:
    """A row of the roles table: a person, one title, its organisation in full."""

    article_id: str
    sentence_idx: int | None  # None for a byline
    person: str
    role_text: str
    title: str
    org: str | None
    org_full: str | None
    org_parent: str | None
    org_resolution: str | None
    method: str

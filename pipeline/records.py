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

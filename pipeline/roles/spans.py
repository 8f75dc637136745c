"""ROLE spans from the two sources, merged by one rule for every caller (the extract stage
and the spaCy component): the title patterns' spans win (they carry their organisation:
晶睿电子科技公司董事长); the NER model's titles fill in where no pattern span lies."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.records import Found


def merge_role_spans(patterns: Iterable[Found], model: Iterable[Found]) -> list[Found]:
    """Pattern spans, then model spans that overlap none of them, in text order."""
    merged = {(span.start, span.end): span for span in patterns}
    taken = {i for start, end in merged for i in range(start, end)}
    for span in model:
        if not taken & set(range(span.start, span.end)):
            merged.setdefault((span.start, span.end), span)
    return sorted(merged.values(), key=lambda s: (s.start, s.end))

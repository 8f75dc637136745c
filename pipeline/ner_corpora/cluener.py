"""CLUENER2020 train.json: reading, the held-back split, and `position` spans.

The held-back share is drawn by a seeded shuffle before any tuning and is read only by the
evaluation stage; training and feature choices use the rest (with its own dev share).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.ner_corpora.formats import spans_to_bio
from pipeline.ner_corpora.sentences import TaggedSentence, read_json_lines

POSITION = "position"


@dataclass(frozen=True)
class LabelledText:
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end exclusive, CLUENER label)

    def spans_of(self, label: str) -> set[tuple[int, int]]:
        return {(s, e) for s, e, lab in self.spans if lab == label}


def read_cluener(path: Path) -> list[LabelledText]:
    """One LabelledText per JSON line; CLUENER's inclusive end offsets become exclusive."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: CLUENER file not found")
    return [row for _, row in read_json_lines(path, _labelled_text)]


def _labelled_text(record: dict) -> LabelledText:
    text = record["text"]
    spans = []
    for label, entities in record.get("label", {}).items():
        for surface, offsets in entities.items():
            for start, last in offsets:
                if text[start : last + 1] != surface:
                    raise ValueError(f"offsets {start},{last} do not give {surface!r}")
                spans.append((start, last + 1, label))
    return LabelledText(text, tuple(sorted(spans)))


def split_heldback(
    rows: list[LabelledText], share: float, seed: int
) -> tuple[list[LabelledText], list[LabelledText]]:
    """(rest, held back): a seeded random share of the file, in file order."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    held = set(order[: round(len(rows) * share)])
    return (
        [r for i, r in enumerate(rows) if i not in held],
        [r for i, r in enumerate(rows) if i in held],
    )


def cluener_sentences(rows: list[LabelledText]) -> list[TaggedSentence]:
    """Rows as BIO sentences, labels as spelled in the data."""
    return [TaggedSentence(tuple(row.text), spans_to_bio(len(row.text), row.spans)) for row in rows]

"""Entity labels of corpora and models -> the zhnews labels, and BIO tags -> spans."""

from __future__ import annotations

# MSRA / People's Daily tags and the types of HanLP's pretrained taggers; any other type a
# pretrained model emits (DATE, MONEY…) has no zhnews label and is dropped.
LABEL_MAP = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "NR": "PERSON",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "NT": "ORG",
    "LOC": "PLACE",
    "LOCATION": "PLACE",
    "GPE": "PLACE",
    "NS": "PLACE",
}


def zhnews_label(label: str) -> str | None:
    return LABEL_MAP.get(label.upper())


def bio_spans(tags: tuple[str, ...] | list[str], native: bool = False) -> set[tuple[int, int, str]]:
    """(start, end, label) spans; an I-X that does not continue an X span opens one (as B-X).
    Labels are zhnews labels where one is known, or as written with `native`."""
    spans = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if start is not None and (kind != "I" or name != label):
            spans.add((start, i, label if native else zhnews_label(label) or label))
            start, label = None, None
        if kind == "B" or (kind == "I" and start is None):
            start, label = i, name
    return spans

"""Entity labels of corpora and models -> the three zhnews labels."""

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

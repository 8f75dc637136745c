"""Mentions the rules find in a sentence besides role links: organisations ending in a
known suffix, lexicon places, later mentions of names already found, and the choice
among overlapping spans."""

from __future__ import annotations

import re

from pipeline.records import Found
from pipeline.roles.words import (
    INSTITUTION_SUFFIXES,
    org_prefix_start,
    org_suffix_re,
    place_re,
    place_start,
)
from pipeline.text import alternation


def find_orgs(text: str, home_places: str) -> list[Found]:
    """Organisation names ending in a known suffix, with the words before it."""
    found = []
    for match in org_suffix_re().finditer(text):
        start = org_prefix_start(text, match.start(), 0)
        if not match.group().endswith(INSTITUTION_SUFFIXES):
            offset = place_start(text[start : match.start()], home_places)
            if offset < 0:
                continue
            start += offset
        if start < match.start():
            found.append(Found(start, match.end(), "ORG", text[start : match.end()], "rules"))
    return found


def find_places(text: str, home_places: str) -> list[Found]:
    """The places the lexicons list (the home region's gazetteer, places_other.txt)."""
    return [
        Found(m.start(), m.end(), "PLACE", m.group(), "lexicon")
        for m in place_re(home_places).finditer(text)
    ]


def names_re(names: set[str]) -> re.Pattern[str] | None:
    """One pattern for the names found in an article, longest first; None when there are none."""
    return alternation(sorted(names)) if names else None


def find_repeats(text: str, names: re.Pattern[str] | None) -> list[Found]:
    """Later mentions of names already found in the article (陈擎苍充分肯定…)."""
    if names is None:
        return []
    return [Found(m.start(), m.end(), "PERSON", m.group(), "repeat") for m in names.finditer(text)]


def without_overlaps(found: list[Found]) -> list[Found]:
    """Keep the earliest-listed span of each overlapping group (callers list by priority)."""
    kept: list[Found] = []
    taken: set[int] = set()
    for span in found:
        cells = set(range(span.start, span.end))
        if not cells & taken:
            kept.append(span)
            taken |= cells
    return sorted(kept, key=lambda s: (s.start, s.end))

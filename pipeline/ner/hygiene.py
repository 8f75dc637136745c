"""Entity hygiene: clearly-scoped rules applied to every model's spans before they reach
`mentions`, `entities`, the spaCy `Doc` or the command line.

- A span never starts or ends with whitespace, punctuation or a quote, and never holds an
  unmatched quote or bracket (`“行政监管+工会` -> `行政监管+工会`), with one exception
  measured on MSRA dev: a matched pair that holds part of a name stays with it
  (`《人民日报》文艺部`, `“卡西尼”号`); a pair around the whole span goes.
- A one-character PLACE or ORG is kept, as a PLACE, only when it is a known abbreviation
  (港, 俄, pipeline/lexicons/place_abbreviations.tsv), which `entities` names in full. A
  run such as 中美 comes out of the model as two spans already (MSRA's convention);
  splitting two-character runs by rule was measured on MSRA dev and broke more names
  (江苏, 巴黎, 西藏) than it fixed, so it is not done.
- A compound surname (欧阳, 司马) is never a PLACE or ORG.
- A PERSON is never one character: a surname with a name suffix after it or 小/老 before it
  becomes one span (`王` in 王某 -> `王某`, name_convention.py); a single character left
  alone is dropped (a lone surname tells a reader nothing and makes a junk entity).
- A verb never ends an organisation: an ORG holding a word LAC's own layer tags as a
  verb ends before it (`丽水市政协召集所有界别活动组` -> `丽水市政协`; cut_at_verbs, for
  models that carry LAC's layer).
- No span is longer than MAX_SPAN_CHARS (a model fed a run of one character can tag
  the whole run).
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import cache

from pipeline.lexicons import place_abbreviations, surnames
from pipeline.ner.name_convention import extend_surname
from pipeline.records import LabelledSpan

OPENERS = "“‘「『（(《〈【[{"
CLOSERS = "”’」』）)》〉】]}"
PAIRS = dict(zip(OPENERS, CLOSERS, strict=True))
# Longer than any name, organisation, place or title in the training corpora.
MAX_SPAN_CHARS = 50


def is_edge_junk(char: str) -> bool:
    """Whitespace, punctuation, symbols and control characters: never a span's first or
    last character (a digit, a letter or a CJK character can be)."""
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


@cache
def compound_surnames() -> frozenset[str]:
    return frozenset(w for w in surnames() if len(w) >= 2)


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) so it holds no unmatched quote or bracket: an unmatched one on
    the edge is dropped; inside, the text before an unmatched closer or from an unmatched
    opener on is left out."""
    stack: list[int] = []
    for i in range(start, end):
        char = text[i]
        if char in PAIRS:
            stack.append(i)
        elif char in CLOSERS:
            if stack and PAIRS[text[stack[-1]]] == char:
                stack.pop()
            else:
                start, stack = i + 1, []
    for i in stack:
        if i == start:
            start += 1
        else:
            end = i
            break
    return start, max(start, end)


def clean_span(text: str, start: int, end: int, label: str) -> list[LabelledSpan]:
    """The span after the hygiene rules: itself, trimmed, split, or nothing."""
    start, end = _balanced(text, start, end)
    # A pair that wraps the whole span goes (《人民日报》 -> 人民日报); a pair that holds
    # only part of it is part of the name (《人民日报》文艺部, 人民日报（海外版）).
    while end - start > 2 and PAIRS.get(text[start]) == text[end - 1]:
        start, end = start + 1, end - 1
    while start < end and is_edge_junk(text[start]):
        opener = text[start]
        if opener in PAIRS and PAIRS[opener] in text[start + 1 : end]:
            break
        start += 1
    while end > start and is_edge_junk(text[end - 1]):
        closer = text[end - 1]
        if closer in CLOSERS and OPENERS[CLOSERS.index(closer)] in text[start : end - 1]:
            break
        end -= 1
    surface = text[start:end]
    if not surface or len(surface) > MAX_SPAN_CHARS:
        return []
    if label == "PERSON":
        start, end = extend_surname(text, start, end)
        if end - start < 2:
            return []
    if label in ("PLACE", "ORG"):
        if len(surface) == 1:
            return [(start, end, "PLACE")] if surface in place_abbreviations() else []
        if surface in compound_surnames():
            return []
    return [(start, end, label)]


def clean_spans(text: str, spans) -> list[LabelledSpan]:
    """Every span cleaned; duplicates and overlaps with an earlier, longer span dropped."""
    cleaned: list[LabelledSpan] = []
    taken: set[int] = set()
    for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        for span in clean_span(text, start, end, label):
            if label == "ROLE" or not taken & set(range(span[0], span[1])):
                cleaned.append(span)
                if label != "ROLE":
                    taken.update(range(span[0], span[1]))
    return sorted(set(cleaned))


def cut_at_verbs(spans, verbs) -> list[LabelledSpan]:
    """ORG spans end before the first verb word (start, end) that starts inside them; what
    is left must be two characters or more."""
    starts = sorted(v for v, _ in verbs)
    out = []
    for start, end, label in spans:
        if label == "ORG":
            k = bisect.bisect_right(starts, start)
            if k < len(starts) and starts[k] < end:
                end = starts[k]
                if end - start < 2:
                    continue
        out.append((start, end, label))
    return out

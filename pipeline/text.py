"""Character classes and helpers every part of the pipeline reads text with."""

from __future__ import annotations

import re
from collections.abc import Iterable

# CJK Unified Ideographs, for regex character classes: rf"[{CJK}]+".
CJK = "\u4e00-\u9fff"
# With Extension A (rare characters in names), for telling Chinese text from other text.
CJK_WITH_EXTENSION_A = "\u3400-\u9fff"
# Characters that end a sentence (tokenize.sentence_end_chars holds the stage's own copy).
SENTENCE_ENDS = "。！？!?…"


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of `words`, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))

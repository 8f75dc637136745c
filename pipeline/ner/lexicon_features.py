"""Dictionary features for the tagger: for each character, where it sits in the
leftmost-longest match of each gazetteer (person names, organisations, places, job titles).

The gazetteers are built once from ../shared/data at training time
(pipeline/ner_training/gazetteers.py) and saved beside the model (models/ner/lexicons/), so
prediction needs nothing outside the model folder. The model learns how far to trust each
one (their embeddings start at zero, so an untrained feature changes nothing).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

LEXICON_TYPES = ("person", "org", "place", "title")
# Position of a character in a match: outside, begin, inside, end, single.
POSITIONS = ("O", "B", "I", "E", "S")
LEXICON_DIR = "lexicons"


def read_gazetteers(model_dir: Path) -> dict[str, list[str]]:
    folder = model_dir / LEXICON_DIR
    missing = [k for k in LEXICON_TYPES if not (folder / f"{k}.txt").is_file()]
    if missing:
        raise FileNotFoundError(f"{folder}: gazetteer files missing: {', '.join(missing)}")
    return {
        kind: (folder / f"{kind}.txt").read_text(encoding="utf-8").split("\n")[:-1]
        for kind in LEXICON_TYPES
    }


class LexiconMatcher:
    """Text -> (len(text), n_types) feature ids: type k's position code p is k * 5 + p."""

    def __init__(self, gazetteers: dict[str, list[str]]) -> None:
        import ahocorasick_rs

        self.automata = [
            ahocorasick_rs.AhoCorasick(
                gazetteers[kind], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
            for kind in LEXICON_TYPES
        ]

    @property
    def n_features(self) -> int:
        return len(LEXICON_TYPES) * len(POSITIONS)

    def __call__(self, text: str) -> np.ndarray:
        # The automata take UTF-8: a lone surrogate (no UTF-8 form) becomes U+FFFD, one
        # character for one, so every offset stays.
        text = re.sub("[\ud800-\udfff]", "\ufffd", text)
        codes = np.zeros((len(text), len(self.automata)), dtype=np.int64)
        for k, automaton in enumerate(self.automata):
            column = codes[:, k]
            for _, start, end in automaton.find_matches_as_indexes(text):
                if end - start == 1:
                    column[start] = 4
                else:
                    column[start] = 1
                    column[start + 1 : end - 1] = 2
                    column[end - 1] = 3
        return codes + np.arange(len(self.automata)) * len(POSITIONS)

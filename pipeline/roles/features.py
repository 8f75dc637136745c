"""Character features for the ROLE tagger: the characters around, their bigrams, and where
the curated title lexicon and role-ending characters match."""

from __future__ import annotations

import re
from functools import cache

from pipeline.lexicons import read_words

# Characters that end many titles and identities (董事长, 委员, 律师, 专家, 主任, 记者).
ROLE_ENDINGS = frozenset("长员师家任者人手理书席监授生官士事")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")


@cache
def surnames() -> frozenset[str]:
    return frozenset(read_words("surnames.txt"))


@cache
def title_words() -> tuple[str, ...]:
    return tuple(sorted(read_words("titles.txt"), key=len, reverse=True))


def char_class(char: str) -> str:
    if _DIGIT.match(char):
        return "digit"
    if _LATIN.match(char):
        return "latin"
    if "\u4e00" <= char <= "\u9fff":
        return "cjk"
    return "punct" if not char.isspace() else "space"


def alternation(words) -> re.Pattern[str]:
    """Leftmost-longest matcher for a word list (None-safe: an empty list matches nothing)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) or r"(?!)")


@cache
def title_re() -> re.Pattern[str]:
    return alternation(title_words())


def lexicon_tags(text: str, pattern: re.Pattern[str]) -> list[str]:
    """B/I/E/S of the leftmost-longest lexicon match covering each character, O elsewhere."""
    tags = ["O"] * len(text)
    for match in pattern.finditer(text):
        start, end = match.span()
        if end - start == 1:
            tags[start] = "S"
        else:
            tags[start] = "B"
            tags[start + 1 : end - 1] = ["I"] * (end - start - 2)
            tags[end - 1] = "E"
    return tags


Span = tuple[int, int]


def word_tags(n_chars: int, words: list[Span]) -> tuple[list[str], list[Span]]:
    """B/I/E/S of each character inside its pkuseg word, and that word's span."""
    tags, spans = ["O"] * n_chars, [(i, i + 1) for i in range(n_chars)]
    for start, end in words:
        for k in range(start, min(end, n_chars)):
            if end - start == 1:
                tags[k] = "S"
            else:
                tags[k] = "B" if k == start else "E" if k == end - 1 else "I"
            spans[k] = (start, end)
    return tags, spans


def entity_tags(n_chars: int, entities: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n_chars
    for start, end, label in entities:
        for k in range(start, min(end, n_chars)):
            tags[k] = ("B-" if k == start else "I-") + label
    return tags


def sentence_features(
    text: str, words: list[tuple[int, int]], entities: list[tuple[int, int, str]]
) -> list[list[str]]:
    """CRFsuite attributes for each character of `text`, given its pkuseg words and the NER
    model's PERSON/ORG/PLACE spans (a title usually sits right before a PERSON)."""
    padded = f"\x02\x02{text}\x03\x03"
    padded3 = f"\x02\x02\x02{text}\x03\x03\x03"
    lexicon = lexicon_tags(text, title_re())
    wtags, wspans = word_tags(len(text), words)
    etags = entity_tags(len(text), entities)
    n = len(text)
    features = []
    for i in range(n):
        p = i + 2
        word = text[wspans[i][0] : wspans[i][1]]
        row = [
            "bias",
            f"c0={padded[p]}",
            f"c-1={padded[p - 1]}",
            f"c+1={padded[p + 1]}",
            f"c-2={padded[p - 2]}",
            f"c+2={padded[p + 2]}",
            f"c-3={padded3[p - 2]}",
            f"c+3={padded3[p + 4]}",
            f"b-1={padded[p - 1 : p + 1]}",
            f"b+1={padded[p : p + 2]}",
            f"b-2={padded[p - 2 : p]}",
            f"b+2={padded[p + 1 : p + 3]}",
            f"t-1={padded[p - 1 : p + 2]}",
            f"t-2={padded[p - 2 : p + 1]}",
            f"t+2={padded[p : p + 3]}",
            f"cls={char_class(padded[p])}",
            f"lex={lexicon[i]}",
            f"lex-1={lexicon[i - 1] if i else '^'}",
            f"lex+1={lexicon[i + 1] if i + 1 < n else '$'}",
            f"wt={wtags[i]}",
            f"wt-1={wtags[i - 1] if i else '^'}",
            f"w={word}",
            f"e={etags[i]}",
            f"e-1={etags[i - 1] if i else '^'}",
            f"e+1={etags[i + 1] if i + 1 < n else '$'}",
        ]
        if wtags[i] in "ES" and i + 1 < n:
            after = wspans[i + 1]
            row.append(f"nextw={text[after[0] : after[1]]}")
        if wtags[i] in "BS" and i:
            before = wspans[i - 1]
            row.append(f"prevw={text[before[0] : before[1]]}")
        if padded[p] in ROLE_ENDINGS:
            row.append("role_end")
        if padded[p + 1] in ROLE_ENDINGS:
            row.append("next_role_end")
        if padded[p + 1] in surnames():
            row.append("next_surname")
        features.append(row)
    return features

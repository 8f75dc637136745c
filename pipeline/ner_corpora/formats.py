"""Readers for the NER training corpora in ../shared/data, each into char BIO sentences
with the corpus's own (native) labels. See each folder's PROVENANCE.md for the formats.

| corpus | format | native labels |
|---|---|---|
| MSRA, People's Daily 1998 | `char<TAB>tag`, BIO | PER LOC ORG |
| CLUENER2020 | JSON lines, char offsets (end inclusive) | name, position, company, … |
| Resume NER | `char tag`, BMES | NAME ORG TITLE EDU LOC PRO RACE CONT |
| Weibo NER | `char<digit><TAB>tag`, BIO | PER.NAM PER.NOM ORG.NAM … |
| People's Daily 2014 | `word/tag`, `[word/tag …]/tag` compounds | nr ns nt nnt … (ICTPOS 3.0) |
| modern 人民日报 gold (tests/data/ner) | JSON lines, char offsets | PERSON ORG PLACE ROLE |
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.ner_corpora.sentences import (
    CorpusError,
    TaggedSentence,
    read_columns,
    read_json_lines,
)

# Longest sentence fed to training; longer ones are cut after a clause end outside entities.
MAX_TRAIN_CHARS = 150
CLAUSE_ENDS = frozenset("。！？；，!?;")


def spans_to_bio(n_chars: int, spans) -> tuple[str, ...]:
    """BIO tags from (start, end, label) spans; a span overlapping an earlier one is dropped."""
    tags = ["O"] * n_chars
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end or end > n_chars or any(t != "O" for t in tags[start:end]):
            continue
        tags[start] = f"B-{label}"
        tags[start + 1 : end] = [f"I-{label}"] * (end - start - 1)
    return tuple(tags)


def _bmes_line(line: str) -> tuple[str, str] | None:
    char, sep, tag = line.rpartition(" ")
    kind, _, label = tag.partition("-")
    if not sep or len(char) != 1 or not (tag == "O" or (kind in "BMES" and label)):
        return None
    return char, "O" if tag == "O" else ("B-" if kind in "BS" else "I-") + label


def read_bmes(path: Path) -> list[TaggedSentence]:
    """`char tag` lines in BMES (Resume NER), as BIO: B/S open a span, M/E continue it."""
    return read_columns(path, _bmes_line, "'char BMES-tag'")


def read_weibo(path: Path) -> list[TaggedSentence]:
    """Weibo NER: each token carries a trailing digit (its place in an automatic
    segmentation's word), which is dropped. A token of several code points (an emoji with
    a modifier) gives several characters, the later ones inside the token's span."""
    sentences = []
    for sentence in _read_bio_tokens(path):
        chars, tags = [], []
        for token, tag in zip(sentence.chars, sentence.tags, strict=True):
            if len(token) < 2 or not token[-1].isdigit():
                raise CorpusError(f"{path}: expected a character and a digit, got {token!r}")
            inside = "O" if tag == "O" else "I-" + tag[2:]
            for k, char in enumerate(token[:-1]):
                chars.append(char)
                tags.append(tag if k == 0 else inside)
        sentences.append(TaggedSentence(tuple(chars), tuple(tags)))
    return sentences


def _token_line(line: str) -> tuple[str, str] | None:
    token, sep, tag = line.rpartition("\t")
    if not sep or not token or not (tag == "O" or tag[:2] in ("B-", "I-")):
        return None
    return token, tag


def _read_bio_tokens(path: Path) -> list[TaggedSentence]:
    """Like read_bio, but a token may be longer than one character."""
    return read_columns(path, _token_line, "'token<TAB>TAG'")


# People's Daily 2014: `word/tag` tokens; a bracketed compound `[w/t w/t]/tag` is one unit.
_PD2014_TOKEN = re.compile(r"\[([^\[\]]+?)\]/([A-Za-z0-9]+)|(\S+?)/([A-Za-z0-9]+)(?=\s|$)")


def pd2014_label(tag: str) -> str | None:
    """ICTPOS 3.0 tags -> the entity labels zhnews trains on (nnt is a job title)."""
    if tag == "nnt":
        return "nnt"
    if tag.startswith("nr"):
        return "nr"
    if tag.startswith("ns"):
        return "ns"
    if tag.startswith("nt"):
        return "nt"
    return None


def parse_pd2014_line(line: str, where: str = "") -> TaggedSentence:
    """One paragraph of People's Daily 2014 `word/tag` text as a BIO sentence."""
    text, spans, position = [], [], 0
    line = line.strip()
    for match in _PD2014_TOKEN.finditer(line):
        if match.group(1) is not None:
            words = [w.rpartition("/")[0] for w in match.group(1).split()]
            tag = match.group(2)
        else:
            words, tag = [match.group(3)], match.group(4)
        surface = "".join(words)
        label = pd2014_label(tag)
        if label is not None and surface:
            spans.append((position, position + len(surface), label))
        text.append(surface)
        position += len(surface)
    if line and not text:
        raise CorpusError(f"{where}: no word/tag tokens in {line[:40]!r}")
    joined = "".join(text)
    return TaggedSentence(tuple(joined), spans_to_bio(len(joined), spans))


def read_pd2014(path: Path) -> list[list[TaggedSentence]]:
    """People's Daily 2014 JSON lines: one list of paragraph sentences per article."""
    articles = []
    for where, text in read_json_lines(path, lambda record: record["text"]):
        paragraphs = [parse_pd2014_line(line, where) for line in text.split("\n") if line.strip()]
        articles.append([p for p in paragraphs if p.chars])
    return articles


def cut_long(sentence: TaggedSentence, max_chars: int = MAX_TRAIN_CHARS) -> list[TaggedSentence]:
    """Pieces of at most `max_chars`, cut after a clause end that is outside any entity
    (hard at the limit when there is none)."""
    pieces, start, n = [], 0, len(sentence.chars)
    while n - start > max_chars:
        cut = None
        for i in range(start + max_chars, start, -1):
            if sentence.chars[i - 1] in CLAUSE_ENDS and not sentence.tags[i].startswith("I-"):
                cut = i
                break
        cut = cut or start + max_chars
        pieces.append(TaggedSentence(sentence.chars[start:cut], sentence.tags[start:cut]))
        start = cut
    pieces.append(TaggedSentence(sentence.chars[start:], sentence.tags[start:]))
    return [p for p in pieces if p.chars]


def read_offset_gold(path: Path) -> list[TaggedSentence]:
    """The hand-annotated modern 人民日报 sentences (tests/data/ner/MODERN_CONVENTIONS.md):
    JSON lines `{"text", "entities": [{"start", "end", "label"}]}`, zhnews labels."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: gold file not found")
    sentences = []
    for where, (text, spans) in read_json_lines(path, _offset_row):
        tags = spans_to_bio(len(text), spans)
        if sum(t.startswith("B-") for t in tags) != len(spans):
            raise CorpusError(f"{where}: overlapping or out-of-range entities")
        sentences.append(TaggedSentence(tuple(text), tags))
    return sentences


def _offset_row(row: dict) -> tuple[str, list[tuple[int, int, str]]]:
    return row["text"], [(e["start"], e["end"], e["label"]) for e in row["entities"]]

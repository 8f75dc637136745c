"""Character-level BIO sentences of the labelled corpora (MSRA, People's Daily): the type,
reading and writing the `char TAG` format, and the seeded dev split."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class CorpusError(ValueError):
    """A malformed corpus line; the message names the file and line."""


@dataclass(frozen=True)
class TaggedSentence:
    chars: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_json_lines(path: Path, read: Callable[[Any], T]) -> list[tuple[str, T]]:
    """(`path:line`, `read(record)`) for each non-blank line of a JSON-lines file (gzip
    too); a line that is not JSON, or not what `read` expects, is a CorpusError naming the
    file and line."""
    rows = []
    with _open(path) as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                rows.append((f"{path}:{number}", read(json.loads(raw))))
            except (ValueError, KeyError, TypeError) as error:
                raise CorpusError(f"{path}:{number}: {error}") from None
    return rows


def read_columns(
    path: Path, parse: Callable[[str], tuple[str, str] | None], expected: str
) -> list[TaggedSentence]:
    """Sentences of a one-token-per-line file, blank lines between sentences; `parse` turns
    a line into (token, tag) or None when malformed (the error names file, line, format)."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: corpus file not found")
    sentences: list[TaggedSentence] = []
    chars: list[str] = []
    tags: list[str] = []
    with _open(path) as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if chars:
                    sentences.append(TaggedSentence(tuple(chars), tuple(tags)))
                    chars, tags = [], []
                continue
            parsed = parse(line)
            if parsed is None:
                raise CorpusError(f"{path}:{number}: expected {expected}, got {line!r}")
            chars.append(parsed[0])
            tags.append(parsed[1])
    if chars:
        sentences.append(TaggedSentence(tuple(chars), tuple(tags)))
    return sentences


def _bio_line(line: str) -> tuple[str, str] | None:
    # The character itself may be a space-like symbol, so split off the tag only.
    char, sep, tag = line.rpartition("\t" if "\t" in line else " ")
    if not sep or len(char) != 1 or not (tag == "O" or tag[:2] in ("B-", "I-")):
        return None
    return char, tag


def read_bio(path: Path) -> list[TaggedSentence]:
    """Sentences of a `char<TAB or space>tag` file, blank lines between sentences."""
    return read_columns(path, _bio_line, "'char TAG'")


def write_bio(sentences: list[TaggedSentence], path: Path) -> None:
    """Tab-separated char/tag lines, the format HanLP's tagger trains on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.writelines(
                f"{c}\t{t}\n" for c, t in zip(sentence.chars, sentence.tags, strict=True)
            )
            handle.write("\n")


def split_dev(
    sentences: list[TaggedSentence], dev_share: float, seed: int
) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """(train, dev): a seeded random share of the training sentences held out for dev."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    n_dev = round(len(sentences) * dev_share)
    dev = set(order[:n_dev])
    return (
        [s for i, s in enumerate(sentences) if i not in dev],
        [s for i, s in enumerate(sentences) if i in dev],
    )

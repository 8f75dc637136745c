"""Derive pipeline/lexicons/function_words.txt from HanLP's core dictionary.

A PERSON span that is a verb or a function word (谈到, 时隔, 表示, 作) is no name. HanLP's
CoreNatureDictionary (../shared/data/hanlp_dictionaries, Apache-2.0) gives each word its
part-of-speech tags with counts; this keeps the words that are never tagged as a name (nr*)
and whose tags are all verb or function-word classes, seen at least MIN_COUNT times. Nouns
are left out on purpose: many are also given names (高峰, 海燕, 白云).

    python tools/derive_function_words.py [--min-count 100]
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared/data/hanlp_dictionaries/CoreNatureDictionary.txt.gz"
OUT = ROOT / "pipeline/lexicons/function_words.txt"
# Verb, preposition, conjunction, adverb, auxiliary, pronoun, locative, classifier and
# interjection classes of the PKU/HanLP tag set (prefix match): never part of a name.
NON_NAME_TAGS = ("v", "p", "c", "d", "u", "r", "f", "q", "y", "e", "o", "k", "h")


def function_words(path: Path, min_count: int) -> list[str]:
    words = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            word, tags = cells[0], cells[1::2]
            counts = [int(c) for c in cells[2::2] if c.isdigit()]
            if not 1 <= len(word) <= 4 or any(t.startswith("nr") for t in tags):
                continue
            if all(t.startswith(NON_NAME_TAGS) for t in tags) and sum(counts) >= min_count:
                words.append(word)
    return sorted(set(words))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-count", type=int, default=100)
    args = parser.parse_args()
    words = function_words(SOURCE, args.min_count)
    header = (
        "# Verbs and function words of HanLP's CoreNatureDictionary (Apache-2.0): never tagged\n"
        "# as a name, all tags verb/function classes, seen >= "
        f"{args.min_count} times. Derived by tools/derive_function_words.py; do not edit.\n"
    )
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()

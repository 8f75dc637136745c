"""Curated word lists; each file says where its words come from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pipeline.paths import LEXICONS_DIR

PLACE_SUFFIXES = ("自治县", "市", "县", "区", "省")


def _lines(name: str) -> list[str]:
    text = (LEXICONS_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def read_words(name: str) -> tuple[str, ...]:
    """Whitespace-separated words of a lexicon file, comments skipped, order kept."""
    return tuple(dict.fromkeys(w for line in _lines(name) for w in line.split()))


@cache
def word_set(name: str) -> frozenset[str]:
    """The words of a lexicon file as a set, for membership tests."""
    return frozenset(read_words(name))


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a lexicon file (comments skipped; empty trailing cells kept)."""
    return tuple(tuple(line.split("\t")) for line in _lines(name))


@dataclass(frozen=True)
class Place:
    name: str  # 缙云县
    level: str  # province | city | county
    parent: str | None  # 丽水市
    short: str  # 缙云


def short_name(name: str) -> str:
    """缙云县 -> 缙云, 景宁畲族自治县 -> 景宁; names that would shrink below 2 chars stay."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            core = name[: -len(suffix)]
            return core.removesuffix("畲族")
    return name


@cache
def read_places(name: str) -> tuple[Place, ...]:
    """A region's places (name, level, parent rows), e.g. the home region's gazetteer that
    params.yaml extract.home_places names."""
    places = []
    for line in _lines(name):
        place, level, parent = ([*line.split("\t"), ""])[:3]
        places.append(Place(place, level, parent or None, short_name(place)))
    return tuple(places)


@cache
def surnames() -> frozenset[str]:
    """Chinese surnames, single and compound (欧阳), from surnames.txt."""
    return frozenset(read_words("surnames.txt"))


@cache
def user_dictionary_words() -> tuple[str, ...]:
    """Words pkuseg must keep whole: the places of every regional gazetteer (places_*.tsv)
    and their 政协 bodies, titles, domain terms and organisation words.

    丽水市政协谋深谋实 is segmented 丽水/市政/协谋/深/谋实 without it.
    """
    words = ["省政协", "市政协", "县政协", "区政协"]
    for gazetteer in sorted(LEXICONS_DIR.glob("places_*.tsv")):
        for place in read_places(gazetteer.name):
            words += [place.name, place.name + "政协", place.short + "政协"]
    words += read_words("titles.txt") + read_words("terms.txt")
    words += [w for w in read_words("org_suffixes.txt") if len(w) >= 2]
    return tuple(dict.fromkeys(words))


@cache
def place_abbreviations() -> dict[str, str]:
    """One-character place abbreviations -> full names (港 -> 香港, 俄 -> 俄罗斯)."""
    pairs = (line.split("\t") for line in _lines("place_abbreviations.tsv"))
    return {abbreviation: full for abbreviation, full in pairs}

"""Resolve organisation names as written (市政协) to full names (丽水市政协) from the article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline.lexicons import Place
from pipeline.lexicons.divisions import Divisions
from pipeline.roles.words import home_place_forms, level_of_prefix, place_bodies

# Longest place name looked up when scanning an article for the country's places.
MAX_PLACE_CHARS = 10
# The body a bare mention stands for: 政协委员 in a local story is the city's.
BARE_BODY = "政协"


@dataclass(frozen=True)
class PlaceHit:
    position: int  # offset into the body; -1 for the title
    place: Place


@cache
def _place_forms(divisions: Divisions, home_places: str) -> dict[str, Place]:
    """Written form -> place: the home region's places by full and short name (its
    gazetteer, params extract.home_places), the country's provinces by full and short name,
    its cities and counties by full name only (short ones are too often plain words)."""
    forms: dict[str, Place] = {}
    for division in divisions.by_code.values():
        if division.level == "township":
            continue
        parent = divisions.parent(division)
        place = Place(
            division.name, division.level, parent.name if parent else None, division.short
        )
        forms.setdefault(division.name, place)
        if division.level == "province":
            forms.setdefault(division.short, place)
    return forms | home_place_forms(home_places)


def article_places(
    title: str | None, body: str, divisions: Divisions, home_places: str
) -> list[PlaceHit]:
    """Places the article names, in reading order (the title's first), longest name first at
    each position."""
    forms = _place_forms(divisions, home_places)
    hits = []
    for position, text in [(-1, title or ""), (0, body)]:
        i = 0
        while i < len(text):
            for size in range(min(MAX_PLACE_CHARS, len(text) - i), 1, -1):
                if (place := forms.get(text[i : i + size])) is not None:
                    hits.append(PlaceHit(position if position < 0 else i, place))
                    i += size - 1
                    break
            i += 1
    return hits


def resolve_org(
    org: str,
    position: int,
    places: Callable[[], list[PlaceHit]],
    home_province: str | None,
    home_places: str,
    bare_body: bool = False,
) -> tuple[str, str]:
    """(full name, how it was resolved) for an organisation mentioned at `position`.
    `places()` gives the article's places; it is called only for a body named by its level
    (市政协) or a bare 政协, so an article is scanned only when one of those needs it.
    With `bare_body`, a bare 政协 (a person's 政协委员 in a local story) is the city's; a
    free-standing 政协 (发挥政协优势) is the institution in general and stays as written.
    A home-region place's short name before a body (丽水政协) is the place in full."""
    if org.startswith("省") and not org.startswith("省会") and home_province:
        return home_province + org[1:], "home_province"
    if full := home_place_body(org, home_places):
        return full, "place_short_name"
    bare = bare_body and org.startswith(BARE_BODY)
    level = "city" if bare else level_of_prefix().get(org[0])
    if level is None:
        return org, "as_written"
    candidates = [
        h
        for h in places()
        if h.place.level == level and (level == "city" or h.place.name.endswith(org[0]))
    ]
    preceding = [h for h in candidates if h.position < position]
    rest = org if bare else org[1:]
    if preceding:
        return preceding[-1].place.name + rest, f"nearest_{level}"
    if candidates:
        place = Counter(h.place for h in candidates).most_common(1)[0][0]
        return place.name + rest, f"article_{level}"
    return org, "unresolved"


def home_place_body(org: str, home_places: str) -> str | None:
    """丽水政协 -> 丽水市政协: a home-region place's short name, then a body named after it."""
    forms = home_place_forms(home_places)
    for size in range(2, len(org)):
        place = forms.get(org[:size])
        if (
            place is not None
            and place.short == org[:size]
            and org[size:].startswith(place_bodies())
        ):
            return place.name + org[size:]
    return None

"""Resolve organisation names as written (市政协) to full names (丽水市政协) from the article."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.lexicons import Place, zhejiang_places

# The level of place an organisation's leading character refers to.
LEVEL_OF_PREFIX = {"市": "city", "县": "county", "区": "county"}
# Bodies named after their place: 丽水政协 is 丽水市政协, but 浙江大学 is not 浙江省大学.
PLACE_BODIES = ("政协", "人大", "政府", "委")


@dataclass(frozen=True)
class PlaceHit:
    position: int  # offset into the body; -1 for the title
    place: Place


def article_places(title: str | None, body: str) -> list[PlaceHit]:
    """Zhejiang cities and counties named in the article, in reading order."""
    hits = []
    for place in zhejiang_places():
        if place.level == "province":
            continue
        for form in {place.name, place.short}:
            if title and form in title:
                hits.append(PlaceHit(-1, place))
            start = body.find(form)
            while start >= 0:
                hits.append(PlaceHit(start, place))
                start = body.find(form, start + len(form))
    return sorted(hits, key=lambda h: h.position)


def resolve_org(
    org: str, position: int, hits: list[PlaceHit], home_province: str, bare_body: bool = False
) -> tuple[str, str]:
    """(full name, how it was resolved) for an organisation mentioned at `position`.
    With `bare_body`, a bare 政协 (a person's 政协委员 in a local story) is the city's; a
    free-standing 政协 (发挥政协优势) is the institution in general and stays as written."""
    if org.startswith("省") and not org.startswith("省会"):
        return home_province + org[1:], "home_province"
    for place in zhejiang_places():
        rest = org[len(place.short) :]
        if org.startswith(place.short) and rest.startswith(PLACE_BODIES):
            return place.name + rest, "place_short_name"
    # A bare 政协 (政协委员) in a local story is the city's.
    bare = bare_body and org.startswith(PLACE_BODIES[0])
    level = "city" if bare else LEVEL_OF_PREFIX.get(org[0])
    if level is None:
        return org, "as_written"
    candidates = [
        h
        for h in hits
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

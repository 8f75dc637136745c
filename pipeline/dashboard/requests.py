"""What a callback was sent, checked: the page address, the filters, a chart click, a
download button. Anything malformed becomes a message (or is ignored), never an exception:
the browser can post any JSON to a callback."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote

import pandas as pd

from pipeline.dashboard import strings

PAGE_SIZE = 20
ENTITY_PAGES = ("person", "org", "place")
KEYED_PAGES = (*ENTITY_PAGES, "topic", "article")
LIST_PAGES = ("", "search", "entities", "topics", "articles")


@dataclass(frozen=True)
class Route:
    """A page address: the view, its key (a name, topic id or article id), the query."""

    view: str
    key: str = ""
    query: dict[str, str] = field(default_factory=dict)
    problem: str | None = None

    def page(self) -> int:
        """The page number asked for in ?page= (1 when absent or not a number)."""
        value = self.query.get("page", "1")
        return int(value) if value.isdigit() and 0 < int(value) < 10**6 else 1


def href(view: str, key: str = "", **query: str | int) -> str:
    """The address of a view: /person/张峰, /search?q=张&page=2."""
    path = f"/{view}/{quote(str(key), safe='')}" if key else f"/{view}" if view else "/"
    pairs = [f"{k}={quote(str(v), safe='')}" for k, v in query.items() if v not in ("", None)]
    return path + ("?" + "&".join(pairs) if pairs else "")


def parse_route(pathname: object, search: object) -> Route:
    if pathname is None:
        pathname = "/"
    if not isinstance(pathname, str):
        return Route("", problem=strings.BAD_REQUEST.format(what="页面地址"))
    if search is not None and not isinstance(search, str):
        return Route("", problem=strings.BAD_REQUEST.format(what="查询参数"))
    query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    parts = [unquote(p) for p in pathname.strip("/").split("/")] if pathname.strip("/") else []
    if not parts:
        return Route("", query=query)
    view, rest = parts[0], parts[1:]
    if view in KEYED_PAGES and len(rest) == 1 and rest[0]:
        return Route(view, rest[0], query)
    if view in LIST_PAGES and not rest:
        return Route(view, query=query)
    return Route("", problem=strings.NOT_FOUND.format(path=unquote(pathname)))


@dataclass(frozen=True)
class Filters:
    papers: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    problems: tuple[str, ...] = ()

    def words(self) -> str:
        """The filter in a file name: 全部, 联谊报, 人民日报_2019-10-01至2019-12-31."""
        dates = f"{self.start or ''}至{self.end or ''}" if self.start or self.end else ""
        return "_".join([*self.papers, dates] if dates else self.papers) or strings.ALL_FILTER


def _date(value: object, problems: list[str]) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return pd.Timestamp(value[:10]).strftime("%Y-%m-%d")
        except ValueError:
            pass
    problems.append(strings.FILTER_BAD_DATE.format(value=str(value)[:40]))
    return None


def parse_filters(papers: object, start: object, end: object) -> Filters:
    problems: list[str] = []
    if papers in (None, "", []):
        chosen: tuple[str, ...] = ()
    elif isinstance(papers, list) and all(isinstance(p, str) for p in papers):
        chosen = tuple(sorted(set(papers)))
    elif isinstance(papers, str):
        chosen = (papers,)
    else:
        chosen = ()
        problems.append(strings.FILTER_BAD_PAPERS)
    return Filters(chosen, _date(start, problems), _date(end, problems), tuple(problems))


def parse_click(click: object) -> tuple[str, str] | None:
    """[label, key] of the first point clicked, if the click data is well formed."""
    if not isinstance(click, dict):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    custom = points[0].get("customdata")
    if not isinstance(custom, list) or len(custom) < 2:
        return None
    label, key = custom[0], custom[1]
    if label not in (*strings.PAGE_OF_LABEL, "TOPIC") or not isinstance(key, str | int):
        return None
    return label, str(key)


def click_target(click: object) -> str | None:
    """The address a chart click opens, None for a click on nothing openable."""
    target = parse_click(click)
    if target is None:
        return None
    label, key = target
    return href("topic" if label == "TOPIC" else strings.PAGE_OF_LABEL[label], key)


def topic_id(key: str) -> int | None:
    """A topic id from an address (-1 is the outliers); None if it is not a number."""
    try:
        return int(key)
    except ValueError:
        return None

"""搜索 `/search?q=`: every person, organisation and place whose name contains the query."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc

from pipeline.dashboard import strings
from pipeline.dashboard.data import (
    DashboardData,
    closest_names,
    search,
)
from pipeline.dashboard.requests import Route, href
from pipeline.dashboard.widgets import (
    notice,
    paged,
    section,
    table,
)


def _search_tabs(query: str, kind: str, counts: pd.Series) -> dmc.Group:
    """One link per kind with how many were found; the kind shown is marked."""
    return dmc.Group(
        [
            dcc.Link(
                strings.SEARCH_COUNTS.format(label=strings.LABELS[k], count=int(counts.get(k, 0))),
                href=href("search", q=query, kind=k),
                className="kind-tab" + (" kind-tab-active" if k == kind else ""),
                id=f"search-kind-{k.lower()}",
            )
            for k in strings.PAGE_OF_LABEL
        ],
        gap="lg",
        mb="sm",
        id="search-counts",
    )


def _nothing_found(data: DashboardData, query: str, title: str) -> list:
    """Says so, with the names spelled most like the query."""
    suggestions = closest_names(data, query) if query else []
    hint = [
        dmc.Text(strings.SEARCH_SUGGEST, size="sm"),
        dmc.Group(
            [
                dcc.Link(s, href=href("search", q=s), className="link suggestion")
                for s in suggestions
            ],
            id="search-suggestions",
        ),
    ]
    missing = data.missing("entities", "roles")
    return [
        section(
            title,
            notice(strings.SEARCH_NONE.format(query=query)),
            *(hint if suggestions else []),
            *([notice(missing)] if missing else []),
        )
    ]


def search_page(data: DashboardData, route: Route) -> list:
    """All people, organisations and places whose name contains the query, with counts
    per kind; one kind listed at a time, paged."""
    query = route.query.get("q", "").strip()
    kind = route.query.get("kind", "")
    found = search(data, query)
    counts = found["label"].value_counts()
    if kind not in strings.PAGE_OF_LABEL:
        kind = next((k for k in strings.PAGE_OF_LABEL if counts.get(k, 0)), "PERSON")
    title = (
        strings.SEARCH_TITLE.format(query=query)
        if query
        else strings.SEARCH_ALL.format(label=strings.LABELS[kind])
    )
    if found.empty:
        return _nothing_found(data, query, title)
    rows = found[found["label"] == kind]
    page, pager = paged(rows, route)
    page = page.assign(kind=page["label"].map(strings.LABELS))
    columns = {
        "name": strings.COLUMNS["name"],
        "kind": "类别",
        "n_mentions": "提及次数",
        "n_articles": "文章数",
        "parent": "上级",
    }
    listing = table(
        page,
        columns,
        "search-results",
        links={"name": (strings.PAGE_OF_LABEL[kind], None), "parent": ("org", None)},
    )
    return [
        section(
            title,
            _search_tabs(query, kind, counts),
            listing,
            *([pager] if pager else []),
            download=("search", f"{kind}:{query}"),
        )
    ]


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {"search": search_page}

"""机构与地点 `/entities`, `/org/<name>`, `/place/<name>`: bars, holders of posts, articles."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import html

from pipeline.dashboard import charts, strings
from pipeline.dashboard.data import (
    DashboardData,
    entity_articles,
    entity_counts,
    entity_row,
    post_holders,
)
from pipeline.dashboard.requests import Route
from pipeline.dashboard.widgets import (
    articles_table,
    clickable_graph,
    first_and_last,
    link,
    notice,
    section,
    table,
)


def entities_page(data: DashboardData) -> list:
    if not data.has("entities"):
        return [notice(data.missing("entities"))]
    parts = []
    for label in ("ORG", "PLACE"):
        if entity_counts(data, label, 1).empty:
            parts.append(notice(f"{strings.LABELS[label]}:0"))
            continue
        parts.append(
            section(
                strings.ORG_BARS if label == "ORG" else strings.PLACE_BARS,
                clickable_graph(f"counts-{label.lower()}", charts.entity_bars(data, label)),
            )
        )
    return [dmc.SimpleGrid(parts, cols={"base": 1, "md": 2})]


def entity_page(data: DashboardData, route: Route) -> list:
    """An organisation's or place's page: its parent, who held which post in it (by date),
    the articles naming it."""
    label = strings.LABEL_OF_PAGE[route.view]
    name = route.key
    row = entity_row(data, label, name)
    holders = post_holders(data, label, name)
    if row is None and holders.empty:
        return [notice(strings.UNKNOWN_ENTITY.format(label=strings.LABELS[label], name=name))]
    parts: list = [_entity_header(label, name, row), _holders(label, name, holders)]
    articles = entity_articles(data, label, name)
    parts.append(
        section(
            strings.ENTITY_ARTICLES,
            *articles_table(articles, route, "entity-articles"),
            download=("entity_articles", f"{label}:{name}"),
        )
    )
    return [html.Div(parts, id="entity-view")]


def _entity_header(label: str, name: str, row: dict | None) -> dmc.Group:
    """Name, kind, counts and parent organisation."""
    header: list = [
        dmc.Title(name, order=2, className="entity-name"),
        dmc.Badge(
            strings.LABELS[label], variant="light", color="blue" if label == "ORG" else "green"
        ),
    ]
    if row is not None:
        header.append(
            dmc.Text(
                strings.PERSON_FIGURES.format(
                    n_mentions=row["n_mentions"], n_articles=row["n_articles"]
                ),
                c="dimmed",
                size="sm",
            )
        )
        parent = row.get("parent")
        if isinstance(parent, str) and parent:
            header += [dmc.Text("上级:", size="sm"), link("org", parent)]
    return dmc.Group(header, mb="md")


def _holders(label: str, name: str, holders: pd.DataFrame) -> dmc.Paper:
    """Who held which post there, earliest first."""
    title = strings.ENTITY_HOLDERS if label == "ORG" else strings.ENTITY_HOLDERS_PLACE
    if holders.empty:
        return section(title, dmc.Text(strings.ENTITY_NO_HOLDERS))
    shown = first_and_last(holders)
    return section(
        title,
        table(
            shown.head(200),
            {
                "person": "人物",
                "title": "职务",
                "org_full": "机构",
                "first": "首次",
                "last": "末次",
                "n_articles": "文章数",
            },
            "entity-people",
            links={"person": ("person", None), "org_full": ("org", None)},
        ),
        download=("post_holders", f"{label}:{name}"),
    )


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {
    "entities": lambda data, _route: entities_page(data),
    "org": entity_page,
    "place": entity_page,
}

"""文章 `/articles`, `/article/<id>`: every article, paged; one article with its names marked."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc, html

from pipeline.dashboard import strings
from pipeline.dashboard.data import (
    DashboardData,
    article_details,
    article_index,
    article_links,
    highlighted,
)
from pipeline.dashboard.requests import Route, href
from pipeline.dashboard.widgets import (
    notice,
    paged,
    section,
    table,
    when,
)


def articles_page(data: DashboardData, route: Route) -> list:
    if not data.has("articles"):
        return [notice(data.missing("articles"))]
    index = article_index(data)
    index = index[index["kind"] == "article"]
    rows, pager = paged(index, route)
    rows = rows.assign(
        when=[when(d, o) for d, o in zip(rows["date"], rows["page_order"], strict=True)]
    )
    listing = table(
        rows,
        {
            "article_title": "标题",
            "kicker": "引题",
            "paper": "报纸",
            "when": "日期",
            "page_no": "版次",
        },
        "article-list",
        links={"article_title": ("article", "article_id")},
    )
    return [
        section(
            strings.ARTICLE_LIST, listing, *([pager] if pager else []), download=("articles", "")
        )
    ]


def _body(data: DashboardData, article_id: str, body: str) -> list:
    if not data.has("mentions"):
        return [notice(data.missing("mentions")), body]
    mentions = data.tables["mentions"]
    pieces = highlighted(body, mentions[mentions["article_id"] == article_id])
    marked: list = []
    for text, label in pieces:
        if label is None:
            marked.append(text)
            continue
        mark = html.Mark(text, className=f"entity-{label.lower()}", title=strings.LABELS[label])
        marked.append(
            dcc.Link(mark, href=href(strings.PAGE_OF_LABEL[label], text), className="mark-link")
            if label in strings.PAGE_OF_LABEL
            else mark
        )
    return marked


def article_page(data: DashboardData, route: Route) -> list:
    """An article with its kicker, title, subtitle, byline, paper, date and page; its body
    with people, organisations, places and titles highlighted (each a link); its links."""
    if not data.has("articles"):
        return [notice(data.missing("articles"))]
    article = article_details(data, route.key)
    if article is None:
        return [notice(strings.UNKNOWN_ARTICLE.format(key=route.key))]
    legend = [
        html.Mark(name, className=f"entity-{label.lower()}")
        for label, name in strings.LABELS.items()
    ]
    return [
        html.Div(
            [
                *_article_head(article),
                dmc.Group(_article_fields(article), gap="lg", my="sm", className="article-fields"),
                dmc.Paper(
                    [
                        html.Div([strings.ARTICLE_LEGEND, *legend], className="legend"),
                        html.P(_body(data, route.key, article["body"]), className="article-body"),
                    ],
                    withBorder=True,
                    p="md",
                    radius="md",
                    mb="md",
                ),
                section(
                    strings.ARTICLE_LINKS,
                    _article_links(data, route.key),
                    download=("article_links", route.key),
                ),
            ],
            id="article-view",
        )
    ]


def _article_fields(article: dict) -> list:
    """Byline, source, paper, date, page and type, each with its name; empty ones left out."""
    fields = []
    for key, name in strings.ARTICLE_FIELDS.items():
        value = article.get(key)
        if key == "date":
            value = when(value, article.get("page_order"))
        elif key == "type":
            value = strings.ARTICLE_TYPES.get(value, value)
        elif key == "page_no" and value is not None:
            value = f"第 {int(value)} 版"
        if value:
            fields.append(
                html.Div(
                    [
                        html.Span(name, className="field-name"),
                        html.Span(str(value), className="field-value"),
                    ],
                    className=f"article-field field-{key}",
                )
            )
    return fields


def _article_links(data: DashboardData, article_id: str):
    """The article's person ↔ title ↔ organisation links, how each was found in words."""
    links = article_links(data, article_id)
    links = links.assign(method=links["method"].map(lambda m: strings.METHODS.get(m, m)))
    return (
        table(
            links,
            {"person": "人物", "title": "职务", "org_full": "机构", "method": "来源"},
            "article-links",
            links={"person": ("person", None), "org_full": ("org", None)},
        )
        if not links.empty
        else dmc.Text(strings.ARTICLE_NO_LINKS, id="article-links")
    )


def _article_head(article: dict) -> list:
    """Kicker, title and subtitle, as printed."""
    head = [
        dmc.Text(article["kicker"], c="dimmed", className="article-kicker")
        if article.get("kicker")
        else None,
        dmc.Title(
            article.get("title") or strings.ARTICLE_UNTITLED, order=2, className="article-title"
        ),
        dmc.Text(article["subtitle"], fw=500, className="article-subtitle")
        if article.get("subtitle")
        else None,
    ]
    return [h for h in head if h is not None]


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {"articles": articles_page, "article": article_page}

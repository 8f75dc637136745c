"""主题 `/topics`, `/topic/<id>`: articles per topic, top terms, a topic's articles."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import html

from pipeline.dashboard import charts, strings
from pipeline.dashboard.data import (
    DashboardData,
    topic_articles,
    topic_rows,
)
from pipeline.dashboard.requests import Route, topic_id
from pipeline.dashboard.widgets import (
    clickable_graph,
    notice,
    paged,
    section,
    table,
    when,
)


def topics_page(data: DashboardData) -> list:
    if not data.has("topics", "article_topics", "articles"):
        return [notice(data.missing("topics", "article_topics", "articles"))]
    topics = topic_rows(data).assign(key=lambda t: t["topic_id"].astype(str))
    return [
        section(
            strings.TOPIC_BARS,
            clickable_graph("topics-chart", charts.topic_bars(data)),
        ),
        section(
            "主题列表",
            table(
                topics,
                {"label": "主题", "top_terms": "关键词", "n_articles": "文章数"},
                "topics-table",
                links={"label": ("topic", "key")},
            ),
            download=("topics", ""),
        ),
    ]


def topic_page(data: DashboardData, route: Route) -> list:
    number = topic_id(route.key)
    if not data.has("topics", "article_topics", "articles"):
        return [notice(data.missing("topics", "article_topics", "articles"))]
    topics = topic_rows(data).set_index("topic_id")
    if number is None or number not in topics.index:
        return [notice(strings.UNKNOWN_TOPIC.format(key=route.key))]
    topic = topics.loc[number]
    articles = topic_articles(data, number)
    rows, pager = paged(articles, route)
    rows = rows.assign(
        when=[when(d, o) for d, o in zip(rows["date"], rows["page_order"], strict=True)],
        weight=rows["weight"].map(lambda w: f"{w:.2f}"),
    )
    listing = table(
        rows,
        {"article_title": "文章", "when": "日期", "weight": "权重"},
        "topic-articles-table",
        links={"article_title": ("article", "article_id")},
    )
    return [
        html.Div(
            [
                dmc.Group(
                    [
                        dmc.Title(topic["label"], order=2, className="topic-name"),
                        dmc.Badge("主题", variant="light"),
                    ],
                    mb="xs",
                ),
                dmc.Text(strings.TOPIC_TERMS.format(terms=topic["top_terms"]), c="dimmed", mb="md"),
                section(
                    strings.TOPIC_ARTICLES,
                    listing,
                    *([pager] if pager else []),
                    download=("topic_articles", str(number)),
                ),
            ],
            id="topic-articles",
        )
    ]


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {
    "topics": lambda data, _route: topics_page(data),
    "topic": topic_page,
}

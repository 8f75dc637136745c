"""The zhnews dashboard (Dash + plotly), reading only the parquet tables in one folder.

Four tabs: people (search a name: roles, organisations, articles), organisations and places
(counts as bar charts), topics (top terms and articles), and an article view with its
people, organisations and places highlighted. Views whose tables are missing or empty show
a message saying which file and what to run, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.express as px
from dash import Dash, Input, Output, dash_table, dcc, html

from pipeline.dashboard.data import (
    DashboardData,
    entity_counts,
    find_people,
    highlighted,
    load_outputs,
    person_articles,
    person_roles,
    topic_articles,
    topic_rows,
)

COLOURS = {"PERSON": "#fde2a3", "ORG": "#c9e4ff", "PLACE": "#d4f5d0"}
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif'
LABEL_NAMES = {"PERSON": "人物", "ORG": "机构", "PLACE": "地点"}


def notice(text: str) -> html.Div:
    return html.Div(text, className="notice", style={"color": "#8a4b00", "padding": "8px 0"})


def table(frame, columns: dict[str, str], table_id: str) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=table_id,
        data=frame[list(columns)].astype(str).to_dict("records"),
        columns=[{"name": header, "id": key} for key, header in columns.items()],
        style_cell={"fontFamily": FONT, "textAlign": "left", "whiteSpace": "normal"},
        page_size=15,
    )


def _people_tab(data: DashboardData) -> html.Div:
    return html.Div(
        [
            dcc.Input(id="person-query", type="search", placeholder="人名,如 张峰", debounce=False),
            html.Div(id="person-results"),
        ]
    )


def _counts_tab(data: DashboardData) -> html.Div:
    if not data.has("entities"):
        return notice(data.missing("entities"))
    figures = []
    for label in ("ORG", "PLACE"):
        counts = entity_counts(data, label)
        if counts.empty:
            figures.append(notice(f"No {LABEL_NAMES[label]} entities in the outputs."))
            continue
        figure = px.bar(
            counts.iloc[::-1],
            x="n_articles",
            y="name",
            orientation="h",
            hover_data=["n_mentions"],
            title=f"{LABEL_NAMES[label]}: 提及文章数",
            labels={"n_articles": "文章数", "name": "", "n_mentions": "提及次数"},
        )
        figure.update_layout(font_family=FONT, height=120 + 24 * len(counts))
        figures.append(dcc.Graph(id=f"counts-{label.lower()}", figure=figure))
    return html.Div(figures)


def _topics_tab(data: DashboardData) -> html.Div:
    if not data.has("topics", "article_topics", "articles"):
        return notice(data.missing("topics", "article_topics", "articles"))
    topics = topic_rows(data)
    figure = px.bar(
        topics,
        x="label",
        y="n_articles",
        title="主题: 文章数",
        labels={"label": "", "n_articles": "文章数"},
    )
    figure.update_layout(font_family=FONT)
    options = [{"label": row.label, "value": int(row.topic_id)} for row in topics.itertuples()]
    return html.Div(
        [
            dcc.Graph(id="topics-chart", figure=figure),
            table(
                topics,
                {"label": "主题", "top_terms": "关键词", "n_articles": "文章数"},
                "topics-table",
            ),
            dcc.Dropdown(id="topic-choice", options=options, value=options[0]["value"]),
            html.Div(id="topic-articles"),
        ]
    )


def _article_tab(data: DashboardData) -> html.Div:
    if not data.has("articles"):
        return notice(data.missing("articles"))
    articles = data.tables["articles"]
    articles = articles[articles["kind"] == "article"]
    options = [
        {"label": title if isinstance(title, str) else "(untitled)", "value": article_id}
        for article_id, title in zip(articles["article_id"], articles["title"], strict=True)
    ]
    return html.Div(
        [
            dcc.Dropdown(
                id="article-choice", options=options, value=options[0]["value"] if options else None
            ),
            html.Div(id="article-view"),
        ]
    )


def build_app(folder: Path) -> Dash:
    data = load_outputs(folder)
    app = Dash(__name__, title="zhnews")
    problems = [notice(message) for message in data.messages.values()]
    app.layout = html.Div(
        [
            html.H2("zhnews · 联谊报"),
            html.Div(problems, id="load-messages"),
            dcc.Tabs(
                [
                    dcc.Tab(label="人物", value="people", children=_people_tab(data)),
                    dcc.Tab(label="机构与地点", value="counts", children=_counts_tab(data)),
                    dcc.Tab(label="主题", value="topics", children=_topics_tab(data)),
                    dcc.Tab(label="文章", value="article", children=_article_tab(data)),
                ],
                value="people",
            ),
        ],
        style={"fontFamily": FONT, "maxWidth": "1100px", "margin": "0 auto"},
    )

    @app.callback(Output("person-results", "children"), Input("person-query", "value"))
    def show_person(query):
        if not query:
            return html.Div("输入人名查看其职务、机构和相关文章。")
        if not data.has("roles", "articles"):
            return notice(data.missing("roles", "articles"))
        names = find_people(data, query)
        if not names:
            return notice(f"没有找到“{query}”。")
        blocks = []
        for name in names[:5]:
            roles = person_roles(data, name)
            articles = person_articles(data, name)
            blocks += [
                html.H3(name, className="person-name"),
                table(
                    roles,
                    {"title": "职务", "org_full": "机构", "role_text": "原文", "articles": "文章"},
                    f"roles-{len(blocks)}",
                )
                if not roles.empty
                else html.Div("(no titles found)"),
                html.Ul(
                    [
                        html.Li(t if pd.isna(d) else f"{t} ({d:%Y-%m-%d})")
                        for t, d in zip(articles["article_title"], articles["date"], strict=True)
                    ]
                ),
            ]
        return html.Div(blocks)

    if data.has("topics", "article_topics", "articles"):

        @app.callback(Output("topic-articles", "children"), Input("topic-choice", "value"))
        def show_topic(topic_id):
            chosen = topic_articles(data, int(topic_id)) if topic_id is not None else None
            if chosen is None or chosen.empty:
                return notice("No articles in this topic.")
            return table(
                chosen, {"article_title": "文章", "weight": "权重"}, "topic-articles-table"
            )

    if data.has("articles"):

        @app.callback(Output("article-view", "children"), Input("article-choice", "value"))
        def show_article(article_id):
            articles = data.tables["articles"].set_index("article_id")
            if article_id is None or article_id not in articles.index:
                return notice("Choose an article.")
            row = articles.loc[article_id]
            if not data.has("mentions"):
                return html.Div([notice(data.missing("mentions")), html.P(row["body"])])
            mentions = data.tables["mentions"]
            pieces = highlighted(row["body"], mentions[mentions["article_id"] == article_id])
            body = [
                html.Mark(
                    text,
                    className=f"entity-{label.lower()}",
                    title=LABEL_NAMES[label],
                    style={"backgroundColor": COLOURS[label]},
                )
                if label
                else text
                for text, label in pieces
            ]
            legend = [
                html.Mark(name, style={"backgroundColor": COLOURS[label], "marginRight": "8px"})
                for label, name in LABEL_NAMES.items()
            ]
            return html.Div(
                [
                    html.H3(row["title"] if isinstance(row["title"], str) else "(untitled)"),
                    html.Div(legend),
                    html.P(body, style={"whiteSpace": "pre-wrap", "lineHeight": "1.8"}),
                ]
            )

    return app

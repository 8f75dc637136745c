"""The zhnews dashboard (Dash + plotly), reading only the parquet tables in one folder.

Five tabs: an overview shown first (the corpus at a glance, the people and organisations
mentioned most, topics over time, and a person ↔ organisation network: click a person to
open their page), people (search a name: roles, organisations, articles), organisations
and places (counts as bar charts), topics (top terms and articles), and an article view
with its people, organisations and places highlighted. Views whose tables are missing or
empty show a message saying which file and what to run, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from dash import ALL, Dash, Input, Output, ctx, dash_table, dcc, html, no_update

from pipeline.dashboard.data import (
    DashboardData,
    corpus_summary,
    entity_counts,
    find_people,
    highlighted,
    load_outputs,
    person_articles,
    person_org_network,
    person_roles,
    top_people,
    topic_articles,
    topic_rows,
    topics_over_time,
)

COLOURS = {"PERSON": "#fde2a3", "ORG": "#c9e4ff", "PLACE": "#d4f5d0", "ROLE": "#f3d1f4"}
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif'
LABEL_NAMES = {"PERSON": "人物", "ORG": "机构", "PLACE": "地点", "ROLE": "职务"}


def notice(text: str) -> html.Div:
    return html.Div(text, className="notice", style={"color": "#8a4b00", "padding": "8px 0"})


def table(frame, columns: dict[str, str], table_id: str) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=table_id,
        data=frame[list(columns)].astype(str).to_dict("records"),
        columns=[{"name": header, "id": key} for key, header in columns.items()],
        style_cell={"fontFamily": FONT, "textAlign": "left", "whiteSpace": "normal"},
        page_size=15,
        # Every table shown downloads as CSV (all its rows, not only the page shown).
        export_format="csv",
        export_headers="display",
    )


def _marker(sizes: pd.Series, label: str, edge: str) -> dict:
    return {
        "size": 8 + 3 * sizes.clip(upper=10),
        "color": COLOURS[label],
        "line": {"width": 1, "color": edge},
    }


def _network_figure(data: DashboardData) -> go.Figure:
    """People (left) linked to the organisations they hold titles in (right), sized by
    mentions; each person point carries its name as customdata, for clicks."""
    network = person_org_network(data)
    position = {n.name: (n.x, n.y) for n in network.people.itertuples()}
    position |= {n.name: (n.x, n.y) for n in network.orgs.itertuples()}
    xs, ys = [], []
    for person, org in network.edges:
        xs += [position[person][0], position[org][0], None]
        ys += [position[person][1], position[org][1], None]
    figure = go.Figure(
        [
            go.Scatter(
                x=network.people["x"], y=network.people["y"], mode="markers+text",
                text=network.people["name"], textposition="middle left",
                customdata=network.people["name"], name="人物", hoverinfo="text",
                marker=_marker(network.people["size"], "PERSON", "#8a6d00"),
            ),
            go.Scatter(
                x=network.orgs["x"], y=network.orgs["y"], mode="markers+text",
                text=network.orgs["name"], textposition="middle right", name="机构",
                hoverinfo="text",
                marker=_marker(network.orgs["size"], "ORG", "#1f5f99"),
            ),
            go.Scatter(x=xs, y=ys, mode="lines", line={"width": 0.6, "color": "#bbb"},
                       hoverinfo="skip", showlegend=False),
        ]
    )  # fmt: skip
    rows = max(len(network.people), len(network.orgs), 1)
    figure.update_layout(
        title="人物 ↔ 机构(点击人物查看)",
        font_family=FONT,
        height=160 + 22 * rows,
        xaxis={"visible": False, "range": [-1.2, 2.2]},
        yaxis={"visible": False},
        clickmode="event",
        margin={"l": 10, "r": 10},
    )
    return figure


def _overview_tab(data: DashboardData) -> html.Div:
    """The corpus at a glance; everything a click away."""
    summary = corpus_summary(data)
    cards = html.Div(
        [
            html.Div([html.Div(value, className="figure"), html.Div(name)], className="card",
                     style={"display": "inline-block", "margin": "0 18px 12px 0"})
            for name, value in summary.items()
        ],
        id="overview-summary",
    )  # fmt: skip
    parts: list = [cards]
    if data.has("entities"):
        people = top_people(data)
        parts += [
            html.H3("提及最多的人物"),
            html.Ul(
                [
                    html.Li([
                        html.Button(row.name, id={"type": "person-link", "name": row.name},
                                    className="person-link", n_clicks=0),
                        f" {row.n_mentions} 次 {row.roles}",
                    ])
                    for row in people.itertuples()
                ],
                id="overview-people",
            ),
            html.H3("提及最多的机构"),
            table(entity_counts(data, "ORG", 10), {"name": "机构", "n_articles": "文章数",
                                                    "n_mentions": "提及次数", "parent": "上级"},
                  "overview-orgs"),
        ]  # fmt: skip
    if data.has("topics", "article_topics", "articles"):
        over_time = topics_over_time(data)
        figure = px.bar(over_time, x="period", y="n_articles", color="topic",
                        title="主题随时间(每月;无日期时按版面)",
                        labels={"period": "", "n_articles": "文章数", "topic": "主题"})  # fmt: skip
        figure.update_layout(font_family=FONT)
        parts.append(dcc.Graph(id="overview-topics", figure=figure))
    if data.has("roles", "entities"):
        parts.append(dcc.Graph(id="overview-network", figure=_network_figure(data)))
    return html.Div(parts)


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
                    dcc.Tab(label="概览", value="overview", children=_overview_tab(data)),
                    dcc.Tab(label="人物", value="people", children=_people_tab(data)),
                    dcc.Tab(label="机构与地点", value="counts", children=_counts_tab(data)),
                    dcc.Tab(label="主题", value="topics", children=_topics_tab(data)),
                    dcc.Tab(label="文章", value="article", children=_article_tab(data)),
                ],
                value="overview",
                id="tabs",
            ),
        ],
        style={"fontFamily": FONT, "maxWidth": "1100px", "margin": "0 auto"},
    )

    if data.has("roles", "entities"):

        @app.callback(
            Output("tabs", "value"),
            Output("person-query", "value"),
            Input({"type": "person-link", "name": ALL}, "n_clicks"),
            Input("overview-network", "clickData"),
            prevent_initial_call=True,
        )
        def open_person(_clicks, click):
            """A person clicked in the overview (the list or the network) opens their page."""
            if isinstance(ctx.triggered_id, dict):
                if not any(_clicks):
                    return no_update, no_update
                return "people", ctx.triggered_id["name"]
            points = (click or {}).get("points") or []
            name = points[0].get("customdata") if points else None
            return ("people", name) if name else (no_update, no_update)

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

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
from dash import ALL, Dash, Input, Output, State, ctx, dash_table, dcc, html, no_update

from pipeline.dashboard.data import (
    DashboardData,
    corpus_summary,
    entity_counts,
    entity_page,
    filtered,
    find_people,
    highlighted,
    load_outputs,
    papers_and_dates,
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
    mentions; each point carries [label, name] as customdata, for clicks."""
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
                customdata=[["PERSON", n] for n in network.people["name"]], name="人物",
                hoverinfo="text",
                marker=_marker(network.people["size"], "PERSON", "#8a6d00"),
            ),
            go.Scatter(
                x=network.orgs["x"], y=network.orgs["y"], mode="markers+text",
                text=network.orgs["name"], textposition="middle right", name="机构",
                customdata=[["ORG", n] for n in network.orgs["name"]], hoverinfo="text",
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
                        custom_data=["topic"],
                        title="主题随时间(每月;无日期时按版面;点击主题查看)",
                        labels={"period": "", "n_articles": "文章数", "topic": "主题"})  # fmt: skip
        figure.update_layout(font_family=FONT)
        parts.append(dcc.Graph(id="overview-topics", figure=figure))
    if data.has("roles", "entities"):
        parts.append(dcc.Graph(id="overview-network", figure=_network_figure(data)))
    return html.Div(parts)


def _people_tab(data: DashboardData, person: str | None = None) -> html.Div:
    return html.Div(
        [
            dcc.Input(
                id="person-query",
                type="search",
                placeholder="人名,如 张峰",
                debounce=False,
                value=person or "",
            ),
            html.Div(id="person-results"),
        ]
    )


def _entity_view(data: DashboardData, chosen: dict | None) -> html.Div:
    """The page of the organisation or place clicked: who holds titles in it, and where it
    is named."""
    if not chosen:
        return html.Div("点击机构或地点查看其人物和文章。", id="entity-view")
    label, name = chosen["label"], chosen["name"]
    people, articles = entity_page(data, label, name)
    parent = ""
    if data.has("entities"):
        entities = data.tables["entities"]
        rows = entities[(entities["name"] == name) & (entities["label"] == label)]
        if not rows.empty and isinstance(rows["parent"].iloc[0], str):
            parent = f"(上级:{rows['parent'].iloc[0]})"
    return html.Div(
        [
            html.H3(f"{LABEL_NAMES[label]}:{name}{parent}", className="entity-name"),
            table(people, {"person": "人物", "title": "职务", "org_full": "机构"}, "entity-people")
            if not people.empty
            else html.Div("(no titles held here)"),
            html.Ul([html.Li(t) for t in articles["article_title"]]),
        ],
        id="entity-view",
    )


def _counts_tab(data: DashboardData, chosen: dict | None = None) -> html.Div:
    if not data.has("entities"):
        return notice(data.missing("entities"))
    figures = [_entity_view(data, chosen)]
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
            custom_data=[pd.Series([label] * len(counts)), counts.iloc[::-1]["name"]],
            title=f"{LABEL_NAMES[label]}: 提及文章数",
            labels={"n_articles": "文章数", "name": "", "n_mentions": "提及次数"},
        )
        figure.update_layout(font_family=FONT, height=120 + 24 * len(counts))
        figures.append(dcc.Graph(id=f"counts-{label.lower()}", figure=figure))
    return html.Div(figures)


def _topics_tab(data: DashboardData, topic: int | None = None) -> html.Div:
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
            dcc.Dropdown(
                id="topic-choice",
                options=options,
                value=topic if topic is not None else options[0]["value"],
            ),
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


TABS = {
    "overview": "概览",
    "people": "人物",
    "counts": "机构与地点",
    "topics": "主题",
    "article": "文章",
}
FILTERS = [
    State("filter-paper", "value"),
    State("filter-dates", "start_date"),
    State("filter-dates", "end_date"),
]


def _filter_bar(data: DashboardData) -> html.Div:
    """Paper and date range, applied to every tab."""
    papers, first, last = papers_and_dates(data)
    return html.Div(
        [
            dcc.Dropdown(
                id="filter-paper",
                options=[{"label": p, "value": p} for p in papers],
                multi=True,
                placeholder="全部报纸",
                style={"minWidth": "260px"},
            ),
            dcc.DatePickerRange(
                id="filter-dates",
                min_date_allowed=first,
                max_date_allowed=last,
                start_date_placeholder_text="开始日期",
                end_date_placeholder_text="结束日期",
                disabled=first is None,
                display_format="YYYY-MM-DD",
            ),
        ],
        id="filters",
        style={"display": "flex", "gap": "16px", "alignItems": "center", "margin": "8px 0"},
    )


def _tab_content(
    tab: str, data: DashboardData, person: str | None, chosen: dict | None, topic: int | None
) -> html.Div:
    if tab == "people":
        return _people_tab(data, person)
    if tab == "counts":
        return _counts_tab(data, chosen)
    if tab == "topics":
        return _topics_tab(data, topic)
    if tab == "article":
        return _article_tab(data)
    return _overview_tab(data)


def build_app(folder: Path) -> Dash:
    everything = load_outputs(folder)
    app = Dash(__name__, title="zhnews", suppress_callback_exceptions=True)
    problems = [notice(message) for message in everything.messages.values()]
    app.layout = html.Div(
        [
            html.H2("zhnews"),
            html.Div(problems, id="load-messages"),
            _filter_bar(everything),
            dcc.Store(id="person-store"),
            dcc.Store(id="entity-store"),
            dcc.Store(id="topic-store"),
            dcc.Tabs(
                [dcc.Tab(label=label, value=value) for value, label in TABS.items()],
                value="overview",
                id="tabs",
            ),
            html.Div(_overview_tab(everything), id="tab-content"),
        ],
        style={"fontFamily": FONT, "maxWidth": "1100px", "margin": "0 auto"},
    )

    def data_for(papers, start, end) -> DashboardData:
        return filtered(everything, papers, start, end)

    topics = everything.tables.get("topics", pd.DataFrame(columns=["label", "topic_id"]))
    topic_ids = {
        label: int(i) for label, i in zip(topics["label"], topics["topic_id"], strict=True)
    }

    @app.callback(
        Output("tab-content", "children"),
        Input("tabs", "value"),
        Input("filter-paper", "value"),
        Input("filter-dates", "start_date"),
        Input("filter-dates", "end_date"),
        State("person-store", "data"),
        State("entity-store", "data"),
        State("topic-store", "data"),
        prevent_initial_call=True,
    )
    def render(tab, papers, start, end, person, chosen, topic):
        return _tab_content(tab, data_for(papers, start, end), person, chosen, topic)

    @app.callback(
        Output("tabs", "value"),
        Output("person-store", "data"),
        Output("entity-store", "data"),
        Output("topic-store", "data"),
        Input({"type": "person-link", "name": ALL}, "n_clicks"),
        Input("overview-network", "clickData"),
        Input("overview-topics", "clickData"),
        prevent_initial_call=True,
    )
    def open_link(clicks, network_click, topic_click):
        """Whatever is clicked in the overview opens its page: a person (the list or the
        network), an organisation (the network), a topic (the chart)."""
        nothing = (no_update,) * 4
        if isinstance(ctx.triggered_id, dict):
            if not any(clicks):
                return nothing
            return "people", ctx.triggered_id["name"], no_update, no_update
        if ctx.triggered_id == "overview-topics":
            points = (topic_click or {}).get("points") or []
            topic = topic_ids.get(points[0].get("customdata", [None])[0]) if points else None
            return ("topics", no_update, no_update, topic) if topic is not None else nothing
        points = (network_click or {}).get("points") or []
        label, name = (points[0].get("customdata") or [None, None]) if points else (None, None)
        if label == "PERSON":
            return "people", name, no_update, no_update
        if label == "ORG":
            return "counts", no_update, {"label": "ORG", "name": name}, no_update
        return nothing

    @app.callback(
        Output("entity-view", "children"),
        Input("counts-org", "clickData"),
        Input("counts-place", "clickData"),
        *FILTERS,
        prevent_initial_call=True,
    )
    def open_entity(org_click, place_click, papers, start, end):
        """A bar clicked in 机构与地点 opens that organisation's or place's page."""
        click = org_click if ctx.triggered_id == "counts-org" else place_click
        points = (click or {}).get("points") or []
        if not points:
            return no_update
        label, name = points[0]["customdata"]
        data = data_for(papers, start, end)
        return _entity_view(data, {"label": label, "name": name}).children

    @app.callback(Output("person-results", "children"), Input("person-query", "value"), *FILTERS)
    def show_person(query, papers, start, end):
        data = data_for(papers, start, end)
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
                    {"title": "职务", "org_full": "机构", "sentence": "原句", "articles": "文章"},
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

    @app.callback(Output("topic-articles", "children"), Input("topic-choice", "value"), *FILTERS)
    def show_topic(topic_id, papers, start, end):
        data = data_for(papers, start, end)
        chosen = topic_articles(data, int(topic_id)) if topic_id is not None else None
        if chosen is None or chosen.empty:
            return notice("No articles in this topic.")
        return table(chosen, {"article_title": "文章", "weight": "权重"}, "topic-articles-table")

    @app.callback(Output("article-view", "children"), Input("article-choice", "value"))
    def show_article(article_id):
        return _article_view(everything, article_id)

    return app


def _article_view(data: DashboardData, article_id: str | None) -> html.Div:
    """An article's body with its people, organisations, places and titles highlighted."""
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
    links = (
        data.tables["roles"].query("article_id == @article_id")
        if data.has("roles")
        else pd.DataFrame(columns=["person", "title", "org_full"])
    )
    return html.Div(
        [
            html.H3(row["title"] if isinstance(row["title"], str) else "(untitled)"),
            html.Div(legend),
            html.P(body, style={"whiteSpace": "pre-wrap", "lineHeight": "1.8"}),
            html.H4("人物 · 职务 · 机构"),
            table(
                links.fillna(""),
                {"person": "人物", "title": "职务", "org_full": "机构", "method": "来源"},
                "article-links",
            ),
        ]
    )

"""The dashboard's plotly figures. A clickable figure's points carry [label, key] as
customdata (PERSON/ORG/PLACE and a name, or TOPIC and a topic id); the app turns a click
into that page's address."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipeline.dashboard import strings
from pipeline.dashboard.data import (
    DashboardData,
    entity_counts,
    person_org_network,
    topic_rows,
    topics_over_time,
)

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif'
COLOURS = {"PERSON": "#f5c451", "ORG": "#4f8fd6", "PLACE": "#5bb374", "ROLE": "#c77dd1"}
TOPIC_COLOURS = [
    "#1c7ed6",
    "#f08c00",
    "#2f9e44",
    "#e03131",
    "#7048e8",
    "#0c8599",
    "#d6336c",
    "#5c940d",
    "#e8590c",
    "#3b5bdb",
    "#868e96",
]


def _layout(figure: go.Figure, height: int) -> go.Figure:
    """The house style; titles are the panels' (widgets.section), not the figures'."""
    figure.update_layout(
        font_family=FONT,
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 20, "b": 30},
        clickmode="event",
        hoverlabel={"font_family": FONT},
    )
    return figure


def network_figure(data: DashboardData) -> go.Figure:
    """People (left) linked to the organisations they hold titles in (right), sized by
    mentions."""
    network = person_org_network(data)
    position = {n.name: (n.x, n.y) for n in network.people.itertuples()}
    position |= {n.name: (n.x, n.y) for n in network.orgs.itertuples()}
    xs, ys = [], []
    for person, org in network.edges:
        xs += [position[person][0], position[org][0], None]
        ys += [position[person][1], position[org][1], None]

    def nodes(frame: pd.DataFrame, label: str, side: str) -> go.Scatter:
        return go.Scatter(
            x=frame["x"],
            y=frame["y"],
            mode="markers+text",
            text=frame["name"],
            textposition=f"middle {side}",
            name=strings.LABELS[label],
            hoverinfo="text",
            customdata=[[label, n] for n in frame["name"]],
            marker={
                "size": 9 + 3 * frame["size"].clip(upper=10),
                "color": COLOURS[label],
                "line": {"width": 1, "color": "#495057"},
            },
        )

    figure = go.Figure(
        [
            nodes(network.people, "PERSON", "left"),
            nodes(network.orgs, "ORG", "right"),
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 0.6, "color": "#adb5bd"},
                hoverinfo="skip",
                showlegend=False,
            ),
        ]
    )
    rows = max(len(network.people), len(network.orgs), 1)
    figure.update_layout(xaxis={"visible": False, "range": [-1.2, 2.2]}, yaxis={"visible": False})
    return _layout(figure, 160 + 22 * rows)


def topics_over_time_figure(data: DashboardData) -> go.Figure:
    counts, axis = topics_over_time(data)
    figure = go.Figure()
    periods = list(dict.fromkeys(counts["period"]))
    for number, (topic_id, rows) in enumerate(counts.groupby("topic_id", sort=True)):
        name = rows["topic"].iloc[0]
        figure.add_bar(
            x=rows["period"],
            y=rows["n_articles"],
            name=name,
            customdata=[["TOPIC", str(topic_id)]] * len(rows),
            marker_color=TOPIC_COLOURS[number % len(TOPIC_COLOURS)],
            hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={
            "title": axis,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": periods,
        },
        yaxis={"title": strings.COLUMNS["n_articles"]},
    )
    return _layout(figure, 380)


def entity_bars(data: DashboardData, label: str) -> go.Figure:
    """The organisations or places named in the most articles, most first."""
    counts = entity_counts(data, label).iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=counts["n_articles"],
            y=counts["name"],
            orientation="h",
            marker_color=COLOURS[label],
            customdata=[
                [label, n, m] for n, m in zip(counts["name"], counts["n_mentions"], strict=True)
            ],
            hovertemplate="%{y}<br>文章数 %{x},提及次数 %{customdata[2]}<extra></extra>",
        )
    )
    figure.update_layout(xaxis={"title": strings.COLUMNS["n_articles"]})
    return _layout(figure, 120 + 24 * max(len(counts), 1))


def topic_bars(data: DashboardData) -> go.Figure:
    topics = topic_rows(data)
    topics = topics[topics["n_articles"] > 0]  # an empty outlier bucket has nothing to open
    figure = go.Figure(
        go.Bar(
            x=topics["label"],
            y=topics["n_articles"],
            marker_color=TOPIC_COLOURS[0],
            customdata=[["TOPIC", str(i)] for i in topics["topic_id"]],
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    figure.update_layout(xaxis={"type": "category"}, yaxis={"title": strings.COLUMNS["n_articles"]})
    return _layout(figure, 340)


def timeline_figure(roles: pd.DataFrame, dated: bool) -> go.Figure:
    """One line per title and organisation, from the first to the last article stating
    it (page dates, or page order where the pages carry none)."""
    figure = go.Figure()
    start, end = ("first_date", "last_date") if dated else ("first_order", "last_order")
    for row in roles.itertuples():
        name = f"{row.title}({row.org_full})" if row.org_full else row.title
        first, last = getattr(row, start), getattr(row, end)
        if pd.isna(first):
            continue
        figure.add_scatter(
            x=[first, last],
            y=[name, name],
            mode="lines+markers",
            showlegend=False,
            line={"width": 8, "color": COLOURS["ROLE"]},
            marker={"size": 12},
            hovertemplate=f"{name}<br>%{{x}}<extra></extra>",
        )
    axis = {"title": strings.AXIS_DAY} if dated else {"title": strings.AXIS_PAGE_ORDER, "dtick": 1}
    figure.update_layout(xaxis=axis, yaxis={"autorange": "reversed", "type": "category"})
    return _layout(figure, 140 + 40 * max(len(roles), 1))

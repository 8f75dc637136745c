"""人物 `/person/<name>`: a person's career timeline, its sentences, the articles."""

from __future__ import annotations

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html

from pipeline.dashboard import charts, strings
from pipeline.dashboard.data import (
    DashboardData,
    person_articles,
    person_figures,
    person_roles,
)
from pipeline.dashboard.requests import Route
from pipeline.dashboard.widgets import (
    articles_table,
    first_and_last,
    notice,
    section,
    table,
)


def person_page(data: DashboardData, route: Route) -> list:
    """A person's career over time (each title with its organisation, from the first to
    the last article stating it), the sentences stating each, and the articles."""
    name = route.key
    if not data.has("articles"):
        return [notice(data.missing("articles"))]
    n_mentions, n_articles = person_figures(data, name)
    roles = person_roles(data, name) if data.has("roles") else pd.DataFrame()
    if not n_mentions and roles.empty:
        return [notice(strings.UNKNOWN_PERSON.format(name=name))]
    header = dmc.Group(
        [
            dmc.Title(name, order=2, className="person-name"),
            dmc.Badge(strings.LABELS["PERSON"], color="yellow", variant="light"),
            dmc.Text(
                strings.PERSON_FIGURES.format(n_mentions=n_mentions, n_articles=n_articles),
                c="dimmed",
                size="sm",
                id="person-figures",
            ),
        ],
        mb="md",
    )
    parts: list = [header, _person_timeline(name, roles)]
    articles = person_articles(data, name)
    parts.append(
        section(
            strings.PERSON_ARTICLES,
            *articles_table(articles, route, "person-articles"),
            download=("person_articles", name),
        )
    )
    return [html.Div(parts, id="person-results")]


def _person_timeline(name: str, roles: pd.DataFrame) -> dmc.Paper:
    """Each title with its organisation over time: a chart and a table with sentences."""
    if roles.empty:
        return section(strings.PERSON_TIMELINE, dmc.Text(strings.PERSON_NO_ROLES))
    dated = bool(roles["first_date"].notna().any())
    note = strings.PERSON_TIMELINE_NOTE_DATES if dated else strings.PERSON_TIMELINE_NOTE_ORDER
    shown = first_and_last(roles)
    return section(
        strings.PERSON_TIMELINE,
        dmc.Text(note, size="sm", c="dimmed"),
        dcc.Graph(
            figure=charts.timeline_figure(roles, dated),
            id="person-timeline-chart",
            config={"displaylogo": False},
        ),
        table(
            shown,
            {
                "title": "职务",
                "org_full": "机构",
                "first": "首次",
                "last": "末次",
                "n_articles": "文章数",
                "sentence": "原句",
            },
            "person-timeline",
            links={"org_full": ("org", None)},
        ),
        download=("person_roles", name),
    )


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {"person": person_page}

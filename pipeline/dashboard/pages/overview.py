"""概览 `/`: the corpus at a glance, the most mentioned, topics over time, the network."""

from __future__ import annotations

import dash_mantine_components as dmc

from pipeline.dashboard import charts, strings
from pipeline.dashboard.data import (
    DashboardData,
    corpus_summary,
    entity_counts,
    top_people,
)
from pipeline.dashboard.widgets import (
    clickable_graph,
    notice,
    section,
    table,
)


def summary_cards(data: DashboardData) -> dmc.SimpleGrid:
    summary = corpus_summary(data)
    return dmc.SimpleGrid(
        [
            dmc.Paper(
                [
                    dmc.Text(
                        value,
                        fw=700,
                        className="card-value" + (" card-long" if len(value) > 12 else ""),
                    ),
                    dmc.Text(name, size="sm", c="dimmed", className="card-label"),
                ],
                withBorder=True,
                p="sm",
                radius="md",
                className="summary-card",
            )
            for name, value in summary.items()
        ],
        cols={"base": 2, "sm": 4, "lg": len(summary) or 1},
        id="overview-summary",
        mb="md",
    )


def _most_mentioned(data: DashboardData) -> dmc.SimpleGrid:
    """The people and organisations mentioned most, side by side."""
    people = top_people(data)
    orgs = entity_counts(data, "ORG", 10)
    return dmc.SimpleGrid(
        [
            section(
                strings.TOP_PEOPLE,
                table(
                    people,
                    {
                        "name": "人物",
                        "n_mentions": "提及次数",
                        "n_articles": "文章数",
                        "roles": "职务",
                    },
                    "overview-people",
                    links={"name": ("person", None)},
                ),
                download=("top_people", ""),
            ),
            section(
                strings.TOP_ORGS,
                table(
                    orgs,
                    {
                        "name": "机构",
                        "n_mentions": "提及次数",
                        "n_articles": "文章数",
                        "parent": "上级",
                    },
                    "overview-orgs",
                    links={"name": ("org", None), "parent": ("org", None)},
                ),
                download=("top_orgs", ""),
            ),
        ],
        cols={"base": 1, "md": 2},
    )


def overview_page(data: DashboardData) -> list:
    """The corpus at a glance; everything a click away."""
    parts: list = [summary_cards(data)]
    if data.has("entities"):
        parts.append(_most_mentioned(data))
    else:
        parts.append(notice(data.missing("entities")))
    if data.has("topics", "article_topics", "articles"):
        figure = charts.topics_over_time_figure(data)
        parts.append(
            section(
                strings.TOPICS_OVER_TIME,
                clickable_graph("overview-topics", figure),
            )
        )
    if data.has("roles", "entities"):
        parts.append(
            section(
                strings.NETWORK,
                clickable_graph("overview-network", charts.network_figure(data)),
            )
        )
    return parts


# The views (requests.py parse_route) this tab answers, and its page function for each.
ROUTES = {"": lambda data, _route: overview_page(data)}

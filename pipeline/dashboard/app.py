"""The zhnews dashboard (Dash + Mantine components + plotly), reading only the parquet
tables in one folder.

Every page has an address (/person/张峰, /org/丽水市政协, /topic/3, /article/<id>,
/search?q=张), so every name and title is a link and a page can be bookmarked: 概览 (the
corpus at a glance, most mentioned people and organisations, topics over time, the person
↔ organisation network), 人物 (search), 机构与地点 (bars), 主题, 文章. The filter bar
(papers, dates) applies to every page. Views whose tables are missing or empty say which
file and what to run; a malformed request gets a message, never a server error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import dash_mantine_components as dmc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from pipeline.dashboard import downloads, strings
from pipeline.dashboard.charts import FONT
from pipeline.dashboard.data import DashboardData, filtered, papers_and_dates
from pipeline.dashboard.pages import PAGES
from pipeline.dashboard.requests import (
    Filters,
    Route,
    click_target,
    href,
    parse_filters,
    parse_route,
)
from pipeline.dashboard.tables import load_outputs
from pipeline.dashboard.widgets import notice

log = logging.getLogger(__name__)

THEME = {
    "primaryColor": "indigo",
    "fontFamily": FONT,
    "headings": {"fontFamily": FONT},
    "defaultRadius": "md",
}
INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
{%metas%}
<title>{%title%}</title>
<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg">
{%css%}
</head>
<body>
{%app_entry%}
<footer>{%config%}{%scripts%}{%renderer%}</footer>
</body>
</html>"""


def _header() -> dmc.Group:
    nav = [
        dcc.Link(text, href=target, className="nav-link", id=f"nav-{i}")
        for i, (target, text) in enumerate(strings.NAV.items())
    ]
    return dmc.Group(
        [
            dcc.Link(
                dmc.Group(
                    [
                        html.Img(src="/assets/favicon.svg", height=28),
                        dmc.Title(strings.APP_TITLE, order=3),
                    ],
                    gap="xs",
                ),
                href="/",
                className="brand",
            ),
            dmc.Group(nav, gap="md", id="nav"),
            dmc.TextInput(
                id="search-box", placeholder=strings.SEARCH_PLACEHOLDER, debounce=True, w=260
            ),
        ],
        justify="space-between",
        py="sm",
    )


def _filter_bar(data: DashboardData) -> dmc.Group:
    """Paper and date range, applied to every page."""
    papers, first, last = papers_and_dates(data)
    parts = [
        dmc.MultiSelect(
            id="filter-paper",
            data=papers,
            placeholder=strings.FILTER_PAPERS,
            clearable=True,
            w=280,
            comboboxProps={"withinPortal": True},
        ),
        dcc.DatePickerRange(
            id="filter-dates",
            min_date_allowed=first,
            max_date_allowed=last,
            start_date_placeholder_text=strings.FILTER_START,
            end_date_placeholder_text=strings.FILTER_END,
            disabled=first is None,
            display_format="YYYY-MM-DD",
        ),
    ]
    if first is None:
        parts.append(dmc.Text(strings.FILTER_NO_DATES, size="sm", c="dimmed", id="no-dates"))
    return dmc.Group(parts, id="filters", gap="md", mb="md")


def _page(data: DashboardData, route: Route) -> list:
    if route.problem:
        return [notice(route.problem, "notice request-problem")]
    return PAGES.get(route.view, PAGES[""])(data, route)


def _layout(data: DashboardData) -> dmc.MantineProvider:
    return dmc.MantineProvider(
        dmc.Container(
            [
                dcc.Location(id="url", refresh="callback-nav"),
                dcc.Download(id="download"),
                _header(),
                html.Div([notice(m) for m in data.messages.values()], id="load-messages"),
                _filter_bar(data),
                html.Div(id="filter-messages"),
                html.Div(id="page"),
            ],
            size="xl",
        ),
        theme=THEME,
    )


def build_app(folder: Path) -> Dash:
    everything = load_outputs(folder)
    app = Dash(
        __name__, title=strings.APP_TITLE, update_title=None, suppress_callback_exceptions=True
    )
    app.index_string = INDEX
    app.layout = _layout(everything)

    @lru_cache(maxsize=8)
    def data_for(filters: Filters) -> DashboardData:
        return filtered(everything, list(filters.papers), filters.start, filters.end)

    _register_pages(app, data_for)
    _register_navigation(app)
    _register_downloads(app, data_for)
    return app


def _register_pages(app: Dash, data_for: Callable[[Filters], DashboardData]) -> None:
    """The page of the address, over the tables the filter bar keeps."""

    @app.callback(
        Output("page", "children"),
        Output("filter-messages", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
        Input("filter-paper", "value"),
        Input("filter-dates", "start_date"),
        Input("filter-dates", "end_date"),
    )
    def render(pathname, search, papers, start, end):
        filters = parse_filters(papers, start, end)
        route = parse_route(pathname, search)
        page = _page(data_for(Filters(filters.papers, filters.start, filters.end)), route)
        return page, [notice(p, "notice filter-problem") for p in filters.problems]


def _register_navigation(app: Dash) -> None:
    @app.callback(
        Output("url", "href"),
        Input({"type": "chart", "name": ALL}, "clickData"),
        Input("search-box", "value"),
        prevent_initial_call=True,
    )
    def navigate(_clicks, query):
        """A chart point clicked opens its page; a search typed opens the search page."""
        if ctx.triggered_id == "search-box":
            return href("search", q=query.strip()) if isinstance(query, str) else no_update
        target = click_target(ctx.triggered[0]["value"] if ctx.triggered else None)
        return target or no_update


def _register_downloads(app: Dash, data_for: Callable[[Filters], DashboardData]) -> None:
    @app.callback(
        Output("download", "data"),
        Input({"type": "csv", "table": ALL, "arg": ALL}, "n_clicks"),
        State("filter-paper", "value"),
        State("filter-dates", "start_date"),
        State("filter-dates", "end_date"),
        prevent_initial_call=True,
    )
    def download(_clicks, papers, start, end):
        """The table behind the button clicked, whole, as CSV."""
        button = ctx.triggered_id
        if not isinstance(button, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
            return no_update
        table, argument = button.get("table"), button.get("arg")
        if not isinstance(table, str) or table not in downloads.TABLES:
            return no_update
        if not isinstance(argument, str):
            return no_update
        filters = parse_filters(papers, start, end)
        argument = unquote(argument)
        frame = downloads.table_for(
            data_for(Filters(filters.papers, filters.start, filters.end)), table, argument
        )
        if frame is None:
            return no_update
        name = downloads.file_name(table, argument, filters.words())
        return dcc.send_data_frame(frame.to_csv, name, index=False, encoding="utf-8")

"""The pieces every dashboard page is built from: links, notices, sections with a CSV
button, tables with linked cells, pagers, dates or page orders. Every name and article
title is a link (dcc.Link: the app moves without reloading), every long list is paged
through ?page=, every table has a CSV button (downloads.py)."""

from __future__ import annotations

from urllib.parse import quote

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html

from pipeline.dashboard import strings
from pipeline.dashboard.requests import PAGE_SIZE, Route, href

# Columns whose short words never wrap (董事长, not 董事/长).
NOWRAP = {
    "person",
    "title",
    "name",
    "label",
    "n_mentions",
    "n_articles",
    "first",
    "last",
    "date",
    "paper",
    "page_no",
    "weight",
    "method",
    "topic",
    "org_full",
}


def clickable_graph(name: str, figure) -> dcc.Graph:
    """A chart whose points open pages (the click callbacks listen to its type)."""
    return dcc.Graph(
        id={"type": "chart", "name": name},
        figure=figure,
        className="clickable-chart",
        config={"displaylogo": False},
    )


def notice(text: str, kind: str = "notice") -> dmc.Alert:
    return dmc.Alert(text, color="orange", variant="light", className=kind, my="xs")


def link(view: str, key: str, text: str | None = None) -> dcc.Link:
    return dcc.Link(text or key, href=href(view, key), className=f"link link-{view}")


def entity_link(label: str, name: str) -> dcc.Link:
    return link(strings.PAGE_OF_LABEL[label], name)


def when(date, order) -> str:
    """A date as YYYY-MM-DD, or the page order (第 N 版面) where there is none."""
    if date is not None and not pd.isna(date):
        return f"{pd.Timestamp(date):%Y-%m-%d}"
    return f"第 {int(order)} 版面" if order is not None and not pd.isna(order) else ""


def section(title: str, *children, download: tuple[str, str] | None = None) -> dmc.Paper:
    """A titled panel; with `download` (table, argument) a CSV button for its table."""
    head = [dmc.Title(title, order=4)]
    if download:
        table, argument = download
        head.append(
            dmc.Button(
                strings.DOWNLOAD,
                # Ids stay ASCII: Dash matches a clicked id to its input by its JSON with
                # non-ASCII escaped, while the browser sends 张峰 as is.
                id={"type": "csv", "table": table, "arg": quote(argument, safe="")},
                variant="light",
                size="compact-sm",
                className="csv-button",
                n_clicks=0,
            )
        )
    return dmc.Paper(
        [dmc.Group(head, justify="space-between", mb="sm"), *children],
        withBorder=True,
        p="md",
        radius="md",
        shadow="xs",
        mb="md",
    )


def _cell(value, column: str, links: dict) -> object:
    if column in links:
        view, key_column = links[column]
        key = value if key_column is None else links["__row__"][key_column]
        if isinstance(value, str) and value and isinstance(key, str) and key:
            return link(view, key, value)
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    table_id: str,
    links: dict[str, tuple[str, str | None]] | None = None,
) -> dmc.Table:
    """Rows as a Mantine table; `links` maps a column to (view, column holding the key;
    None: the value itself), so its cells open that page."""
    links = links or {}
    head = dmc.TableThead(
        dmc.TableTr([dmc.TableTh(name, className="nowrap") for name in columns.values()])
    )
    rows = []
    for record in frame.to_dict("records") if not frame.empty else []:
        cells = [
            dmc.TableTd(
                _cell(record[c], c, {**links, "__row__": record}),
                className="nowrap" if c in NOWRAP else None,
            )
            for c in columns
        ]
        rows.append(dmc.TableTr(cells))
    return dmc.Table(
        [head, dmc.TableTbody(rows)],
        id=table_id,
        striped=True,
        highlightOnHover=True,
        withTableBorder=True,
        className="data-table",
    )


def paged(frame: pd.DataFrame, route: Route) -> tuple[pd.DataFrame, html.Div | None]:
    """The rows of the page asked for, and links to the pages before and after."""
    total = len(frame)
    pages = max(-(-total // PAGE_SIZE), 1)
    page = min(route.page(), pages)
    rows = frame.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    if pages == 1:
        return rows, None
    query = {k: v for k, v in route.query.items() if k != "page"}

    def to(number: int, text: str) -> dcc.Link:
        return dcc.Link(
            text, href=href(route.view, route.key, **query, page=number), className="pager-link"
        )

    parts: list = [dmc.Text(strings.PAGER.format(page=page, pages=pages, total=total), size="sm")]
    if page > 1:
        parts.insert(0, to(page - 1, strings.PREVIOUS))
    if page < pages:
        parts.append(to(page + 1, strings.NEXT))
    return rows, dmc.Group(parts, gap="md", className="pager", mt="sm")


def articles_table(frame: pd.DataFrame, route: Route, table_id: str) -> list:
    rows, pager = paged(frame, route)
    rows = rows.assign(
        when=[when(d, o) for d, o in zip(rows["date"], rows["page_order"], strict=True)]
    )
    shown = table(
        rows,
        {"article_title": strings.COLUMNS["article_title"], "paper": "报纸", "when": "日期"},
        table_id,
        links={"article_title": ("article", "article_id")},
    )
    return [shown, pager] if pager else [shown]


def first_and_last(spans: pd.DataFrame) -> pd.DataFrame:
    """`first` and `last` columns: when a span in time (data._spans_in_time) began and
    ended, as dates or page orders."""
    return spans.assign(
        first=[when(d, o) for d, o in zip(spans["first_date"], spans["first_order"], strict=True)],
        last=[when(d, o) for d, o in zip(spans["last_date"], spans["last_order"], strict=True)],
    )

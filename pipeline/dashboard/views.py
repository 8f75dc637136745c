"""The dashboard's pages, built from the pure helpers in data.py: overview, search,
person, organisation/place, topics, topic, articles, article. Every name and article title
is a link (dcc.Link: the app moves without reloading), every long list is paged through
?page=, every table has a CSV button (downloads.py)."""

from __future__ import annotations

from urllib.parse import quote

import dash_mantine_components as dmc
import pandas as pd
from dash import dcc, html

from pipeline.dashboard import charts, strings
from pipeline.dashboard.data import (
    DashboardData,
    article_details,
    article_index,
    article_links,
    closest_names,
    corpus_summary,
    entity_articles,
    entity_counts,
    entity_row,
    highlighted,
    person_articles,
    person_figures,
    person_roles,
    post_holders,
    search,
    top_people,
    topic_articles,
    topic_rows,
)
from pipeline.dashboard.requests import PAGE_SIZE, Route, href, topic_id

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


def _articles_table(frame: pd.DataFrame, route: Route, table_id: str) -> list:
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


# ---- overview --------------------------------------------------------------------------


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


# ---- search and people -----------------------------------------------------------------


def _search_tabs(query: str, kind: str, counts: pd.Series) -> dmc.Group:
    """One link per kind with how many were found; the kind shown is marked."""
    return dmc.Group(
        [
            dcc.Link(
                strings.SEARCH_COUNTS.format(label=strings.LABELS[k], count=int(counts.get(k, 0))),
                href=href("search", q=query, kind=k),
                className="kind-tab" + (" kind-tab-active" if k == kind else ""),
                id=f"search-kind-{k.lower()}",
            )
            for k in strings.PAGE_OF_LABEL
        ],
        gap="lg",
        mb="sm",
        id="search-counts",
    )


def _nothing_found(data: DashboardData, query: str, title: str) -> list:
    """Says so, with the names spelled most like the query."""
    suggestions = closest_names(data, query) if query else []
    hint = [
        dmc.Text(strings.SEARCH_SUGGEST, size="sm"),
        dmc.Group(
            [
                dcc.Link(s, href=href("search", q=s), className="link suggestion")
                for s in suggestions
            ],
            id="search-suggestions",
        ),
    ]
    missing = data.missing("entities", "roles")
    return [
        section(
            title,
            notice(strings.SEARCH_NONE.format(query=query)),
            *(hint if suggestions else []),
            *([notice(missing)] if missing else []),
        )
    ]


def search_page(data: DashboardData, route: Route) -> list:
    """All people, organisations and places whose name contains the query, with counts
    per kind; one kind listed at a time, paged."""
    query = route.query.get("q", "").strip()
    kind = route.query.get("kind", "")
    found = search(data, query)
    counts = found["label"].value_counts()
    if kind not in strings.PAGE_OF_LABEL:
        kind = next((k for k in strings.PAGE_OF_LABEL if counts.get(k, 0)), "PERSON")
    title = (
        strings.SEARCH_TITLE.format(query=query)
        if query
        else strings.SEARCH_ALL.format(label=strings.LABELS[kind])
    )
    if found.empty:
        return _nothing_found(data, query, title)
    rows = found[found["label"] == kind]
    page, pager = paged(rows, route)
    page = page.assign(kind=page["label"].map(strings.LABELS))
    columns = {
        "name": strings.COLUMNS["name"],
        "kind": "类别",
        "n_mentions": "提及次数",
        "n_articles": "文章数",
        "parent": "上级",
    }
    listing = table(
        page,
        columns,
        "search-results",
        links={"name": (strings.PAGE_OF_LABEL[kind], None), "parent": ("org", None)},
    )
    return [
        section(
            title,
            _search_tabs(query, kind, counts),
            listing,
            *([pager] if pager else []),
            download=("search", f"{kind}:{query}"),
        )
    ]


def _first_and_last(spans: pd.DataFrame) -> pd.DataFrame:
    """`first` and `last` columns: when a span in time (data._spans_in_time) began and
    ended, as dates or page orders."""
    return spans.assign(
        first=[when(d, o) for d, o in zip(spans["first_date"], spans["first_order"], strict=True)],
        last=[when(d, o) for d, o in zip(spans["last_date"], spans["last_order"], strict=True)],
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
            *_articles_table(articles, route, "person-articles"),
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
    shown = _first_and_last(roles)
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


# ---- organisations and places ----------------------------------------------------------


def entities_page(data: DashboardData) -> list:
    if not data.has("entities"):
        return [notice(data.missing("entities"))]
    parts = []
    for label in ("ORG", "PLACE"):
        if entity_counts(data, label, 1).empty:
            parts.append(notice(f"{strings.LABELS[label]}:0"))
            continue
        parts.append(
            section(
                strings.ORG_BARS if label == "ORG" else strings.PLACE_BARS,
                clickable_graph(f"counts-{label.lower()}", charts.entity_bars(data, label)),
            )
        )
    return [dmc.SimpleGrid(parts, cols={"base": 1, "md": 2})]


def entity_page(data: DashboardData, route: Route) -> list:
    """An organisation's or place's page: its parent, who held which post in it (by date),
    the articles naming it."""
    label = strings.LABEL_OF_PAGE[route.view]
    name = route.key
    row = entity_row(data, label, name)
    holders = post_holders(data, label, name)
    if row is None and holders.empty:
        return [notice(strings.UNKNOWN_ENTITY.format(label=strings.LABELS[label], name=name))]
    parts: list = [_entity_header(label, name, row), _holders(label, name, holders)]
    articles = entity_articles(data, label, name)
    parts.append(
        section(
            strings.ENTITY_ARTICLES,
            *_articles_table(articles, route, "entity-articles"),
            download=("entity_articles", f"{label}:{name}"),
        )
    )
    return [html.Div(parts, id="entity-view")]


def _entity_header(label: str, name: str, row: dict | None) -> dmc.Group:
    """Name, kind, counts and parent organisation."""
    header: list = [
        dmc.Title(name, order=2, className="entity-name"),
        dmc.Badge(
            strings.LABELS[label], variant="light", color="blue" if label == "ORG" else "green"
        ),
    ]
    if row is not None:
        header.append(
            dmc.Text(
                strings.PERSON_FIGURES.format(
                    n_mentions=row["n_mentions"], n_articles=row["n_articles"]
                ),
                c="dimmed",
                size="sm",
            )
        )
        parent = row.get("parent")
        if isinstance(parent, str) and parent:
            header += [dmc.Text("上级:", size="sm"), link("org", parent)]
    return dmc.Group(header, mb="md")


def _holders(label: str, name: str, holders: pd.DataFrame) -> dmc.Paper:
    """Who held which post there, earliest first."""
    title = strings.ENTITY_HOLDERS if label == "ORG" else strings.ENTITY_HOLDERS_PLACE
    if holders.empty:
        return section(title, dmc.Text(strings.ENTITY_NO_HOLDERS))
    shown = _first_and_last(holders)
    return section(
        title,
        table(
            shown.head(200),
            {
                "person": "人物",
                "title": "职务",
                "org_full": "机构",
                "first": "首次",
                "last": "末次",
                "n_articles": "文章数",
            },
            "entity-people",
            links={"person": ("person", None), "org_full": ("org", None)},
        ),
        download=("post_holders", f"{label}:{name}"),
    )


# ---- topics ----------------------------------------------------------------------------


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


# ---- articles --------------------------------------------------------------------------


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

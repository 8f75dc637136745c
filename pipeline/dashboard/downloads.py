"""The tables behind the CSV buttons: each whole (not only the page shown), with the
identifying columns (person, organisation) in every one, named after the table, what it
is about and the filter: 职务_张峰_联谊报.csv."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from pipeline.dashboard import strings
from pipeline.dashboard.data import (
    DashboardData,
    article_index,
    article_links,
    entity_articles,
    entity_counts,
    person_articles,
    person_roles,
    post_holders,
    search,
    top_people,
    topic_articles,
    topic_rows,
)

ARTICLE_COLUMNS = ["article_id", "article_title", "paper", "date", "page_no", "page_id"]


def _kind_and_name(argument: str) -> tuple[str, str]:
    label, _, name = argument.partition(":")
    if label not in strings.PAGE_OF_LABEL:
        raise ValueError(argument)
    return label, name


def _person_roles(data: DashboardData, person: str) -> pd.DataFrame:
    columns = [
        "person",
        "title",
        "org_full",
        "org_parent",
        "first_date",
        "last_date",
        "first_order",
        "last_order",
        "n_articles",
        "sentence",
        "articles",
    ]
    return person_roles(data, person)[columns]


def _person_articles(data: DashboardData, person: str) -> pd.DataFrame:
    return person_articles(data, person)[ARTICLE_COLUMNS].assign(person=person)


def _post_holders(data: DashboardData, argument: str) -> pd.DataFrame:
    label, name = _kind_and_name(argument)
    return post_holders(data, label, name).assign(entity=name)


def _entity_articles(data: DashboardData, argument: str) -> pd.DataFrame:
    label, name = _kind_and_name(argument)
    return entity_articles(data, label, name)[ARTICLE_COLUMNS].assign(
        entity=name, label=strings.LABELS[label]
    )


def _search(data: DashboardData, argument: str) -> pd.DataFrame:
    label, query = _kind_and_name(argument)
    return search(data, query, label)


def _topic_articles(data: DashboardData, argument: str) -> pd.DataFrame:
    rows = topic_articles(data, int(argument))
    return rows[["topic_id", *ARTICLE_COLUMNS, "weight"]]


def _article_links(data: DashboardData, article_id: str) -> pd.DataFrame:
    return article_links(data, article_id).assign(article_id=article_id)


def _articles(data: DashboardData, _: str) -> pd.DataFrame:
    index = article_index(data)
    return index[index["kind"] == "article"][[*ARTICLE_COLUMNS, "kicker", "subtitle", "byline"]]


# table key -> (name in the file name, the frame for an argument)
TABLES: dict[str, tuple[str, Callable[[DashboardData, str], pd.DataFrame]]] = {
    "top_people": ("提及最多的人物", lambda data, _: top_people(data, 1000)),
    "top_orgs": ("提及最多的机构", lambda data, _: entity_counts(data, "ORG", 1000)),
    "person_roles": ("职务", _person_roles),
    "person_articles": ("人物文章", _person_articles),
    "post_holders": ("任职人物", _post_holders),
    "entity_articles": ("相关文章", _entity_articles),
    "search": ("搜索", _search),
    "topics": ("主题", lambda data, _: topic_rows(data)),
    "topic_articles": ("主题文章", _topic_articles),
    "article_links": ("文章链接", _article_links),
    "articles": ("文章", _articles),
}


def file_name(table: str, argument: str, filter_words: str) -> str:
    """职务_张峰_全部.csv: characters a file system may refuse become _."""
    name, _ = TABLES[table]
    about = argument.replace(":", "_")
    stem = "_".join(part for part in (name, about, filter_words) if part)
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem)[:150] + ".csv"


def table_for(data: DashboardData, table: str, argument: str) -> pd.DataFrame | None:
    """The frame a button stands for; None when the table or argument is not one of ours
    or the tables it needs are missing."""
    if table not in TABLES or not isinstance(argument, str):
        return None
    try:
        return TABLES[table][1](data, argument)
    except (KeyError, ValueError):
        return None

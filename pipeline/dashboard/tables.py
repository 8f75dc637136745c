"""The dashboard's one reader of files: the catalog tables it shows, from one folder, into
a DashboardData that the pure functions of data.py work on."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from pipeline.catalog import (
    ARTICLE_TOPICS,
    ARTICLES,
    ENTITIES,
    MENTIONS,
    PAGES,
    ROLES,
    SENTENCES,
    TOPICS,
    Table,
)
from pipeline.dashboard import strings
from pipeline.dashboard.data import DashboardData, no_sentences
from pipeline.io import settle_outputs

# Read whole at start; sentences are read per request, for the articles a page shows.
SHOWN = (PAGES, ARTICLES, MENTIONS, ROLES, ENTITIES, TOPICS, ARTICLE_TOPICS)


def load_outputs(folder: Path, shown: tuple[Table, ...] = SHOWN) -> DashboardData:
    """The tables `shown` from `folder`, each missing, unreadable or empty one as a message."""
    settle_outputs(folder)  # never read a set of tables a kill left half-published
    data = DashboardData(sentences_of=partial(read_sentences, SENTENCES.path(folder)))
    for table in shown:
        frame, message = _read(table, folder)
        if message:
            data.messages[table.name] = message
        else:
            data.tables[table.name] = frame
    return data


def _read(table: Table, folder: Path) -> tuple[pd.DataFrame | None, str | None]:
    """The table, or the message saying why it cannot be shown."""
    path = table.path(folder)
    if not path.exists():
        return None, strings.TABLE_MISSING.format(path=path)
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # a half-copied or foreign file: say which and why
        error_text = f"{type(error).__name__}: {error}"
        return None, strings.TABLE_UNREADABLE.format(path=path, error=error_text)
    if frame.empty:
        return None, strings.TABLE_EMPTY.format(path=path)
    return frame, None


def read_sentences(path: Path, article_ids: set[str]) -> pd.DataFrame:
    """article_id, sentence_idx, sentence of these articles; empty without the table."""
    if not article_ids or not path.exists():
        return no_sentences(article_ids)
    table = pd.read_parquet(
        path, columns=["article_id", "sentence_idx", "text"],
        filters=[("article_id", "in", sorted(article_ids))],
    )  # fmt: skip
    table["sentence_idx"] = table["sentence_idx"].astype("Int64")
    return table.rename(columns={"text": "sentence"})

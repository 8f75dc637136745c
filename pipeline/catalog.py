"""The output tables, in one place: each table's name, file under outputs/, pandera schema,
key columns, the stage that writes it and what a row is. The stages write through it, the
database, its views, the digests, the dashboard and docs/tables.md read it, so a table is
named and described once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import schemas
from pipeline.paths import OUTPUTS_DIR
from pipeline.records import Problem


@dataclass(frozen=True)
class Table:
    name: str
    schema: type[pa.DataFrameModel]
    stage: str
    # The columns that identify a row, or, where none does, that join it to the others.
    key: tuple[str, ...]
    description: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"

    def path(self, folder: Path = OUTPUTS_DIR) -> Path:
        return folder / self.file_name

    @property
    def columns(self) -> list[str]:
        return list(self.schema.to_schema().columns)


PAGES = Table("pages", schemas.PageTable, "segment", ("page_id",), "one row per input page")
ARTICLES = Table(
    "articles", schemas.ArticleTable, "segment", ("article_id",), "articles and teasers"
)
PAGE_SPANS = Table(
    "page_spans", schemas.PageSpanTable, "segment", ("page_id", "start"),
    "where every character of every page went",
)  # fmt: skip
PROBLEMS = Table(
    "problems", schemas.ProblemTable, "segment", ("source_path",),
    "one row per problem met in the input files",
)  # fmt: skip
SENTENCES = Table(
    "sentences", schemas.SentenceTable, "tokenize", ("article_id", "sentence_idx"),
    "one row per sentence of an article body",
)  # fmt: skip
TOKENS = Table(
    "tokens", schemas.TokenTable, "tokenize", ("article_id", "sentence_idx", "token_idx"),
    "one row per word (pkuseg) of a sentence",
)  # fmt: skip
MENTIONS = Table(
    "mentions", schemas.MentionTable, "extract", ("article_id", "start", "end", "label"),
    "PERSON, ORG, PLACE and ROLE spans in article bodies",
)  # fmt: skip
ROLES = Table(
    "roles", schemas.RoleTable, "extract", ("article_id", "sentence_idx"),
    "one row per (person, role) link",
)  # fmt: skip
ENTITIES = Table(
    "entities", schemas.EntityTable, "extract", ("entity_id",),
    "one row per distinct person, organisation or place",
)  # fmt: skip
EXTRACT_PROBLEMS = Table(
    "extract_problems", schemas.ProblemTable, "extract", ("source_path",),
    "partitions the extract stage could not read, one row per page",
)  # fmt: skip
TOPICS = Table("topics", schemas.TopicTable, "topics", ("topic_id",), "one row per topic")
ARTICLE_TOPICS = Table(
    "article_topics", schemas.ArticleTopicTable, "topics", ("article_id", "topic_id"),
    "the topics of each article, with their weight",
)  # fmt: skip
TOPIC_HIERARCHY = Table(
    "topic_hierarchy", schemas.TopicHierarchyTable, "topics", ("node_id",),
    "the topic merge tree, one row per merge",
)  # fmt: skip
TOPIC_MONTHS = Table(
    "topic_months", schemas.TopicMonthTable, "topics", ("topic_id", "month"),
    "articles per topic and month",
)  # fmt: skip

# In pipeline order: the order of the database, its views and docs/tables.md.
TABLES = (
    PAGES, ARTICLES, PAGE_SPANS, PROBLEMS, SENTENCES, TOKENS, MENTIONS, ROLES, ENTITIES,
    EXTRACT_PROBLEMS, TOPICS, ARTICLE_TOPICS, TOPIC_HIERARCHY, TOPIC_MONTHS,
)  # fmt: skip
BY_NAME = {table.name: table for table in TABLES}


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problem records as rows of the problems tables (problems, extract_problems)."""
    return pd.DataFrame([vars(p) for p in problems], columns=[f.name for f in fields(Problem)])

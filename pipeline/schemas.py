"""One pandera schema per output table; every write validates against its schema.

Column names are a contract with dashboards and analysts: docs/tables.md documents each one
(written from pipeline/docs/columns.yaml by `python -m pipeline.docs`).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

ARTICLE_KINDS = ["article", "teaser"]
ARTICLE_TYPES = ["news", "photo", "commentary", "notice"]
SPAN_KINDS = ["article", "teaser", "page", "skipped"]
SPAN_PARTS = [
    "kicker",
    "title",
    "subtitle",
    "source_tag",
    "body",
    "byline",
    "merged_copy",
    "teaser",
    "pointer",
    "paper",
    "masthead",
    "section",
    "whitespace",
    "break_overlap",
]
MENTION_LABELS = ["PERSON", "ORG", "PLACE", "ROLE"]
ENTITY_LABELS = ["PERSON", "ORG", "PLACE"]
# What can be wrong with an input file (see pipeline/inputs.py and docs/robustness.md).
PROBLEM_CODES = [
    "unreadable", "empty", "binary", "undecodable", "encoding", "line_ends", "control_chars",
    "too_large", "not_a_page", "duplicate", "ignored", "segment_failed", "extract_failed",
    "outside", "dangling", "folder_link", "not_a_file",
]  # fmt: skip
# How a role row was found: a title before the name (董事长张峰), after a list of names
# (张三、李四等委员), in brackets after the name (张三(市政协委员)), or in the byline.
ROLE_METHODS = [
    "title_before_name", "names_before_title", "title_in_brackets", "byline",
    "listed_after_title", "title_after_name", "apposition",
]  # fmt: skip


class OutputTable(pa.DataFrameModel):
    """Every output table is strict (no column missing or extra) and coerced to its types."""

    class Config:
        strict = True
        coerce = True


def _is_list_of_str(values: pd.Series) -> pd.Series:
    return values.map(
        lambda v: (
            hasattr(v, "__len__") and not isinstance(v, str) and all(isinstance(x, str) for x in v)
        )
    )


class PageTable(OutputTable):
    page_id: Series[str] = pa.Field(unique=True)
    source_path: Series[str]
    paper: Series[str] = pa.Field(nullable=True)
    section: Series[str] = pa.Field(nullable=True)
    date: Series[pd.Timestamp] = pa.Field(nullable=True)
    page_no: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    splitter: Series[str] = pa.Field(isin=["rules", "model"])
    n_chars: Series[int] = pa.Field(ge=0)
    n_articles: Series[int] = pa.Field(ge=0)


class ArticleTable(OutputTable):
    article_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 16, "max_value": 16})
    page_id: Series[str]
    position: Series[int] = pa.Field(ge=0)
    kind: Series[str] = pa.Field(isin=ARTICLE_KINDS)
    type: Series[str] = pa.Field(nullable=True, isin=ARTICLE_TYPES)
    kicker: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    subtitle: Series[str] = pa.Field(nullable=True)
    column_tag: Series[str] = pa.Field(nullable=True)
    source_tag: Series[str] = pa.Field(nullable=True)
    source_place: Series[str] = pa.Field(nullable=True)
    source_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    byline: Series[str] = pa.Field(nullable=True)
    reporters: Series[object]
    body: Series[str]
    n_chars: Series[int] = pa.Field(ge=0)
    merged_copies: Series[int] = pa.Field(ge=0)
    page_ref: Series[str] = pa.Field(nullable=True)
    date: Series[pd.Timestamp] = pa.Field(nullable=True)

    @pa.check("reporters")
    def reporters_are_lists(cls, reporters: Series[object]) -> Series[bool]:
        return _is_list_of_str(reporters)

    @pa.dataframe_check
    def n_chars_is_body_length(cls, articles: pd.DataFrame) -> Series[bool]:
        return articles["n_chars"] == articles["body"].str.len()

    class Config:
        unique = ["page_id", "position"]


class PageSpanTable(OutputTable):
    """Where every character of every page went: the spans of a page tile it exactly."""

    page_id: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    kind: Series[str] = pa.Field(isin=SPAN_KINDS)
    part: Series[str] = pa.Field(isin=SPAN_PARTS)
    article_id: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    def span_not_empty(cls, spans: pd.DataFrame) -> Series[bool]:
        return spans["end"] > spans["start"]

    class Config:
        unique = ["page_id", "start"]


class SentenceTable(OutputTable):
    article_id: Series[str]
    sentence_idx: Series[int] = pa.Field(ge=0)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    text: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        unique = ["article_id", "sentence_idx"]


class TokenTable(OutputTable):
    article_id: Series[str]
    sentence_idx: Series[int] = pa.Field(ge=0)
    token_idx: Series[int] = pa.Field(ge=0)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)

    class Config:
        unique = ["article_id", "sentence_idx", "token_idx"]


class MentionTable(OutputTable):
    article_id: Series[str]
    sentence_idx: Series[int] = pa.Field(ge=0)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str] = pa.Field(isin=MENTION_LABELS)
    entity_id: Series[str] = pa.Field(nullable=True)
    method: Series[str]

    @pa.dataframe_check
    def span_matches_text(cls, mentions: pd.DataFrame) -> Series[bool]:
        return mentions["end"] - mentions["start"] == mentions["text"].str.len()

    class Config:
        unique = ["article_id", "start", "end", "label"]


class ProblemTable(OutputTable):
    source_path: Series[str]
    page_id: Series[str]
    severity: Series[str] = pa.Field(isin=["error", "warning"])
    problem: Series[str] = pa.Field(isin=PROBLEM_CODES)
    detail: Series[str]


class RoleTable(OutputTable):
    article_id: Series[str]
    sentence_idx: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    person: Series[str]
    role_text: Series[str]
    title: Series[str]
    org: Series[str] = pa.Field(nullable=True)
    org_full: Series[str] = pa.Field(nullable=True)
    # The body org_full belongs to (苏州市委 -> 江苏省委; 缙云县委统战部 -> 缙云县委).
    org_parent: Series[str] = pa.Field(nullable=True)
    org_resolution: Series[str] = pa.Field(nullable=True)
    method: Series[str] = pa.Field(isin=ROLE_METHODS)


class EntityTable(OutputTable):
    entity_id: Series[str] = pa.Field(unique=True)
    label: Series[str] = pa.Field(isin=ENTITY_LABELS)
    name: Series[str]
    aliases: Series[object]
    # The organisation an ORG belongs to (缙云县委统战部 -> 缙云县委); empty for others.
    parent: Series[str] = pa.Field(nullable=True)
    n_mentions: Series[int] = pa.Field(ge=1)
    n_articles: Series[int] = pa.Field(ge=1)

    @pa.check("aliases")
    def aliases_are_lists(cls, aliases: Series[object]) -> Series[bool]:
        return _is_list_of_str(aliases)


class TopicTable(OutputTable):
    # -1 is the outliers' topic: articles far from every topic.
    topic_id: Series[int] = pa.Field(ge=-1, unique=True)
    label: Series[str]
    top_terms: Series[object]
    n_articles: Series[int] = pa.Field(ge=0)

    @pa.check("top_terms")
    def top_terms_are_lists(cls, top_terms: Series[object]) -> Series[bool]:
        return _is_list_of_str(top_terms)


class ArticleTopicTable(OutputTable):
    article_id: Series[str]
    topic_id: Series[int] = pa.Field(ge=-1)
    weight: Series[float] = pa.Field(ge=0.0, le=1.0)

    class Config:
        unique = ["article_id", "topic_id"]


class TopicHierarchyTable(OutputTable):
    """The topic merge tree: leaves are topic ids 0..n-1, merge i makes node n+i."""

    node_id: Series[int] = pa.Field(ge=0, unique=True)
    left_id: Series[int] = pa.Field(ge=0)
    right_id: Series[int] = pa.Field(ge=0)
    distance: Series[float] = pa.Field(ge=0.0)
    # Groups left once this merge is made: cut at n_topics_after >= k for k groups.
    n_topics_after: Series[int] = pa.Field(ge=1)
    n_articles: Series[int] = pa.Field(ge=0)
    label: Series[str]
    top_terms: Series[object]

    @pa.check("top_terms")
    def top_terms_are_lists(cls, top_terms: Series[object]) -> Series[bool]:
        return _is_list_of_str(top_terms)


class TopicMonthTable(OutputTable):
    """Articles per topic and month (an article counts for its strongest topic)."""

    topic_id: Series[int] = pa.Field(ge=-1)
    month: Series[pd.Timestamp]
    n_articles: Series[int] = pa.Field(ge=1)
    share: Series[float] = pa.Field(ge=0.0, le=1.0)

    class Config:
        unique = ["topic_id", "month"]

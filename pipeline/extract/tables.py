"""Run the baseline rules over every article: the mentions, roles and entities tables."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import pandas as pd

from pipeline.extract.resolve import article_places, resolve_org
from pipeline.extract.rules import (
    Found,
    RoleLink,
    find_orgs,
    find_places,
    find_repeats,
    find_roles,
    names_re,
    place_names,
    without_overlaps,
)
from pipeline.lexicons import place_abbreviations
from pipeline.ner.model import NerBackend
from pipeline.params import ExtractParams
from pipeline.roles.spans import merge_role_spans
from pipeline.segment.lines import byline_credits

log = logging.getLogger(__name__)

MENTION_COLUMNS = [
    "article_id", "sentence_idx", "start", "end", "text", "label", "entity_id", "method",
]  # fmt: skip
ROLE_COLUMNS = [
    "article_id", "sentence_idx", "person", "role_text", "title", "org", "org_full",
    "org_resolution", "method",
]  # fmt: skip
# A byline's 本报 is the paper the page belongs to.
OWN_PAPER = "本报"


@dataclass(frozen=True)
class Extracted:
    mentions: pd.DataFrame
    roles: pd.DataFrame
    entities: pd.DataFrame


def entity_id(label: str, name: str) -> str:
    return hashlib.sha1(f"{label}\x1f{name}".encode()).hexdigest()[:16]


def canonical_name(span: Found, position: int, hits, params: ExtractParams) -> str:
    """The name an entity is known by: resolved organisation, full place name, or as written."""
    if span.label == "ORG":
        return resolve_org(span.text, position, hits, params.home_province)[0]
    if span.label == "PLACE":
        # A one-character abbreviation (港, 俄) is known by the place it stands for.
        return place_abbreviations().get(span.text) or place_names().get(span.text, span.text)
    return span.text


def _article_rows(
    article,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    ner_spans: dict[int, list[Found]],
):
    title = article.title if isinstance(article.title, str) else None
    hits = article_places(title, article.body)
    starts = tokens.groupby("sentence_idx")["start"].apply(set).to_dict()
    found: dict[int, list[RoleLink]] = {}
    local_starts: dict[int, set[int]] = {}
    for sent in sentences.itertuples():
        local_starts[sent.sentence_idx] = {
            s - sent.start for s in starts.get(sent.sentence_idx, set())
        }
        ner_orgs = tuple(s for s in ner_spans.get(sent.sentence_idx, []) if s.label == "ORG")
        found[sent.sentence_idx] = find_roles(
            sent.text, params, local_starts[sent.sentence_idx], ner_orgs
        )
    people = {link.person.text for links in found.values() for link in links}
    people |= {s.text for spans in ner_spans.values() for s in spans if s.label == "PERSON"}
    names = names_re(people)

    mentions, roles = [], []
    for sent in sentences.itertuples():
        links = found[sent.sentence_idx]
        model_spans = ner_spans.get(sent.sentence_idx, [])
        # The model's ROLE spans may overlap its entities (晶睿电子科技公司 | 董事长): they are
        # merged with the pattern roles below, not with the entities.
        model_entities = [span for span in model_spans if span.label != "ROLE"]

        # Earlier lists win overlaps: names after titles and their organisations (they carry
        # the role links), then the NER model's spans, repeated names, free-standing
        # organisations and lexicon places.
        flat = without_overlaps(
            [link.person for link in links]
            + [link.org for link in links if link.org]
            + model_entities
            + find_repeats(sent.text, names)
            + find_orgs(sent.text)
            + find_places(sent.text)
        )
        role_spans = {
            (span.start, span.end): span
            for span in merge_role_spans(
                [link.role for link in links], [s for s in model_spans if s.label == "ROLE"]
            )
        }
        # A linked organisation is known by the name its role row resolves it to.
        link_orgs = {
            (link.org.start, link.org.end): _resolve_link_org(link, sent.start, hits, params)[0]
            for link in links
            if link.org
        }
        for span in flat:
            name = link_orgs.get((span.start, span.end)) if span.label == "ORG" else None
            name = name or canonical_name(span, sent.start + span.start, hits, params)
            mentions.append(
                (article.article_id, sent.sentence_idx, sent.start + span.start,
                 sent.start + span.end, span.text, span.label,
                 entity_id(span.label, name), span.method, name)
            )  # fmt: skip
        for span in role_spans.values():
            mentions.append(
                (article.article_id, sent.sentence_idx, sent.start + span.start,
                 sent.start + span.end, span.text, "ROLE", None, span.method, None)
            )  # fmt: skip
        for link in links:
            org_full, how = _resolve_link_org(link, sent.start, hits, params)
            roles.append(
                (article.article_id, sent.sentence_idx, link.person.text, link.role.text,
                 link.title, link.org.text if link.org else None, org_full, how, link.method)
            )  # fmt: skip
    return mentions, roles


def _resolve_link_org(link: RoleLink, offset: int, hits, params: ExtractParams):
    """(org_full, how); a sub-unit is named under the organisation heading its chain."""
    if link.org is None:
        return None, None
    if link.parent_org is not None:
        parent, how = resolve_org(
            link.parent_org.text, offset + link.parent_org.start, hits, params.home_province
        )
        return parent + link.org.text, f"part_of_{how}"
    return resolve_org(
        link.org.text, offset + link.org.start, hits, params.home_province, bare_body=True
    )


def byline_roles(article, paper: str) -> list[tuple]:
    """Role rows for the people a byline credits: 本报记者 董思婷 is a reporter of `paper`."""
    rows = []
    byline = article.byline if isinstance(article.byline, str) else ""
    for role_text, name in byline_credits(byline):
        title = next(t for t in ("记者", "通讯员", "实习生", "摄影") if role_text.endswith(t))
        org = role_text[: -len(title)] or None
        org_full, how = (paper, "own_paper") if org == OWN_PAPER else (org, "as_written")
        rows.append(
            (article.article_id, None, name, role_text, title, org, org_full if org else None,
             how if org else None, "byline")
        )  # fmt: skip
    return rows


def _entities(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per entity; `name` is the canonical name its id was hashed from."""
    named = mentions.dropna(subset=["entity_id"])
    rows = []
    for eid, group in named.groupby("entity_id", sort=True):
        surfaces = sorted(set(group["text"]))
        name = group["name"].iloc[0]
        rows.append(
            (eid, group["label"].iloc[0], name, [s for s in surfaces if s != name],
             len(group), group["article_id"].nunique())
        )  # fmt: skip
    return pd.DataFrame(
        rows, columns=["entity_id", "label", "name", "aliases", "n_mentions", "n_articles"]
    )


def ner_mentions(
    sentences: pd.DataFrame, ner: NerBackend | None
) -> dict[tuple[str, int], list[Found]]:
    """(article_id, sentence_idx) -> the model's spans, offsets local to the sentence."""
    if ner is None or sentences.empty:
        return {}
    predicted = ner.predict(sentences["text"].tolist())
    keys = zip(sentences["article_id"], sentences["sentence_idx"], strict=True)
    return {
        key: [Found(s, e, label, text[s:e], "ner") for s, e, label in spans]
        for key, text, spans in zip(keys, sentences["text"], predicted, strict=True)
    }


def extract_shard(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    ner: NerBackend | None = None,
    papers: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions with their canonical `name`, roles) of some articles."""
    mention_rows, role_rows = [], []
    sentences_by_article = dict(tuple(sentences.groupby("article_id")))
    tokens_by_article = dict(tuple(tokens.groupby("article_id")))
    predicted = ner_mentions(sentences, ner)
    log.info("NER model found %d spans", sum(len(v) for v in predicted.values()))
    for article in articles[articles["kind"] == "article"].itertuples():
        paper = (papers or {}).get(article.page_id, OWN_PAPER)
        role_rows += byline_roles(article, paper)
        if article.article_id not in sentences_by_article:
            continue
        article_sentences = sentences_by_article[article.article_id]
        m, r = _article_rows(
            article,
            article_sentences,
            tokens_by_article[article.article_id],
            params,
            {
                idx: predicted.get((article.article_id, idx), [])
                for idx in article_sentences["sentence_idx"]
            },
        )
        mention_rows += m
        role_rows += r
    return (
        pd.DataFrame(mention_rows, columns=[*MENTION_COLUMNS, "name"]),
        pd.DataFrame(role_rows, columns=ROLE_COLUMNS),
    )


def assemble(shards: list[tuple[pd.DataFrame, pd.DataFrame]]) -> Extracted:
    """The three tables from the shards' mentions and roles; entities count over all."""
    mentions = (
        pd.concat([m for m, _ in shards], ignore_index=True)
        .drop_duplicates(subset=["article_id", "start", "end", "label"])
        .sort_values(["article_id", "start", "end", "label"], ignore_index=True)
    )
    roles = pd.concat([r for _, r in shards], ignore_index=True).drop_duplicates(ignore_index=True)
    log.info("%d mentions, %d role links", len(mentions), len(roles))
    return Extracted(mentions=mentions[MENTION_COLUMNS], roles=roles, entities=_entities(mentions))


def extract_corpus(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    ner: NerBackend | None = None,
    papers: dict[str, str] | None = None,
) -> Extracted:
    """Mentions, role links and entities; `ner` adds a model's PERSON/ORG/PLACE spans and
    its ROLE spans (titles with no linked person too), `papers` (page_id -> paper) names
    the paper a byline's 本报 stands for."""
    return assemble([extract_shard(articles, sentences, tokens, params, ner, papers)])

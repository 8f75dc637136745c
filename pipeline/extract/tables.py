"""The mentions, roles and entities tables of every article: the NER model's spans, the
role links of pipeline/roles/, and the rules' organisations, places and repeated names."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, fields, replace

import pandas as pd

from pipeline.extract.credits import byline_credits, entity_id
from pipeline.extract.mentions import (
    find_orgs,
    find_places,
    find_repeats,
    names_re,
    without_overlaps,
)
from pipeline.lexicons import place_abbreviations
from pipeline.lexicons.divisions import Divisions
from pipeline.ner.backends import NerBackend
from pipeline.params import ExtractParams
from pipeline.records import Found, MentionRow, Problem, RoleLink, RoleRow
from pipeline.roles.links import (
    ArticleContext,
    article_contexts,
    byline_roles,
    posts,
    resolve_links,
    role_spans,
    sentence_links,
    with_same_person_orgs,
)
from pipeline.roles.organisations import ResolvedOrg, place_body_parent
from pipeline.roles.people import clean_people, full_names
from pipeline.roles.words import place_names

log = logging.getLogger(__name__)

MENTION_COLUMNS = [f.name for f in fields(MentionRow) if f.name != "name"]
ROLE_COLUMNS = [f.name for f in fields(RoleRow)]


@dataclass(frozen=True)
class Extracted:
    mentions: pd.DataFrame
    roles: pd.DataFrame
    entities: pd.DataFrame
    problems: tuple[Problem, ...] = ()  # partitions that failed, with their articles


def canonical_name(span: Found, position: int, context: ArticleContext) -> str:
    """The name an entity is known by: resolved organisation (a bare 政协 in a story about a
    city is that city's), full place name, or as written."""
    if span.label == "ORG":
        return context.full_name(span.text, position, bare_body=True)[0]
    if span.label == "PLACE":
        # A one-character abbreviation (港, 俄) is known by the place it stands for.
        return place_abbreviations().get(span.text) or place_names(context.home_places).get(
            span.text, span.text
        )
    return span.text


def _token_starts(sentences: pd.DataFrame, tokens: pd.DataFrame) -> dict[int, set[int]]:
    """Sentence -> where pkuseg's words start, offsets local to the sentence."""
    starts = tokens.groupby("sentence_idx")["start"].apply(set).to_dict()
    return {
        sent.sentence_idx: {s - sent.start for s in starts.get(sent.sentence_idx, set())}
        for sent in sentences.itertuples()
    }


def _links_by_sentence(
    sentences: pd.DataFrame,
    starts: dict[int, set[int]],
    params: ExtractParams,
    ner_spans: dict[int, list[Found]],
) -> dict[int, list[RoleLink]]:
    """Each sentence's role links; the rules need where pkuseg's words start."""
    return {
        sent.sentence_idx: sentence_links(
            sent.text, params, starts[sent.sentence_idx], ner_spans.get(sent.sentence_idx, [])
        )
        for sent in sentences.itertuples()
    }


def _article_orgs(
    sentences: pd.DataFrame, ner_spans: dict[int, list[Found]], found: dict[int, list[RoleLink]]
) -> tuple[tuple[int, str], ...]:
    """The organisations an article names, (body offset, as written), in reading order."""
    orgs = set()
    for sent in sentences.itertuples():
        spans = [s for s in ner_spans.get(sent.sentence_idx, []) if s.label == "ORG"]
        spans += [link.org for link in found[sent.sentence_idx] if link.org]
        orgs |= {(sent.start + s.start, s.text) for s in spans}
    # One name per place it ends: the longest (the linker's 中央应对…领导小组 over the model's
    # 新冠肺炎…领导小组).
    longest = {}
    for start, name in sorted(orgs):
        longest.setdefault(start + len(name), (start, name))
    return tuple(sorted(longest.values()))


def _sentence_mentions(
    article_id: str,
    sent,
    links: list[RoleLink],
    resolved: list[ResolvedOrg],
    model_spans: list[Found],
    names: re.Pattern[str] | None,
    context: ArticleContext,
) -> list[MentionRow]:
    """PERSON/ORG/PLACE mentions of one sentence, then its ROLE spans. Earlier lists win
    overlaps: linked names and their organisations (they carry the role links), the NER
    model's entities, repeated names, free-standing organisations, lexicon places. The
    model's ROLE spans may overlap its entities (晶睿电子科技公司 | 董事长): they join the
    links' roles, not the entities."""
    flat = without_overlaps(
        [link.person for link in links]
        + [link.org for link in links if link.org]
        + [span for span in model_spans if span.label != "ROLE"]
        + find_repeats(sent.text, names)
        + find_orgs(sent.text, context.home_places)
        + find_places(sent.text, context.home_places)
    )
    # A linked organisation is known by the name its role row resolves it to.
    link_orgs = {
        (link.org.start, link.org.end): org.org_full
        for link, org in zip(links, resolved, strict=True)
        if link.org
    }
    rows = []
    for span in flat:
        name = link_orgs.get((span.start, span.end)) if span.label == "ORG" else None
        name = name or canonical_name(span, sent.start + span.start, context)
        rows.append(
            MentionRow(article_id, sent.sentence_idx, sent.start + span.start,
                       sent.start + span.end, span.text, span.label,
                       entity_id(span.label, name), span.method, name)
        )  # fmt: skip
    return rows + [
        MentionRow(article_id, sent.sentence_idx, sent.start + span.start,
                   sent.start + span.end, span.text, "ROLE", None, span.method, None)
        for span in role_spans(links, model_spans)
    ]  # fmt: skip


def _sentence_roles(
    article_id: str, sent, links: list[RoleLink], resolved: list[ResolvedOrg]
) -> list[RoleRow]:
    return [
        RoleRow(article_id, sent.sentence_idx, link.person.text, link.role.text,
                org.title or link.title,
                link.org.text if link.org else None, org.org_full, org.org_parent, org.how,
                link.method)
        for link, org in posts(links, resolved)
    ]  # fmt: skip


def _article_rows(
    article,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    context: ArticleContext,
    params: ExtractParams,
    ner_spans: dict[int, list[Found]],
) -> tuple[list[MentionRow], list[RoleRow]]:
    """The mentions and role rows of one article; each link's organisation is resolved once.
    The model's PERSON spans are made fit to be people first (roles/people.py), and a name
    cut short is known by the full one the article writes."""
    starts = _token_starts(sentences, tokens)
    ner_spans = {
        sent.sentence_idx: clean_people(
            sent.text, ner_spans.get(sent.sentence_idx, []), starts[sent.sentence_idx]
        )
        for sent in sentences.itertuples()
    }
    found = _links_by_sentence(sentences, starts, params, ner_spans)
    context = replace(context, orgs=_article_orgs(sentences, ner_spans, found))
    people = {link.person.text for links in found.values() for link in links}
    people |= {s.text for spans in ner_spans.values() for s in spans if s.label == "PERSON"}
    full = full_names(people)
    names = names_re(people)
    mentions: list[MentionRow] = []
    roles: list[RoleRow] = []
    for sent in sentences.itertuples():
        links = found[sent.sentence_idx]
        resolved = resolve_links(links, sent.text, sent.start, context)
        model_spans = ner_spans.get(sent.sentence_idx, [])
        mentions += _sentence_mentions(
            article.article_id, sent, links, resolved, model_spans, names, context
        )
        roles += _sentence_roles(article.article_id, sent, links, resolved)
    mentions = [
        replace(m, name=full[m.name], entity_id=entity_id("PERSON", full[m.name]))
        if m.label == "PERSON" and m.name in full
        else m
        for m in mentions
    ]
    roles = [replace(r, person=full.get(r.person, r.person)) for r in roles]
    return mentions, roles


def _entities(mentions: pd.DataFrame, roles: pd.DataFrame, divisions: Divisions) -> pd.DataFrame:
    """One row per entity; `name` is the canonical name its id was hashed from. An
    organisation's parent is the one its role links give (财政部社会保障司 -> 财政部), else
    the one its name gives (苏州市委 -> 江苏省委), so a county's bodies roll up to its city.
    The people a byline credits count as PERSON mentions of their article (byline_credits)."""
    credited = byline_credits(roles)
    credits = credited.assign(text=credited["person"], label="PERSON", name=credited["person"])
    named = pd.concat([mentions.dropna(subset=["entity_id"]), credits], ignore_index=True)
    linked = roles.dropna(subset=["org_full", "org_parent"])
    parents = dict(zip(linked["org_full"], linked["org_parent"], strict=True))
    # Whole-column operations, not a pandas group per entity: this runs over the corpus
    # on every run, a cached one too.
    groups = named.groupby("entity_id", sort=True)
    first = named.drop_duplicates("entity_id").set_index("entity_id").loc[groups.size().index]
    surfaces = (
        named[["entity_id", "text"]]
        .drop_duplicates()
        .sort_values(["entity_id", "text"])
        .groupby("entity_id", sort=True)["text"]
        .agg(list)
    )
    names, labels = first["name"].tolist(), first["label"].tolist()
    return pd.DataFrame(
        {
            "entity_id": list(first.index),
            "label": labels,
            "name": names,
            "aliases": [
                [s for s in found if s != name]
                for found, name in zip(surfaces.tolist(), names, strict=True)
            ],
            "parent": [
                parents.get(name) or place_body_parent(name, divisions) if label == "ORG" else None
                for name, label in zip(names, labels, strict=True)
            ],
            "n_mentions": groups.size().tolist(),
            "n_articles": groups["article_id"].nunique().tolist(),
        },
        columns=["entity_id", "label", "name", "aliases", "parent", "n_mentions", "n_articles"],
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
        key: [Found.from_labelled(text, span, "ner") for span in spans]
        for key, text, spans in zip(keys, sentences["text"], predicted, strict=True)
    }


def with_full_names(rows: list[RoleRow]) -> list[RoleRow]:
    """A person written in a short and a full form on one page is known by the full one."""
    full = full_names({row.person for row in rows})
    return [replace(row, person=full[row.person]) for row in rows]


def extract_shard(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    divisions: Divisions,
    ner: NerBackend | None = None,
    papers: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions with their canonical `name`, roles) of some articles."""
    mention_rows: list[MentionRow] = []
    role_rows: list[RoleRow] = []
    sentences_by_article = dict(tuple(sentences.groupby("article_id")))
    tokens_by_article = dict(tuple(tokens.groupby("article_id")))
    predicted = ner_mentions(sentences, ner)
    log.info("NER model found %d spans", sum(len(v) for v in predicted.values()))
    kept = articles[articles["kind"] == "article"]
    for article, context in article_contexts(kept, papers or {}, params, divisions):
        role_rows += byline_roles(article, context)
        if article.article_id not in sentences_by_article:
            continue
        article_sentences = sentences_by_article[article.article_id]
        m, r = _article_rows(
            article,
            article_sentences,
            tokens_by_article[article.article_id],
            context,
            params,
            {
                idx: predicted.get((article.article_id, idx), [])
                for idx in article_sentences["sentence_idx"]
            },
        )
        mention_rows += m
        role_rows += r
    page_of = dict(zip(kept["article_id"], kept["page_id"], strict=True))
    by_page: dict[str, list[RoleRow]] = {}
    for row in role_rows:
        by_page.setdefault(page_of[row.article_id], []).append(row)
    role_rows = [
        row for rows in by_page.values() for row in with_same_person_orgs(with_full_names(rows))
    ]
    return (
        pd.DataFrame([vars(m) for m in mention_rows], columns=[*MENTION_COLUMNS, "name"]),
        pd.DataFrame([vars(r) for r in role_rows], columns=ROLE_COLUMNS),
    )


def with_corpus_orgs(roles: pd.DataFrame) -> pd.DataFrame:
    """A title still written bare takes the organisation the same person's same title has
    most often in the corpus, where it has it at least twice as often as any other
    (习近平主席 on a page that never writes 国家主席; not 中央军委, its other 主席)."""
    bare = roles["org_full"].isna() & (roles["method"] != "byline")
    if not bare.any():
        return roles
    named = roles.dropna(subset=["org_full"]).query("method != 'byline'")
    counts = named.groupby(["person", "title", "org_full"], dropna=False).size()
    parents = named.groupby(["person", "title", "org_full"])["org_parent"].first()
    chosen = {}
    for (person, title), group in counts.groupby(level=[0, 1]):
        ranked = group.sort_values(ascending=False)
        if len(ranked) == 1 or ranked.iloc[0] >= 2 * ranked.iloc[1]:
            chosen[(person, title)] = ranked.index[0][2]
    roles = roles.copy()
    for index in roles.index[bare]:
        key = (roles.at[index, "person"], roles.at[index, "title"])
        if key in chosen:
            roles.at[index, "org_full"] = chosen[key]
            roles.at[index, "org_parent"] = parents.get((*key, chosen[key]))
            roles.at[index, "org_resolution"] = "same_person_in_corpus"
    return roles


def assemble_rows(
    shards: list[tuple[pd.DataFrame, pd.DataFrame]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shards' mentions (with their canonical `name`) and roles, in order, a bare title
    given its organisation from the corpus (with_corpus_orgs)."""
    mentions = (
        pd.concat([m for m, _ in shards], ignore_index=True)
        .drop_duplicates(subset=["article_id", "start", "end", "label"])
        .sort_values(["article_id", "start", "end", "label"], ignore_index=True)
    )
    roles = with_corpus_orgs(
        pd.concat([r for _, r in shards], ignore_index=True).drop_duplicates(ignore_index=True)
    )
    return mentions, roles


def assemble(shards: list[tuple[pd.DataFrame, pd.DataFrame]], divisions: Divisions) -> Extracted:
    """The three tables from the shards' mentions and roles; entities count over all."""
    mentions, roles = assemble_rows(shards)
    log.info("%d mentions, %d role links", len(mentions), len(roles))
    return Extracted(
        mentions=mentions[MENTION_COLUMNS],
        roles=roles,
        entities=_entities(mentions, roles, divisions),
    )

"""Run the baseline rules over every article: the mentions, roles and entities tables."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from pipeline.extract.resolve import PlaceHit, article_places, needs_article_places, resolve_org
from pipeline.extract.rules import (
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
from pipeline.lexicons.divisions import Divisions
from pipeline.ner.model import NerBackend
from pipeline.params import ExtractParams
from pipeline.records import Found
from pipeline.roles.linker import as_role_links, is_name, link_spans
from pipeline.roles.organisations import (
    LEVEL_TITLES,
    NONE,
    PLACE_HEAD_TITLES,
    ResolvedOrg,
    agency_of,
    is_sub_unit,
    place_body_parent,
    reporter_org,
    shared_place,
    sub_unit_parent,
    title_place,
)
from pipeline.roles.spans import merge_role_spans
from pipeline.segment.fields import credit_roles

log = logging.getLogger(__name__)

MENTION_COLUMNS = [
    "article_id", "sentence_idx", "start", "end", "text", "label", "entity_id", "method",
]  # fmt: skip
ROLE_COLUMNS = [
    "article_id", "sentence_idx", "person", "role_text", "title", "org", "org_full",
    "org_parent", "org_resolution", "method",
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


@dataclass
class ArticleContext:
    """What an article tells of the places and employers behind its organisations."""

    title: str | None
    body: str
    home_region: str | None  # the paper's home province (params extract.home_regions)
    paper: str | None
    agency: str | None  # 新华社 / 本报 from the article's dateline
    divisions: Divisions

    @cached_property
    def hits(self) -> list[PlaceHit]:
        """The places the article names; looked for only when an organisation needs them."""
        return article_places(self.title, self.body, self.divisions)

    def hits_for(self, org: str, bare_body: bool = False) -> list[PlaceHit]:
        """The article's places if `org` is named by its level (市政协) or is a bare 政协."""
        return self.hits if needs_article_places(org, bare_body) else []


def canonical_name(span: Found, position: int, context: ArticleContext) -> str:
    """The name an entity is known by: resolved organisation, full place name, or as written."""
    if span.label == "ORG":
        name = resolve_org(span.text, position, context.hits_for(span.text), context.home_region)[0]
        return context.divisions.most_specific(name)
    if span.label == "PLACE":
        # A one-character abbreviation (港, 俄) is known by the place it stands for.
        return place_abbreviations().get(span.text) or place_names().get(span.text, span.text)
    return span.text


def sentence_links(
    text: str,
    params: ExtractParams,
    token_starts: set[int],
    model_spans: list[Found],
) -> list[RoleLink]:
    """The span linker's links over the model's spans, then the title patterns' links for
    titles it did not read. A linked person is a name: where the model found a
    PERSON, the patterns' person must be that span (not 王子 of 王子纯, not 和巴 of 和|巴)."""
    model_people = {(s.start, s.end) for s in model_spans if s.label == "PERSON"}
    model_taken = {i for s in model_spans for i in range(s.start, s.end)}
    ner_orgs = tuple(s for s in model_spans if s.label == "ORG")

    def person_ok(person: Found) -> bool:
        if not is_name(person.text):
            return False
        span = (person.start, person.end)
        return span in model_people or not model_taken & set(range(*span))

    links = as_role_links(text, link_spans(text, model_spans, token_starts))
    # Characters of each person's titles the linker has read (国务委员 holds 委员's).
    held = {(link.person.start, i) for link in links for i in range(link.role.start, link.role.end)}
    for link in find_roles(text, params, token_starts, ner_orgs):
        cells = {(link.person.start, i) for i in range(link.role.start, link.role.end)}
        if person_ok(link.person) and not cells & held:
            held |= cells
            links.append(link)
    return links


def _article_rows(
    article,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    context: ArticleContext,
    params: ExtractParams,
    ner_spans: dict[int, list[Found]],
):
    starts = tokens.groupby("sentence_idx")["start"].apply(set).to_dict()
    found: dict[int, list[RoleLink]] = {}
    for sent in sentences.itertuples():
        local_starts = {s - sent.start for s in starts.get(sent.sentence_idx, set())}
        found[sent.sentence_idx] = sentence_links(
            sent.text, params, local_starts, ner_spans.get(sent.sentence_idx, [])
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
        resolved = resolve_links(links, sent.text, sent.start, context)
        # A linked organisation is known by the name its role row resolves it to.
        link_orgs = {
            (link.org.start, link.org.end): org.org_full
            for link, org in zip(links, resolved, strict=True)
            if link.org
        }
        for span in flat:
            name = link_orgs.get((span.start, span.end)) if span.label == "ORG" else None
            name = name or canonical_name(span, sent.start + span.start, context)
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
        for link, org in zip(links, resolved, strict=True):
            roles.append(
                (article.article_id, sent.sentence_idx, link.person.text, link.role.text,
                 link.title, link.org.text if link.org else None, org.org_full,
                 org.org_parent, org.how, link.method)
            )  # fmt: skip
    return mentions, roles


def resolve_links(
    links: list[RoleLink], sentence: str, offset: int, context: ArticleContext
) -> list[ResolvedOrg]:
    """Each link's organisation in full, in order: a bare head's title may take the place of
    an earlier link in the sentence."""
    resolved: list[ResolvedOrg] = []
    for link in links:
        earlier = [r.org_full for r in resolved if r.org_full]
        resolved.append(resolve_link(link, sentence, offset, context, earlier))
    return resolved


def resolve_link(
    link: RoleLink, sentence: str, offset: int, context: ArticleContext, earlier: list[str]
) -> ResolvedOrg:
    """The organisation of one link, its parent and the rule that named it."""
    divisions = context.divisions
    if link.org is None:
        if org := reporter_org(link.title, sentence, context.agency, context.paper):
            return ResolvedOrg(org, None, "reporter_agency")
        if place := shared_place(link.title, earlier, divisions):
            return ResolvedOrg(place, None, "shared_place")
        return NONE
    if link.place_only:
        if place := title_place(link.org.text, link.title, divisions):
            return ResolvedOrg(place, None, "title_place")
        if link.title not in PLACE_HEAD_TITLES and link.title not in LEVEL_TITLES:
            return NONE  # 匈牙利建筑师: where the person is from
        return ResolvedOrg(divisions.most_specific(link.org.text), None, "as_written")
    if link.parent_org is not None and is_sub_unit(link.org.text, divisions):
        head, how = resolve_org(
            link.parent_org.text, offset + link.parent_org.start,
            context.hits_for(link.parent_org.text),
            context.home_region,
        )  # fmt: skip
        parent = sub_unit_parent(divisions.most_specific(head), link.org.text, divisions)
        return ResolvedOrg(parent + link.org.text, parent, f"part_of_{how}")
    full, how = resolve_org(
        link.org.text,
        offset + link.org.start,
        context.hits_for(link.org.text, bare_body=True),
        context.home_region,
        bare_body=True,
    )
    full = divisions.most_specific(full)
    return ResolvedOrg(full, place_body_parent(full, divisions), how)


# Titles a byline gives.
BYLINE_TITLES = ("记者", "通讯员", "实习生", "摄影")


def byline_roles(article, context: ArticleContext) -> list[tuple]:
    """Role rows for the people a byline credits: 本报记者 董思婷 is a reporter of the paper;
    （记者王迪） after a 本报/新华社 dateline works for that paper or agency."""
    rows = []
    byline = article.byline if isinstance(article.byline, str) else ""
    for role_text, name in credit_roles(byline):
        title = next((t for t in BYLINE_TITLES if role_text.endswith(t)), None)
        if title is None:  # 罗艾桦文: a name with no title written
            continue
        org = role_text[: -len(title)] or None
        if org == OWN_PAPER:
            org_full, how = context.paper, "own_paper"
        elif org:
            org_full, how = org, "as_written"
        elif title != "通讯员" and (
            employer := reporter_org(title, "", context.agency, context.paper)
        ):
            org_full, how = employer, "reporter_agency"
        else:
            org_full, how = None, None
        rows.append(
            (article.article_id, None, name, role_text, title, org, org_full, None, how, "byline")
        )  # fmt: skip
    return rows


def _entities(mentions: pd.DataFrame, roles: pd.DataFrame, divisions: Divisions) -> pd.DataFrame:
    """One row per entity; `name` is the canonical name its id was hashed from. An
    organisation's parent is the one its role links give (财政部社会保障司 -> 财政部), else
    the one its name gives (苏州市委 -> 江苏省委), so a county's bodies roll up to its city."""
    named = mentions.dropna(subset=["entity_id"])
    linked = roles.dropna(subset=["org_full", "org_parent"])
    parents = dict(zip(linked["org_full"], linked["org_parent"], strict=True))
    rows = []
    for eid, group in named.groupby("entity_id", sort=True):
        surfaces = sorted(set(group["text"]))
        name, label = group["name"].iloc[0], group["label"].iloc[0]
        parent = parents.get(name) or place_body_parent(name, divisions) if label == "ORG" else None
        rows.append(
            (eid, label, name, [s for s in surfaces if s != name], parent,
             len(group), group["article_id"].nunique())
        )  # fmt: skip
    return pd.DataFrame(
        rows,
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
    mention_rows, role_rows = [], []
    sentences_by_article = dict(tuple(sentences.groupby("article_id")))
    tokens_by_article = dict(tuple(tokens.groupby("article_id")))
    predicted = ner_mentions(sentences, ner)
    log.info("NER model found %d spans", sum(len(v) for v in predicted.values()))
    agency = None
    for article in articles[articles["kind"] == "article"].itertuples():
        paper = (papers or {}).get(article.page_id)
        source_tag = article.source_tag if isinstance(article.source_tag, str) else None
        # 又电 (one more from the same dateline) keeps the agency of the article before it.
        agency = agency if source_tag and source_tag.startswith("又电") else agency_of(source_tag)
        title = article.title if isinstance(article.title, str) else None
        context = ArticleContext(
            title,
            article.body,
            params.home_regions.get(paper or ""),
            paper or OWN_PAPER,
            agency,
            divisions,
        )
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
    return (
        pd.DataFrame(mention_rows, columns=[*MENTION_COLUMNS, "name"]),
        pd.DataFrame(role_rows, columns=ROLE_COLUMNS),
    )


def assemble(shards: list[tuple[pd.DataFrame, pd.DataFrame]], divisions: Divisions) -> Extracted:
    """The three tables from the shards' mentions and roles; entities count over all."""
    mentions = (
        pd.concat([m for m, _ in shards], ignore_index=True)
        .drop_duplicates(subset=["article_id", "start", "end", "label"])
        .sort_values(["article_id", "start", "end", "label"], ignore_index=True)
    )
    roles = pd.concat([r for _, r in shards], ignore_index=True).drop_duplicates(ignore_index=True)
    log.info("%d mentions, %d role links", len(mentions), len(roles))
    return Extracted(
        mentions=mentions[MENTION_COLUMNS],
        roles=roles,
        entities=_entities(mentions, roles, divisions),
    )


def extract_corpus(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    params: ExtractParams,
    divisions: Divisions,
    ner: NerBackend | None = None,
    papers: dict[str, str] | None = None,
) -> Extracted:
    """Mentions, role links and entities; `ner` adds a model's PERSON/ORG/PLACE spans and
    its ROLE spans (titles with no linked person too), `papers` (page_id -> paper) names
    the paper a byline's 本报 stands for."""
    shard = extract_shard(articles, sentences, tokens, params, divisions, ner, papers)
    return assemble([shard], divisions)

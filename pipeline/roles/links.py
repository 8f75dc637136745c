"""A sentence's role links and their organisations in full: the span linker's links, the
title patterns' for titles it did not read, each organisation resolved once against the
article's places and the divisions gazetteer; the people a byline credits; the ROLE spans
of a sentence, by one rule for the extract stage and the spaCy component."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import pandas as pd

from pipeline.lexicons.divisions import Divisions
from pipeline.params import ExtractParams
from pipeline.records import Found, RoleLink, RoleRow
from pipeline.roles.linker import ROLE, as_role_links, is_name, link_spans
from pipeline.roles.organisations import (
    FORMER_RE,
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
from pipeline.roles.patterns import find_roles
from pipeline.roles.resolve import PlaceHit, article_places, resolve_org
from pipeline.roles.spans import merge_role_spans
from pipeline.segment.fields import credit_roles

# A byline's 本报 is the paper the page belongs to.
OWN_PAPER = "本报"


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

    def full_name(self, org: str, position: int, bare_body: bool = False) -> tuple[str, str]:
        """(the organisation's full name, how it was resolved): from the article's places
        and the paper's home region, then known by its most specific place."""
        name, how = resolve_org(org, position, lambda: self.hits, self.home_region, bare_body)
        return self.divisions.most_specific(name), how


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


def role_spans(links: list[RoleLink], model_spans: list[Found]) -> list[Found]:
    """A sentence's ROLE spans: each link's role as written, then the model's titles that
    overlap none (企业家), in text order (the rule of pipeline/roles/spans.py)."""
    return merge_role_spans(
        [link.role for link in links], [s for s in model_spans if s.label == ROLE]
    )


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
    """The organisation of one link, its parent and the rule that named it. A former post's
    原 inside the body as written (余村原党支部) is left out of its name."""
    divisions = context.divisions
    if link.org is not None and (named := FORMER_RE.sub("", link.org.text)) != link.org.text:
        link = replace(link, org=replace(link.org, text=named))
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
        head, how = context.full_name(link.parent_org.text, offset + link.parent_org.start)
        parent = sub_unit_parent(head, link.org.text, divisions)
        return ResolvedOrg(parent + link.org.text, parent, f"part_of_{how}")
    full, how = context.full_name(link.org.text, offset + link.org.start, bare_body=True)
    return ResolvedOrg(full, place_body_parent(full, divisions), how)


# Titles a byline gives.
BYLINE_TITLES = ("记者", "通讯员", "实习生", "摄影")


def article_contexts(
    articles: pd.DataFrame, papers: dict[str, str], params: ExtractParams, divisions: Divisions
) -> Iterator[tuple[Any, ArticleContext]]:
    """Each article (a row of the articles table) with what it tells of its organisations:
    its paper (page_id -> paper), the paper's home region, its dateline's agency (又电, one
    more from the same dateline, keeps the agency of the article before it)."""
    agency = None
    for article in articles.itertuples():
        paper = papers.get(article.page_id)
        source_tag = article.source_tag if isinstance(article.source_tag, str) else None
        agency = agency if source_tag and source_tag.startswith("又电") else agency_of(source_tag)
        title = article.title if isinstance(article.title, str) else None
        yield (
            article,
            ArticleContext(
                title,
                article.body,
                params.home_regions.get(paper or ""),
                paper or OWN_PAPER,
                agency,
                divisions,
            ),
        )


def byline_roles(article, context: ArticleContext) -> list[RoleRow]:
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
        elif employer := reporter_org(title, "", context.agency, context.paper):
            org_full, how = employer, "reporter_agency"
        else:
            org_full, how = None, None
        rows.append(
            RoleRow(article.article_id, None, name, role_text, title, org, org_full, None, how,
                    "byline")
        )  # fmt: skip
    return rows

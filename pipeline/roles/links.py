"""A sentence's role links and their organisations in full: the span linker's links, the
title patterns' for titles it did not read, each organisation resolved once against the
article's places and the divisions gazetteer; the people a byline credits; the ROLE spans
of a sentence, by one rule for the extract stage and the spaCy component."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import pandas as pd

from pipeline.lexicons import word_set
from pipeline.lexicons.divisions import Divisions
from pipeline.params import ExtractParams
from pipeline.records import Found, RoleLink, RoleRow
from pipeline.roles.linker import ROLE, as_role_links, bare_title, is_name, link_spans
from pipeline.roles.organisations import (
    FORMER_RE,
    LEVEL_TITLES,
    MISSION_RE,
    NATIONAL_PREFIXES,
    NONE,
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
from pipeline.roles.words import (
    countries,
    descriptors,
    implied_orgs,
    is_org_like,
    level_prefixes,
    place_bodies,
    title_orgs,
)
from pipeline.segment.fields import credit_roles

# A byline's 本报 is the paper the page belongs to.
OWN_PAPER = "本报"
# A place before a title that names the paper's own country: the title's implied body is
# the country's own (中国外长 -> 外交部).
OWN_COUNTRY = ("中国", "我国", "中华人民共和国")
# The term of a body is not part of its name (十三届全国政协 -> 全国政协).
TERM_RE = re.compile(r"^第?[一二三四五六七八九十百]+届")
# What joins a list of people given posts in one sentence (…、武维华，秘书长杨振武).
LIST_JOINS = ("，", "、")
# An alias an article defines for an organisation: X（以下简称Y）, X（简称Y）.
ALIAS_RE = re.compile(r"（(?:以下)?简称[“\"]?([^）”\"]{2,12})[”\"]?）")


@dataclass
class ArticleContext:
    """What an article tells of the places and employers behind its organisations."""

    title: str | None
    body: str
    home_region: str | None  # the paper's home province (params extract.home_regions)
    home_places: str  # the home region's gazetteer (params extract.home_places)
    paper: str | None
    agency: str | None  # 新华社 / 本报 from the article's dateline
    divisions: Divisions
    # The organisations the article names, (offset in the body, as written), in order:
    # candidates for a later title whose body is written in part or not at all.
    orgs: tuple[tuple[int, str], ...] = ()

    @cached_property
    def aliases(self) -> dict[str, str]:
        """Aliases the article defines: 国网浙江萧山供电公司（以下简称萧山电力） -> the name."""
        ends = {position + len(name): name for position, name in self.orgs}
        return {
            match.group(1): ends[match.start()]
            for match in ALIAS_RE.finditer(self.body)
            if match.start() in ends
        }

    def country_before(self, position: int) -> str | None:
        """The country the article names last before `position` (countries.txt)."""
        found = [(self.body.rfind(c, 0, position), c) for c in countries()]
        best = max(found, default=(-1, None))
        return best[1] if best[0] >= 0 else None

    def holder_of(self, title: str, position: int) -> str | None:
        """The nearest organisation named before `position` whose kind holds the title
        (title_orgs.tsv): 总经理 -> the company named earlier."""
        endings = title_orgs().get(title)
        if not endings:
            return None
        kinds = [TERM_RE.sub("", n) for p, n in self.orgs if p < position and n.endswith(endings)]
        return kinds[-1] if kinds else None

    def expanded(self, org: str, position: int) -> str:
        """An organisation written in part (公司, 领导小组, 开发计划署) named in full: by an
        alias the article defines, else by the nearest earlier name that ends with it."""
        if org in self.aliases:
            return self.aliases[org]
        if org.startswith(level_prefixes()) or org.startswith(place_bodies()):
            return org  # 市政协, 县委, 政协: the article's places tell (resolve_org)
        earlier = [
            TERM_RE.sub("", name)
            for start, name in self.orgs
            if start < position and name != org and name.endswith(org) and len(org) >= 2
        ]
        return earlier[-1] if earlier else org

    @cached_property
    def hits(self) -> list[PlaceHit]:
        """The places the article names; looked for only when an organisation needs them."""
        return article_places(self.title, self.body, self.divisions, self.home_places)

    def full_name(self, org: str, position: int, bare_body: bool = False) -> tuple[str, str]:
        """(the organisation's full name, how it was resolved): from the article's places
        and the paper's home region, then known by its most specific place."""
        org = TERM_RE.sub("", org) or org
        if org in word_set("foreign_state_bodies.txt") and (state := self.country_before(position)):
            return state + org, "article_country"  # 国会 in a story about Vietnam
        full = self.expanded(org, position)
        if full != org:
            return full, "named_in_article"
        return resolve_org(
            org, position, lambda: self.hits, self.home_region, self.home_places, bare_body
        )


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

    links = [
        link
        for link in map(
            _with_bare_title, as_role_links(text, link_spans(text, model_spans, token_starts))
        )
        if is_post(link)
    ]
    # Characters of each person's titles the linker has read (国务委员 holds 委员's).
    held = {(link.person.start, i) for link in links for i in range(link.role.start, link.role.end)}
    for link in map(_with_bare_title, find_roles(text, params, token_starts, ner_orgs)):
        cells = {(link.person.start, i) for i in range(link.role.start, link.role.end)}
        if person_ok(link.person) and not cells & held and is_post(link):
            held |= cells
            links.append(link)
    return links


def _with_bare_title(link: RoleLink) -> RoleLink:
    return replace(link, title=bare_title(link.title))


def is_post(link: RoleLink) -> bool:
    """A descriptor (descriptors.tsv) makes no link, whatever is written before it."""
    return descriptors().get(link.title) != "never"


def is_post_of(link: RoleLink, resolved: ResolvedOrg) -> bool:
    """Some descriptors are posts only of a named organisation, written before them
    (某研究所专家) or named in the article before (四年级老师 of the school), never of a
    place (德国专家)."""
    if descriptors().get(resolved.title or link.title) != "with_org":
        return True
    return resolved.org_full is not None and not link.place_only


def posts(links: list[RoleLink], resolved: list[ResolvedOrg]) -> list[tuple[RoleLink, ResolvedOrg]]:
    """The links that are posts once their organisations are resolved (is_post_of)."""
    return [(link, org) for link, org in zip(links, resolved, strict=True) if is_post_of(link, org)]


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
    for i, link in enumerate(links):
        earlier = [r.org_full for r in resolved if r.org_full]
        found = with_portfolio(link, resolve_link(link, sentence, offset, context, earlier))
        before = links[i - 1] if i else None
        if (
            found.org_full is None
            and before is not None
            and resolved[-1].org_full
            and sentence[before.person.end : link.role.start] in LIST_JOINS
        ):  # 副委员长王晨、…、武维华，秘书长杨振武: the list's body
            found = replace(resolved[-1], how="listed_with", title=found.title)
        resolved.append(found)
    return resolved


def with_portfolio(link: RoleLink, resolved: ResolvedOrg) -> ResolvedOrg:
    """A minister's portfolio written before the title names the ministry (柬埔寨卫生大臣
    -> 大臣 of 柬埔寨卫生部), unless the body written already is one."""
    title = resolved.title or link.title
    if title not in word_set("minister_titles.txt") or (
        link.org is not None and link.org.text.endswith("部")
    ):
        return resolved
    role = link.role.text
    portfolio = next((p for p in word_set("portfolios.txt") if role.endswith(p + title)), None)
    if portfolio is None:
        return resolved
    return replace(resolved, org_full=(resolved.org_full or "") + portfolio + "部")


def resolve_link(
    link: RoleLink, sentence: str, offset: int, context: ArticleContext, earlier: list[str]
) -> ResolvedOrg:
    """The organisation of one link, its parent and the rule that named it. A former post's
    原 inside the body as written (余村原党支部) is left out of its name."""
    divisions = context.divisions
    if link.org is not None and (named := FORMER_RE.sub("", link.org.text)) != link.org.text:
        link = replace(link, org=replace(link.org, text=named))
    if implied := implied_org(link, context, offset + link.role.start):
        return implied
    mission = MISSION_RE.match(link.org.text) if link.org is not None else None
    if mission and link.title in word_set("mission_titles.txt"):
        return ResolvedOrg(divisions.most_specific(mission.group(1)), None, "mission")
    if link.org is None:
        if org := reporter_org(link.title, sentence, context.agency, context.paper):
            return ResolvedOrg(org, None, "reporter_agency")
        if place := shared_place(link.title, earlier, divisions):
            return ResolvedOrg(place, None, "shared_place")
        if holder := context.holder_of(link.title, offset + link.role.start):
            return ResolvedOrg(holder, None, "holder_in_article")
        if link.title in word_set(
            "state_head_titles.txt"
        ):  # 总理默克尔 in an article about Germany
            country = context.country_before(offset + link.role.start)
            if country and country not in OWN_COUNTRY:
                return ResolvedOrg(country, None, "article_country")
        return NONE
    if link.place_only:
        if place := title_place(link.org.text, link.title, divisions):
            return ResolvedOrg(place, None, "title_place")
        # A title a place holds (place_titles.txt: 苏丹总统); any other says where the
        # person is from (匈牙利建筑师).
        if link.title not in word_set("place_titles.txt") and link.title not in LEVEL_TITLES:
            return NONE  # 匈牙利建筑师: where the person is from
        return ResolvedOrg(divisions.most_specific(link.org.text), None, "as_written")
    if (
        link.parent_org is not None
        and link.parent_org.text != link.org.text
        and is_sub_unit(link.org.text, divisions)
    ):
        head, how = context.full_name(link.parent_org.text, offset + link.parent_org.start)
        parent = sub_unit_parent(head, link.org.text, divisions)
        return ResolvedOrg(parent + link.org.text, parent, f"part_of_{how}")
    full, how = context.full_name(link.org.text, offset + link.org.start, bare_body=True)
    return ResolvedOrg(full, place_body_parent(full, divisions), how)


def implied_org(link: RoleLink, context: ArticleContext, offset: int) -> ResolvedOrg | None:
    """The organisation a title implies where no body is written before it, or only a
    place (implied_orgs.tsv): 总书记 -> 中共中央, 德国外长 -> 部长 of 德国外交部."""
    rule = implied_orgs().get(link.title)
    if rule is None or (rule.context is not None and not rule.context.search(context.body)):
        return None
    # In a chain headed by a foreign state or body (瑞士联邦委员兼外长, 越共中央总书记、国家主席)
    # the title is that state's: the one the head names, else the article's.
    if link.parent_org is not None and not link.parent_org.text.startswith(NATIONAL_PREFIXES):
        head = link.parent_org.text
        state = head if head.startswith(countries()) else context.country_before(offset)
        if state is None or state in OWN_COUNTRY:
            return None
        return ResolvedOrg(rule.org_after(state), None, "implied_by_title", rule.title)
    if link.org is None:
        return ResolvedOrg(rule.org, None, "implied_by_title", rule.title) if rule.org else None
    if not link.place_only and (not rule.after_place or is_org_like(link.org.text)):
        return None  # a body written in full (英国上议院议员) is the title's as written
    place = context.divisions.most_specific(link.org.text)
    org = rule.org if place in OWN_COUNTRY else rule.org_after(place)
    return ResolvedOrg(org, None, "implied_by_title", rule.title)


def with_same_person_orgs(rows: list[RoleRow]) -> list[RoleRow]:
    """A title written bare (习近平主席) takes the organisation the same person's same title
    has elsewhere on the page (国家主席习近平 -> 中华人民共和国); rows of one page in."""
    known: dict[tuple[str, str], RoleRow] = {}
    for row in rows:
        if row.org_full:
            known.setdefault((row.person, row.title), row)
    return [
        replace(row, org_full=other.org_full, org_parent=other.org_parent,
                org_resolution="same_person")
        if not row.org_full and (other := known.get((row.person, row.title)))
        else row
        for row in rows
    ]  # fmt: skip


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
                params.home_places,
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
        if title is None or descriptors().get(title) == "never":  # 罗艾桦文; XXX摄
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

"""Role links from the NER model's spans: each PERSON with the titles (ROLE) written next to
it and the organisations (ORG, or a PLACE such as a country) written before each title.

News prose writes a person's posts before the name, joined by 、 or 兼 and each after its
body: 中共中央政治局常委、国务院总理李克强; 国务委员兼外交部长王毅. Names listed after one
title share it (记者胡浩、赵文君); a title may follow the name (习近平总书记, 高晓明护士) or a
copula (刘斌是尤杖子乡党委书记). The linker works on span labels and the characters between
spans, never on particular names, so it reads any paper the NER model reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.lexicons import word_set
from pipeline.records import Found, RoleLink
from pipeline.roles.organisations import LEVEL_TITLES
from pipeline.roles.people import is_person_text
from pipeline.roles.words import (
    CJK_RE,
    PREFIX_STOPS,
    countries,
    function_words,
    implied_orgs,
    is_org_like,
    not_names,
    org_prefix_start,
    title_re,
)
from pipeline.text import CJK

PERSON, ORG, PLACE, ROLE = "PERSON", "ORG", "PLACE", "ROLE"
# Words between a body and its title that belong to neither (余村原党支部书记).
BODY_TITLE_GAPS = ("原", "时任", "现任", "前", "专职", "兼职", "常务", "执行")
# What joins the titles of one person (A委员、B主任; 国务委员兼外交部长).
CHAIN_JOINS = ("、", "兼")
# What may stand between the last title and the name (记者 王比学; 执笔记者：丁小溪).
NAME_GAPS = ("", " ", "\u00a0", "\u00a0\u00a0", "\u3000", "  ", "：", ":")
# A verb between a name and the title it holds (刘斌是尤杖子乡党委书记).
COPULAS = ("是", "任", "现任", "担任", "系")
# What sets posts in apposition after a name (朱晓平，公安部装备财务局原局长，).
APPOSITION = "，"
# Characters that end organisation names, never personal names (江办 in 农业农村部长江办).
NOT_NAME_ENDINGS = set("办局委部厅处司署省市")
# Characters that end a place's name: a "person" 皮钦查省 before a title is its place.
PLACE_ENDINGS = set("省市县区州")
# Clause punctuation no organisation's name holds (the model sometimes runs over a comma).
CLAUSE_ENDS = "，。；！？,;!?"
# How a mission abroad is named: 中国驻肯尼亚|大使, 联合国驻北马其顿|协调员.
MISSION_GAP = "驻"
# A body's level character + 长 is its head (外交部长, 苏州市长, 山西省省长).
HEAD_LEVELS = set("部局厅处省市县区镇乡州")
# Words before a title that say how the post is held or what a credit's reporter did; the
# title is what follows (专职副书记 -> 副书记, 执笔记者 -> 记者) when the lexicon knows it.
TITLE_PREFIXES = ("专职", "兼职", "资深", "执笔", "参与")
# An acting post is the post; 代 stays in the role as written (代省长 -> 省长).
ACTING = "代"
# Praise is not part of a title (著名主持人 -> 主持人).
PRAISE = ("著名", "知名")
# A party group's secretary holds the title 党组书记 in the body (县工商联|党组|书记).
PARTY_GROUP = "党组"
# A quoted honour between a body and the title (学院“鉴湖学者”资深教授).
HONOUR_RE = re.compile(r"^“[^”]{1,10}”$")
QUOTED_RE = re.compile(r"“[^”]{1,10}”")
# A short untagged word between a body and its title is part of the title (协理副校长, or a
# discipline: 病毒学教授; bare_title keeps the post).
TITLE_LEAD_RE = re.compile(f"^[{CJK}]{{1,4}}$")
# Party committees a title may start with: 党委书记 is 书记 of the body's 党委.
PARTY_COMMITTEES = ("党委", "党工委", "党支部", "党总支")
NAME_RE = re.compile(f"^[{CJK}]+(?:[·•][{CJK}]+)*$")


@dataclass(frozen=True)
class RoleUnit:
    """One title as written with the body before it (none: a bare title such as 省长)."""

    role: Found
    title: str
    org: Found | None
    alias: Found | None = None  # 国家行政学院 in 中央党校（国家行政学院）教授
    place_only: bool = False  # the body is a place: 苏丹总统, 江苏省长
    # The body whose title a body listed before it shares (国务院台办 for 中共中央台办).
    listed_with: Found | None = None

    @property
    def start(self) -> int:
        return self.org.start if self.org else self.role.start

    @property
    def end(self) -> int:
        return self.role.end

    @property
    def joined(self) -> bool:
        """A body listed before another's title: it takes no part in chains."""
        return self.listed_with is not None


def is_name(text: str) -> bool:
    """A PERSON span fit to link: Chinese characters (foreign names joined by ·), two or more,
    not ending like an organisation, not a common word."""
    return (
        is_person_text(text)
        and NAME_RE.match(text) is not None
        and text[-1] not in NOT_NAME_ENDINGS
        and text not in not_names()
    )


def cleaned_spans(spans: list[Found]) -> list[Found]:
    """The model's spans made fit to link: a body cut after the last clause mark inside it
    (肯尼亚，东部非洲中国总商会 -> 东部非洲中国总商会); a "person" that ends like a place or a
    body (皮钦查省) read as one."""
    cleaned = []
    for span in spans:
        if (
            span.label in (ORG, PLACE)
            and (cut := max(span.text.rfind(c) for c in CLAUSE_ENDS)) >= 0
        ):
            if cut + 1 >= len(span.text):
                continue
            span = replace(span, start=span.start + cut + 1, text=span.text[cut + 1 :])
        elif span.label == PERSON and not is_name(span.text):
            if span.text[-1] in PLACE_ENDINGS:
                span = replace(span, label=PLACE)
            elif span.text[-1] in NOT_NAME_ENDINGS:
                span = replace(span, label=ORG)
        cleaned.append(span)
    return cleaned


def with_head_titles(text: str, spans: list[Found]) -> list[Found]:
    """Add the title 长 the model leaves untagged after a body: 外交部|长|王毅."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    added = [
        Found(s.end, s.end + 1, ROLE, "长", "ner")
        for s in spans
        if s.label in (ORG, PLACE)
        and text.startswith("长", s.end)
        and s.end not in taken
        and s.text[-1] in HEAD_LEVELS
    ]
    return sorted([*spans, *added], key=lambda s: (s.start, s.end))


@cache
def post_words() -> frozenset[str]:
    """Every title the lexicons know: posts, a place's titles, a mission's, implied ones."""
    known = ("titles.txt", "place_titles.txt", "mission_titles.txt")
    return frozenset().union(*map(word_set, known), implied_orgs())


def bare_title(title: str) -> str:
    """A title as the lexicons know it: a qualifier written before a known post is not part
    of it (中方院长 -> 院长, 问题特别代表 -> 特别代表, 会见国务委员 -> 国务委员); an acting
    post is the post (代总统 -> 总统)."""
    if title.startswith(ACTING) and title[len(ACTING) :] in post_words():
        return title[len(ACTING) :]
    if title in post_words():
        return title
    return next((title[i:] for i in range(1, len(title) - 1) if title[i:] in post_words()), title)


@cache
def _longest_post() -> int:
    return max(map(len, post_words()))


def with_lexicon_titles(text: str, spans: list[Found]) -> list[Found]:
    """Add a title the lexicons know, written right before a name, that no span covers
    (中国驻美|大使|崔天凯 where the model tagged the places and the name only)."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    longest = _longest_post()
    added = []
    for person in (s for s in spans if s.label == PERSON):
        for gap in NAME_GAPS:
            end = person.start - len(gap)
            if end <= 0 or not text.startswith(gap, end):
                continue
            size = next(
                (
                    n
                    for n in range(min(longest, end), 1, -1)
                    if text[end - n : end] in post_words() and not taken & set(range(end - n, end))
                ),
                0,
            )
            if size:
                added.append(Found(end - size, end, ROLE, text[end - size : end], "lexicon"))
                taken |= set(range(end - size, end))
                break
    return sorted([*spans, *added], key=lambda s: (s.start, s.end))


def without_honours(text: str, spans: list[Found]) -> list[Found]:
    """Drop the spans inside a short quoted honour written right before a title
    (“鉴湖学者”资深教授): the honour belongs to neither the body nor the title."""
    role_starts = {s.start for s in spans if s.label == ROLE}
    inside = [(m.start(), m.end()) for m in QUOTED_RE.finditer(text) if m.end() in role_starts]
    return [s for s in spans if not any(a <= s.start and s.end <= b for a, b in inside)]


def _opens_with_function_word(text: str) -> bool:
    """A verb or function word of two characters or more, or the whole text one."""
    words = function_words()
    return text in words or any(text[:n] in words for n in range(min(4, len(text)), 1, -1))


def _split_title(role: Found) -> tuple[str, Found | None]:
    """(title, body written inside the ROLE span): 市政协委员 -> 委员, 市政协; a credit's
    word for the reporter's part is not the title (执笔记者 -> 记者)."""
    text = role.text
    for part in TITLE_PREFIXES:
        if text.startswith(part) and text[len(part) :] in word_set("titles.txt"):
            return text[len(part) :], None
    for part in PRAISE:
        if text.startswith(part) and len(text) - len(part) >= 2:
            return text[len(part) :], None
    for party in PARTY_COMMITTEES:
        if text.startswith(party) and text[len(party) :] in word_set("titles.txt"):
            body = Found(role.start, role.start + len(party), ORG, party, role.method)
            return text[len(party) :], body
    if text in post_words():
        return text, None
    match = next((m for m in title_re().finditer(text) if m.end() == len(text)), None)
    if match is None or match.start() == 0:
        return text, None
    prefix = text[: match.start()]
    if prefix in countries():  # 美国参议员: the state is the body
        return match.group(), Found(
            role.start, role.start + len(prefix), PLACE, prefix, role.method
        )
    if not is_org_like(prefix):  # a qualifier: 全球贸易总监, 政治学教授
        return match.group(), None
    body = text[: match.start()]
    return match.group(), Found(role.start, role.start + len(body), ORG, body, role.method)


def _bodies_before(
    text: str, spans: list[Found], i: int, start: int, lead_allowed: bool = True
) -> tuple[list[Found], Found | None, int, str]:
    """The ORG/PLACE spans written right before position `start` (a title at spans[i]):
    (bodies in order, a bracketed alias, index of the span before them, a short untagged
    word between the bodies and the title that belongs to the title, as 协理 in 协理副校长)."""
    bodies: list[Found] = []
    alias, lead, j = None, "", i - 1
    while j >= 0 and spans[j].label in (ORG, PLACE):
        gap = text[spans[j].end : start]
        if gap in ("", MISSION_GAP) or gap in BODY_TITLE_GAPS or HONOUR_RE.match(gap):
            bodies.insert(0, spans[j])
        elif (
            lead_allowed
            and not bodies
            and TITLE_LEAD_RE.match(gap)
            and gap not in PREFIX_STOPS
            and gap not in PRAISE
            and gap not in function_words()  # 伯尔尼|会见|国务委员: a verb, not the title's
        ):
            lead = gap
            bodies.insert(0, spans[j])
        elif gap == "）" and j and text[spans[j - 1].end : spans[j].start] == "（":
            alias, j = spans[j], j - 1
            bodies.insert(0, spans[j])
        else:
            break
        start, j = spans[j].start, j - 1
    return bodies, alias, j, lead


def _untagged_body(
    text: str, spans: list[Found], i: int, title: str, token_starts: set[int]
) -> tuple[list[Found], int]:
    """A body the model left untagged right before the title at spans[i] (上海合作组织|
    睦邻友好合作委员会|主席, 皮钦查省省长): the words back to a delimiter, a stop word or the
    span before, if they end like an organisation (or like a place, before a head's title).
    They join a body span written right before them. (bodies, index of the span before)."""
    role = spans[i]
    floor = spans[i - 1].end if i else 0
    begin = org_prefix_start(text, role.start, floor, True, token_starts)
    written = text[begin : role.start]
    is_place = title in LEVEL_TITLES and written[-1:] in PLACE_ENDINGS
    if len(written) < 2 or not CJK_RE.match(written):
        return [], i - 1
    if not (is_org_like(written) or is_place):
        return [], i - 1
    body = Found(begin, role.start, PLACE if is_place else ORG, written, "linker")
    if i and begin == floor and spans[i - 1].label in (ORG, PLACE):
        return [spans[i - 1], body], i - 2
    return [body], i - 1


def _org_start(text: str, spans: list[Found], first: Found, j: int, token_starts: set[int]) -> int:
    """Where an organisation whose first tagged part is `first` starts. The model may start a
    long name late: 财政部|应对|疫情工作领导小组办公室 joins the body before it, and after
    、 or 兼 the untagged words belong to it (、中央应对|新冠肺炎疫情工作领导小组)."""
    if first.label != ORG:
        return first.start
    floor = spans[j].end if j >= 0 else 0
    begin = org_prefix_start(text, first.start, floor, True, token_starts)
    if begin == first.start:
        return begin
    if j >= 0 and begin == spans[j].end and spans[j].label in (ORG, PLACE):
        return spans[j].start  # bridged to the body before: 财政部 + 应对 + 疫情…
    if begin > 0 and text[begin - 1] in CHAIN_JOINS:
        return begin
    return first.start


def role_units(
    text: str, spans: list[Found], token_starts: set[int] = frozenset()
) -> list[RoleUnit]:
    """Every ROLE span with the ORG/PLACE spans written right before it; `token_starts`
    (where pkuseg words start) tell a stop word (对) from a character of a word (应对). Bodies
    listed with 、 before one title each hold it (中共中央台办、国务院台办主任)."""
    units = []
    for i, role in enumerate(spans):
        if role.label != ROLE:
            continue
        title, inner = _split_title(role)
        if role.text == "长" and i and spans[i - 1].end == role.start:
            title = spans[i - 1].text[-1] + "长"
        # A verb the model ran into the title (伯尔尼|会见国务委员): no body before it is the
        # title's own.
        spoken = role.text[: len(role.text) - len(title)] if role.text.endswith(title) else ""
        if inner is None and spoken and _opens_with_function_word(spoken):
            units.append(
                RoleUnit(
                    Found(role.end - len(title), role.end, ROLE, title, role.method), title, None
                )
            )
            continue
        first = inner.start if inner else role.start
        bodies, alias, j, lead = _bodies_before(text, spans, i, first, inner is None)
        title = lead + title
        if not bodies and inner is None:
            bodies, j = _untagged_body(text, spans, i, title, token_starts)
        if inner is not None:  # 友谊路街道|党委书记: the body runs on into the ROLE span
            bodies.append(inner)
            role = Found(inner.end, role.end, ROLE, title, role.method)
        org = None
        if bodies:
            begin = _org_start(text, spans, bodies[0], j, token_starts)
            end = alias.start - 1 if alias else bodies[-1].end
            org = Found(begin, end, ORG, text[begin:end], "ner")
        # A party body's secretary: the body is the party group or committee (县工商联党组|书记).
        party = next((p for p in (PARTY_GROUP, *PARTY_COMMITTEES) if title.startswith(p)), None)
        posts = word_set("titles.txt")
        if party and org and org.end == role.start and title[len(party) :] in posts:
            title = title[len(party) :]
            org = Found(
                org.start, org.end + len(party), ORG, text[org.start : org.end + len(party)], "ner"
            )
        # One place before a title (苏丹总统); 华为|浙江 (two "places") is a company's unit.
        # A facility the model reads as a place (中国美术馆, 博物馆) is an employer.
        place_only = (
            len(bodies) == 1 and bodies[0].label == PLACE and not is_org_like(bodies[0].text)
        )
        unit = RoleUnit(role, title, org, alias, place_only)
        # 中共中央台办、国务院台办主任: the bodies listed before this one share its title.
        while org and j >= 0 and spans[j].label == ORG and text[spans[j].end : org.start] == "、":
            units.append(replace(unit, org=spans[j], listed_with=unit.org))
            org, j = spans[j], j - 1
        units.append(unit)
    return units


def _outside_party(unit: RoleUnit, text: str) -> Found:
    """The body a later title of the chain shares: a party committee's secretary shares its
    unit (三钢集团党委书记、董事长 -> 三钢集团), not the committee."""
    org = unit.org
    party = next((p for p in (PARTY_GROUP, *PARTY_COMMITTEES) if org.text.endswith(p)), None)
    if party is None or len(org.text) == len(party):
        return org
    end = org.end - len(party)
    return Found(org.start, end, ORG, text[org.start : end], org.method)


def _chain_before(units: list[RoleUnit], last: int, text: str) -> list[RoleUnit]:
    """The units joined by 、 or 兼 that end with units[last], in reading order. A bare
    title after 兼 holds the body of the title before it (董事长兼总裁)."""
    chain = [units[last]]
    for earlier in reversed([u for u in units[:last] if not u.joined]):
        join = text[earlier.end : chain[0].start]
        if join not in CHAIN_JOINS:
            break
        # 董事长兼总裁, 集团CEO、总裁: one body; 市委书记兼市长: the head of the place
        # (organisations.py); 国家主席 after 总书记: the body its title implies.
        inherits = (
            chain[0].org is None
            and chain[0].title not in LEVEL_TITLES
            and chain[0].title not in implied_orgs()
        )
        if inherits and earlier.org is not None:
            chain[0] = replace(
                chain[0], org=_outside_party(earlier, text), place_only=earlier.place_only
            )
        chain.insert(0, earlier)
    return chain


def _apposed(text: str, person: Found, units: list[RoleUnit]) -> list[RoleUnit]:
    """Posts in apposition after a name, each with its body, up to the clause's end
    (朱晓平，公安部装备财务局原局长，由于…; 罗阳，沈飞公司董事长、总经理。)."""
    if not text.startswith(APPOSITION, person.end):
        return []
    free = [u for u in units if not u.joined]
    position, chain = person.end + len(APPOSITION), []
    for unit in free:
        if unit.start == position and (chain or unit.org is not None):
            chain.append(unit)
            joiner = text[unit.end : unit.end + 1]
            position = unit.end + (1 if joiner in (*CHAIN_JOINS, APPOSITION) else 0)
    if not chain or text[chain[-1].end : chain[-1].end + 1] not in CLAUSE_ENDS:
        return []
    return chain


@dataclass(frozen=True)
class SpanLink:
    person: Found
    unit: RoleUnit
    head: RoleUnit  # first unit of its 、 run: the body a sub-unit may belong to
    method: str


def _is_state(unit: RoleUnit) -> bool:
    """A unit whose body is a state (老挝|副总理, 瑞士联邦|委员)."""
    return unit.place_only or (
        unit.org is not None
        and unit.org.text.startswith(countries())
        and not unit.org.text.startswith("中国")
    )


def _links_of_chain(
    text: str, person: Found, chain: list[RoleUnit], units: list[RoleUnit], method: str
) -> list[SpanLink]:
    """One link per title of the chain, and per body listed to share a title. A unit's head
    is the first unit of its 、 run: 兼 starts a concurrent post in another body."""
    links = []
    head = chain[0]
    for before, unit in zip([None, *chain], chain, strict=False):
        # 兼 starts a post in another body, unless the chain opens with a state's title: its
        # ministries are that state's (老挝副总理兼公安部长 -> 老挝公安部).
        if before is not None and text[before.end : unit.start] == "兼" and not _is_state(head):
            head = unit
        links += [
            SpanLink(person, shared, shared, method)
            for shared in units
            if shared.joined and shared.role == unit.role
        ]
        links.append(SpanLink(person, unit, head, method))
    return links


def link_spans(
    text: str, spans: list[Found], token_starts: set[int] = frozenset()
) -> list[SpanLink]:
    """Role links of one sentence from its NER spans (PERSON, ORG, PLACE, ROLE)."""
    spans = with_head_titles(text, without_honours(text, cleaned_spans(spans)))
    spans = with_lexicon_titles(text, spans)
    units = role_units(text, spans, token_starts)
    ending_at = {u.end: i for i, u in enumerate(units) if not u.joined}
    starting_at = {u.start: u for u in units if not u.joined}
    people = [s for s in spans if s.label == PERSON]
    person_at = {p.start: p for p in people}
    links: list[SpanLink] = []
    previous_chain: tuple[int, list[RoleUnit]] | None = None  # (end of name, chain)
    for person in people:
        chain: list[RoleUnit] = []
        method = "title_before_name"
        for gap in NAME_GAPS:
            if person.start - len(gap) in ending_at and text.startswith(
                gap, person.start - len(gap)
            ):
                chain = _chain_before(units, ending_at[person.start - len(gap)], text)
                break
        if not chain and previous_chain and text[previous_chain[0] : person.start] == "、":
            chain, method = previous_chain[1], "listed_after_title"
        if not chain:
            after = starting_at.get(person.end)
            copula = next((c for c in COPULAS if text.startswith(c, person.end)), None)
            if after is None and copula:
                after = starting_at.get(person.end + len(copula))
            if after is not None and after.end not in person_at and (after.org is None or copula):
                chain, method = [after], "title_after_name"
        if not chain:
            chain = _apposed(text, person, units)
            method = "apposition"
        if not chain or not is_name(person.text):
            previous_chain = None
            continue
        previous_chain = (person.end, chain)
        links += _links_of_chain(text, person, chain, units, method)
        # A bare title after the name as well (…中心主任埃亚尔·莱什姆教授).
        after = starting_at.get(person.end)
        if (
            method != "title_after_name"
            and after is not None
            and after.org is None
            and after.end not in person_at
            and after not in chain
        ):
            links += _links_of_chain(text, person, [after], units, "title_after_name")
    return links


def _role_as_written(text: str, unit: RoleUnit) -> Found:
    return Found(unit.start, unit.end, ROLE, text[unit.start : unit.end], "linker")


def as_role_links(text: str, links: list[SpanLink]) -> list[RoleLink]:
    """The linker's links in the pattern rules' record: the role as written with its body
    (政法委书记), the chain's head as the parent of a sub-unit."""
    return [
        RoleLink(
            link.person,
            _role_as_written(text, link.unit),
            link.unit.title,
            link.unit.org,
            link.head.org if link.head is not link.unit else None,
            link.method,
            link.unit.place_only,
        )
        for link in links
    ]

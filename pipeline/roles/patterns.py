"""Title patterns over one sentence, written for 联谊报 before the NER model existed:
<org><title><name><verb> (晶睿电子科技公司董事长张峰利用…), titles chained with 、 before one
name, names listed with 、 after one title (委员徐甲、周伟胜), names before a title
(张三、李四等委员) and a title in brackets (张三(市政协委员)). The span linker
(pipeline/roles/linker.py) reads first; these add the titles it did not read."""

from __future__ import annotations

import re

from pipeline.lexicons import surnames
from pipeline.params import ExtractParams
from pipeline.records import Found, RoleLink
from pipeline.roles.words import (
    CJK_RE,
    DELIMITERS,
    NAME_FOLLOWERS,
    TITLE_MODIFIERS,
    is_org_like,
    not_names,
    org_prefix_start,
    org_suffixes,
    place_re,
    title_re,
)


def _name_at(text: str, start: int, params: ExtractParams, token_starts: set[int]) -> int:
    """End of a personal name starting at `start`, or -1: surname + 1-2 characters, ended by
    a delimiter, a following verb or (failing those) a pkuseg word boundary."""
    fallback = -1
    for size in range(params.min_name_chars, params.max_name_chars + 1):
        name, rest = text[start : start + size], text[start + size :]
        if len(name) < size or not CJK_RE.match(name):
            break
        if name[0] not in surnames() and name[:2] not in surnames():
            return -1
        if name in not_names():
            continue
        if not rest or rest[0] in DELIMITERS or rest.startswith(NAME_FOLLOWERS):
            return start + size
        if fallback < 0 and start + size in token_starts and size < params.max_name_chars:
            fallback = start + size
    return fallback


def org_end_before(text: str, title_start: int) -> int:
    """Where the organisation before a title ends: modifiers (专职, 资深) and a short quoted
    honour (“鉴湖学者”) between them belong to neither."""
    end = title_start
    for _ in range(2):
        end -= next((len(m) for m in TITLE_MODIFIERS if text.endswith(m, 0, end)), 0)
        if end and text[end - 1] == "”":
            opening = text.rfind("“", max(0, end - 10), end)
            if opening >= 0:
                end = opening
    return end


def is_regional_branch(org: str, home_places: str) -> bool:
    """A company's regional branch written as <company><place>: 华为浙江, 联通绍兴."""
    match = re.search(f"(?:{place_re(home_places).pattern})$", org)
    return bool(match) and match.start() >= 2 and CJK_RE.match(org) is not None


def _chain(roles: list[tuple[Found, str, Found | None]], text: str) -> list:
    """The titles joined by 、 that end with the last one (A委员、B公司董事长张峰), last first."""
    chain = [roles[-1]]
    for earlier in reversed(roles[:-1]):
        if earlier[0].end + 1 == chain[-1][0].start and text[earlier[0].end] == "、":
            chain.append(earlier)
        else:
            break
    return chain


def _links_for(chain: list, person: Found, method: str) -> list[RoleLink]:
    head_org = chain[-1][2]
    return [
        RoleLink(
            person,
            role,
            title,
            org,
            # The chain's first body: whether this one sits in it is the resolver's call.
            head_org if org and org is not head_org else None,
            method,
        )
        for role, title, org in chain
    ]


def find_roles(
    text: str,
    params: ExtractParams,
    token_starts: set[int],
    ner_orgs: tuple[Found, ...] = (),
) -> list[RoleLink]:
    """Every <org?><title><name> in a sentence, with 、-chained titles and listed names.
    `ner_orgs` (the NER model's ORG spans) extend an organisation the rules cut short."""
    links: list[RoleLink] = []
    roles: list[tuple[Found, str, Found | None]] = []
    floor = 0
    floors_before: list[int] = []
    org_starts = {org.end: org.start for org in ner_orgs}
    ner_org_spans = {(org.start, org.end) for org in ner_orgs}
    for match in title_re().finditer(text):
        if text.startswith(org_suffixes(), match.end()):
            continue  # 委员 in 委员工作室 / 委员会 is part of an organisation name
        org_end = org_end_before(text, match.start())
        while roles and roles[-1][0].start >= org_end:  # a title inside a quoted honour
            roles.pop()
            floor = floors_before.pop()
        # Right after 、 ending the previous title, the words belong to this organisation.
        chained = bool(roles) and floor == roles[-1][0].end and text.startswith("、", floor)
        prefix_start = org_prefix_start(text, org_end, floor, not chained, token_starts)
        if org_starts.get(org_end, org_end) < prefix_start:
            prefix_start = max(org_starts[org_end], floor)
        org_text = text[prefix_start:org_end]
        org = (
            Found(prefix_start, org_end, "ORG", org_text, "rules")
            if is_org_like(org_text)
            or is_regional_branch(org_text, params.home_places)
            or (prefix_start, org_end) in ner_org_spans
            else None
        )
        role_start = prefix_start if org else match.start()
        role = Found(role_start, match.end(), "ROLE", text[role_start : match.end()], "rules")
        roles.append((role, match.group(), org))
        floors_before.append(floor)
        floor = match.end()
        chain = _chain(roles, text)
        position = match.end()
        while (end := _name_at(text, position, params, token_starts)) > 0:
            person = Found(position, end, "PERSON", text[position:end], "rules")
            links += _links_for(chain, person, "title_before_name")
            floor = end
            if not text.startswith("、", end):  # names listed after one title: 委员徐甲、周伟胜
                break
            position = end + 1
    return links + find_listed_roles(text, params, token_starts, roles)


def _names_before(
    text: str, end: int, params: ExtractParams, token_starts: set[int]
) -> list[Found]:
    """Names listed with 、 that end at `end` (张三、李四), in reading order."""
    names: list[Found] = []
    position = end
    while True:
        for size in range(params.max_name_chars, params.min_name_chars - 1, -1):
            start = position - size
            if start < 0:
                continue
            left_edge = not start or text[start - 1] in DELIMITERS or start in token_starts
            if left_edge and _name_at(text, start, params, set()) == position:
                names.insert(0, Found(start, position, "PERSON", text[start:position], "rules"))
                break
        else:
            return names
        if not names or names[0].start == 0 or text[names[0].start - 1] != "、":
            return names
        position = names[0].start - 1


def find_listed_roles(
    text: str, params: ExtractParams, token_starts: set[int], roles: list
) -> list[RoleLink]:
    """Titles written after the name: 张三、李四等委员 and 张三(市政协委员)."""
    links: list[RoleLink] = []
    for role, title, org in roles:
        if role.start >= 1 and text[role.start - 1] == "等":
            for person in _names_before(text, role.start - 1, params, token_starts):
                links.append(RoleLink(person, role, title, org, None, "names_before_title"))
        opening = role.start - 1
        if opening >= 2 and text[opening] in "（(" and text.startswith(("）", ")"), role.end):
            for person in _names_before(text, opening, params, token_starts)[-1:]:
                links.append(RoleLink(person, role, title, org, None, "title_in_brackets"))
    return links

"""Baseline mention rules over one sentence: roles, the people they name, organisations, places.

This is the lexicon-and-pattern baseline that fills the tables end to end; the trained NER
model (issue 3) and the role linker (issue 4) build on it. Patterns follow news prose:
<org><title><name><verb> (晶睿电子科技公司董事长张峰利用…), titles chained with 、 before one
name, and names listed with 、 after one title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.zh.stop_words import STOP_WORDS

from pipeline.lexicons import read_words, surnames, zhejiang_places
from pipeline.params import ExtractParams
from pipeline.records import Found
from pipeline.text import CJK, alternation

# Characters that end a run of words that could form an organisation name.
DELIMITERS = set(",，、。；;：:！!？?“”\"‘’'《》()（）[]【】·—… \u3000\n")
# Words after which an organisation prefix cannot continue to the left.
PREFIX_STOPS = (
    "的", "和", "与", "在", "是", "为", "由", "对", "及", "并", "向", "从", "把", "将", "让",
    "被", "等", "率", "赴", "到", "以", "了", "部分", "有关", "相关", "多名", "来自", "担任",
    "作为", "听取", "邀请", "来到", "通过", "围绕",
)  # fmt: skip
# Words that can follow a name: a name ends where one of these starts.
NAME_FOLLOWERS = (
    "说", "表示", "认为", "提出", "建议", "指出", "强调", "介绍", "参加", "出席", "主持", "率",
    "带队", "呼吁", "建言", "分享", "调研", "希望", "利用", "通过", "围绕", "组织", "赴", "在",
    "和", "与", "等", "也", "还", "就", "会", "对", "充分", "讲话", "表态", "发言", "称",
    "一行", "同志", "先生", "女士", "代表", "作", "察看", "来到", "回应", "坦言", "透露",
)  # fmt: skip
ORG_LIKE_ENDINGS = (
    "委", "部", "局", "厅", "办", "院", "所", "会", "社", "站", "馆", "校", "园", "科", "处", "室",
    "队", "团", "组", "中心",
)  # fmt: skip
# Words between an organisation and a title that belong to the title (党委专职副书记).
TITLE_MODIFIERS = ("专职", "兼职", "常务", "执行", "资深", "首席", "高级", "特聘", "名誉")
CJK_RE = re.compile(f"^[{CJK}]+$")
MAX_PREFIX_CHARS = 20


@dataclass(frozen=True)
class RoleLink:
    person: Found
    role: Found  # the ROLE span as written (may include its organisation)
    title: str
    org: Found | None
    # The organisation a sub-unit belongs to, from the first title of a chain:
    # 市委副秘书长、社工部部长 -> 社工部 is part of 市委.
    parent_org: Found | None = None
    method: str = "title_before_name"
    # The body is a place the title heads or rules (江苏|省长, 苏丹|总统).
    place_only: bool = False


@cache
def title_re() -> re.Pattern[str]:
    return alternation(list(read_words("titles.txt")))


@cache
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(read_words("org_suffixes.txt"), key=len, reverse=True))


@cache
def place_names() -> dict[str, str]:
    """Surface form -> full place name (丽水 -> 丽水市); the other-places list maps to itself."""
    names = {w: w for w in read_words("places_other.txt")}
    for place in zhejiang_places():
        names[place.name] = place.name
        names.setdefault(place.short, place.name)
    return names


@cache
def place_re() -> re.Pattern[str]:
    return alternation(list(place_names()))


@cache
def not_names() -> frozenset[str]:
    """Words that start with a surname character but are not names (关于, 单位)."""
    return frozenset(read_words("not_names.txt")) | frozenset(STOP_WORDS)


def is_org_like(text: str) -> bool:
    return len(text) >= 2 and (text.endswith(org_suffixes()) or text.endswith(ORG_LIKE_ENDINGS))


def org_prefix_start(
    text: str, end: int, floor: int, cut_stops: bool = True, token_starts: set[int] = frozenset()
) -> int:
    """Where an organisation name ending at `end` starts: back to a delimiter, an earlier
    match (`floor`) or a stop word, at most MAX_PREFIX_CHARS. Right after a 、 that ends an
    earlier title, stop words are kept (产业发展与生态部部长 in a chain of titles)."""
    start = end
    while start > floor and end - start < MAX_PREFIX_CHARS and text[start - 1] not in DELIMITERS:
        start -= 1
    prefix = text[start:end]
    if not cut_stops:
        return start
    # A stop word counts only where pkuseg starts a word there (为 in 华为 does not).
    cut = max(
        (
            prefix.rfind(w) + len(w)
            for w in PREFIX_STOPS
            if w in prefix and (not token_starts or start + prefix.rfind(w) in token_starts)
        ),
        default=0,
    )
    return start + cut


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


def is_regional_branch(org: str) -> bool:
    """A company's regional branch written as <company><place>: 华为浙江, 联通绍兴."""
    match = re.search(f"(?:{place_re().pattern})$", org)
    return bool(match) and match.start() >= 2 and CJK_RE.match(org) is not None


def is_institution(org: str) -> bool:
    return org.endswith(INSTITUTION_SUFFIXES)


def is_sub_unit(org: str) -> bool:
    """A department named without its parent (社工部, 产业发展与生态部, 政法委)."""
    return (
        not is_institution(org)
        and _place_start(org) != 0
        and org.endswith(("部", "委", "办", "处", "科", "室", "中心", "组"))
    )


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
            head_org if org and org is not head_org and is_sub_unit(org.text) else None,
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
            or is_regional_branch(org_text)
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


# Suffixes of companies and institutions, whose names may start with any word; other
# bodies (政协, 政府, 统战部…) are named after a place: 省委组织部, 嘉兴市政府.
INSTITUTION_SUFFIXES = (
    "公司", "集团", "大学", "学院", "医院", "研究院", "研究所", "学校", "幼儿园",
)  # fmt: skip
LEVEL_PREFIXES = ("省", "市", "县", "区")


def _place_start(prefix: str) -> int:
    """Offset of the first place name or 省/市/县/区 in `prefix`, or -1."""
    for offset in range(len(prefix)):
        if prefix.startswith(LEVEL_PREFIXES, offset) or place_re().match(prefix, offset):
            return offset
    return -1


@cache
def org_suffix_re() -> re.Pattern[str]:
    return alternation([s for s in org_suffixes() if len(s) >= 2])


def find_orgs(text: str) -> list[Found]:
    """Organisation names ending in a known suffix, with the words before it."""
    found = []
    for match in org_suffix_re().finditer(text):
        start = org_prefix_start(text, match.start(), 0)
        if not match.group().endswith(INSTITUTION_SUFFIXES):
            offset = _place_start(text[start : match.start()])
            if offset < 0:
                continue
            start += offset
        if start < match.start():
            found.append(Found(start, match.end(), "ORG", text[start : match.end()], "rules"))
    return found


def find_places(text: str) -> list[Found]:
    return [
        Found(m.start(), m.end(), "PLACE", m.group(), "lexicon") for m in place_re().finditer(text)
    ]


def names_re(names: set[str]) -> re.Pattern[str] | None:
    """One pattern for the names found in an article, longest first; None when there are none."""
    return alternation(sorted(names)) if names else None


def find_repeats(text: str, names: re.Pattern[str] | None) -> list[Found]:
    """Later mentions of names already found in the article (陈擎苍充分肯定…)."""
    if names is None:
        return []
    return [Found(m.start(), m.end(), "PERSON", m.group(), "repeat") for m in names.finditer(text)]


def without_overlaps(found: list[Found]) -> list[Found]:
    """Keep the earliest-listed span of each overlapping group (callers list by priority)."""
    kept: list[Found] = []
    taken: set[int] = set()
    for span in found:
        cells = set(range(span.start, span.end))
        if not cells & taken:
            kept.append(span)
            taken |= cells
    return sorted(kept, key=lambda s: (s.start, s.end))

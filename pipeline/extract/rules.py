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

from pipeline.lexicons import read_words, zhejiang_places
from pipeline.params import ExtractParams

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
CJK_RE = re.compile(r"^[\u4e00-\u9fff]+$")
MAX_PREFIX_CHARS = 20


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    label: str
    text: str
    method: str


@dataclass(frozen=True)
class RoleLink:
    person: Found
    role: Found  # the ROLE span as written (may include its organisation)
    title: str
    org: Found | None


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


@cache
def title_re() -> re.Pattern[str]:
    return _alternation(list(read_words("titles.txt")))


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
    return _alternation(list(place_names()))


@cache
def surnames() -> frozenset[str]:
    return frozenset(read_words("surnames.txt"))


@cache
def not_names() -> frozenset[str]:
    """Words that start with a surname character but are not names (关于, 单位)."""
    return frozenset(read_words("not_names.txt")) | frozenset(STOP_WORDS)


def is_org_like(text: str) -> bool:
    return len(text) >= 2 and (text.endswith(org_suffixes()) or text.endswith(ORG_LIKE_ENDINGS))


def org_prefix_start(text: str, end: int, floor: int) -> int:
    """Where an organisation name ending at `end` starts: back to a delimiter, an earlier
    match (`floor`) or a stop word, at most MAX_PREFIX_CHARS."""
    start = end
    while start > floor and end - start < MAX_PREFIX_CHARS and text[start - 1] not in DELIMITERS:
        start -= 1
    prefix = text[start:end]
    cut = max((prefix.rfind(w) + len(w) for w in PREFIX_STOPS if w in prefix), default=0)
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


def _strip_modifier(prefix: str) -> str:
    for modifier in TITLE_MODIFIERS:
        if prefix.endswith(modifier):
            return prefix[: -len(modifier)]
    return prefix


def find_roles(text: str, params: ExtractParams, token_starts: set[int]) -> list[RoleLink]:
    """Every <org?><title><name> in a sentence, with 、-chained titles and listed names."""
    links: list[RoleLink] = []
    roles: list[tuple[Found, str, Found | None]] = []
    floor = 0
    for match in title_re().finditer(text):
        if text.startswith(org_suffixes(), match.end()):
            continue  # 委员 in 委员工作室 / 委员会 is part of an organisation name
        prefix_start = org_prefix_start(text, match.start(), floor)
        org_text = _strip_modifier(text[prefix_start : match.start()])
        org = (
            Found(prefix_start, prefix_start + len(org_text), "ORG", org_text, "rules")
            if is_org_like(org_text)
            else None
        )
        role_start = prefix_start if org else match.start()
        role = Found(role_start, match.end(), "ROLE", text[role_start : match.end()], "rules")
        roles.append((role, match.group(), org))
        floor = match.end()
        # Titles joined by 、 right before this one share its person (A委员、B公司董事长张峰).
        chain = [roles[-1]]
        for earlier in reversed(roles[:-1]):
            if earlier[0].end + 1 == chain[-1][0].start and text[earlier[0].end] == "、":
                chain.append(earlier)
            else:
                break
        position = match.end()
        while (end := _name_at(text, position, params, token_starts)) > 0:
            person = Found(position, end, "PERSON", text[position:end], "rules")
            links += [RoleLink(person, r, title, o) for r, title, o in chain]
            floor = end
            if not text.startswith("、", end):  # names listed after one title: 委员徐甲、周伟胜
                break
            position = end + 1
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
    return _alternation([s for s in org_suffixes() if len(s) >= 2])


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
    return _alternation(sorted(names)) if names else None


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

"""What the title patterns, the span linker and the mention finders know of Chinese
organisation names, titles and personal names: the delimiters and stop words that bound a
name, title and organisation-suffix lexicons, the places a body may be named after."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.lang.zh.stop_words import STOP_WORDS

from pipeline.lexicons import Place, read_places, read_rows, read_words, word_set
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
    "队", "团", "组", "中心", "政府",
)  # fmt: skip
# Words between an organisation and a title that belong to the title (党委专职副书记).
TITLE_MODIFIERS = ("专职", "兼职", "常务", "执行", "资深", "首席", "高级", "特聘", "名誉")
CJK_RE = re.compile(f"^[{CJK}]+$")
MAX_PREFIX_CHARS = 20


@cache
def title_re() -> re.Pattern[str]:
    return alternation(list(read_words("titles.txt")))


@cache
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(read_words("org_suffixes.txt"), key=len, reverse=True))


@cache
def home_place_forms(home_places: str) -> dict[str, Place]:
    """The one lookup of the home region's gazetteer (params extract.home_places): its
    places by full and short name (缙云县, 缙云), the only places known by their short
    names (elsewhere those are too often plain words: 大同, 和平)."""
    forms: dict[str, Place] = {}
    for place in read_places(home_places):
        forms.setdefault(place.name, place)
        forms.setdefault(place.short, place)
    return forms


@cache
def place_names(home_places: str) -> dict[str, str]:
    """Surface form -> full place name of the places the lexicons list: the home region's
    by full and short name (丽水 -> 丽水市), places_other.txt as written."""
    names = {w: w for w in read_words("places_other.txt")}
    # A home place's full name wins over places_other.txt; its short form does not.
    for form, place in home_place_forms(home_places).items():
        if form == place.name:
            names[form] = form
        else:
            names.setdefault(form, place.name)
    return names


@cache
def place_re(home_places: str) -> re.Pattern[str]:
    return alternation(list(place_names(home_places)))


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


# Suffixes of companies and institutions, whose names may start with any word; other
# bodies (政协, 政府, 统战部…) are named after a place: 省委组织部, 嘉兴市政府.
INSTITUTION_SUFFIXES = (
    "公司", "集团", "大学", "学院", "医院", "研究院", "研究所", "学校", "幼儿园",
)  # fmt: skip


@cache
def level_of_prefix() -> dict[str, str]:
    """省/市/县/区 starting a body named by its level -> the level of place (level_prefixes.tsv)."""
    return dict(read_rows("level_prefixes.tsv"))


@cache
def level_prefixes() -> tuple[str, ...]:
    return tuple(level_of_prefix())


@cache
def place_bodies() -> tuple[str, ...]:
    """Bodies named after their place, longest first (place_bodies.txt)."""
    return read_words("place_bodies.txt")


def place_start(prefix: str, home_places: str) -> int:
    """Offset of the first place name or 省/市/县/区 in `prefix`, or -1."""
    pattern = place_re(home_places)
    for offset in range(len(prefix)):
        if prefix.startswith(level_prefixes(), offset) or pattern.match(prefix, offset):
            return offset
    return -1


@cache
def org_suffix_re() -> re.Pattern[str]:
    return alternation([s for s in org_suffixes() if len(s) >= 2])


@dataclass(frozen=True)
class ImpliedOrg:
    """What a title implies when no body is written before it (implied_orgs.tsv)."""

    title: str  # the bare title (外长 -> 部长)
    org: str  # with no place before the title (外交部)
    after_place: str  # with a place before it, {place} filled in; "" -> the place itself
    context: re.Pattern[str] | None  # the article must match it (两会)

    def org_after(self, place: str) -> str:
        return self.after_place.replace("{place}", place) if self.after_place else place


@cache
def implied_orgs() -> dict[str, ImpliedOrg]:
    rows = {}
    for cells in read_rows("implied_orgs.tsv"):
        written, title, org, after_place, context = (*cells, "", "", "")[:5]
        rows[written] = ImpliedOrg(
            title, org, after_place, re.compile(context) if context else None
        )
    return rows


@cache
def descriptors() -> dict[str, str]:
    """Word -> `never` or `with_org` (descriptors.tsv)."""
    return {word: kind for word, kind in read_rows("descriptors.tsv")}


@cache
def title_orgs() -> dict[str, tuple[str, ...]]:
    """Title -> how the names of the organisations that hold it end (title_orgs.tsv)."""
    return {title: tuple(endings.split()) for title, endings in read_rows("title_orgs.tsv")}


@cache
def countries() -> tuple[str, ...]:
    """Countries and unions of states (countries.txt), longest first."""
    return tuple(sorted(read_words("countries.txt"), key=len, reverse=True))


def function_words() -> frozenset[str]:
    """Verbs and function words that are never names (from HanLP's core dictionary)."""
    return word_set("function_words.txt")

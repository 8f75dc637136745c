"""China's administrative divisions (data.admin_divisions: every province, prefecture, county
and township of 2023 with its parent's code), for naming an organisation's place: which place
a title carries (苏州市长 -> 苏州市), and the most specific place an organisation is written
under (江苏无锡市人民医院 -> 无锡市人民医院)."""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.text import CJK

# Placeholder rows of the city and county lists, not places.
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Suffixes dropped for a short name (新疆维吾尔自治区 -> 新疆, 湘西土家族苗族自治州 -> 湘西).
SHORT_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "盟",
    "县", "区", "旗",
)  # fmt: skip
# The 56 nationalities, as written in autonomous areas' names (维吾尔 without 族).
NATIONALITIES = (  # noqa: SIM905
    "柯尔克孜 乌孜别克 维吾尔 哈萨克 鄂伦春 达斡尔 塔吉克 塔塔尔 鄂温克 蒙古 土家 布依 朝鲜 "
    "哈尼 傈僳 拉祜 东乡 纳西 景颇 仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 俄罗斯 德昂 保安 "
    "裕固 独龙 赫哲 门巴 珞巴 基诺 高山 汉 回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京"
).split()
ETHNIC_RE = re.compile(
    "(?:"
    + "|".join(sorted((n + "族" for n in NATIONALITIES), key=len, reverse=True))
    + "|维吾尔)+$"
)
# A level word a name may be written with whatever its official suffix (旬阳县 for 旬阳市).
LEVEL_WORDS = ("自治州", "自治县", "地区", "省", "市", "县", "区", "州", "盟", "旗")
# A township not in the list (renamed or new): a 2-4 character name ending in one of these,
# written right after its county.
TOWNSHIP_RE = re.compile(f"[{CJK}]{{2,4}}?(?:镇|乡|街道)")
MAX_NAME_CHARS = 16


@dataclass(frozen=True)
class Division:
    name: str  # 旬阳市
    level: str  # province | city | county | township
    code: str
    parent_code: str | None

    @property
    def short(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    """The name without its level suffix and ethnic names, kept only if 2+ characters."""
    for suffix in SHORT_SUFFIXES:
        if name.endswith(suffix):
            core = ETHNIC_RE.sub("", name[: -len(suffix)]) or name[: -len(suffix)]
            return core if len(core) >= 2 else name
    return name


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    divisions: tuple[Division, ...]  # every division the written name can be


class Divisions:
    """Lookup of divisions by name as written: full, short, or short plus a level word."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.by_form: dict[str, list[Division]] = defaultdict(list)
        for division in divisions:
            self.by_form[division.name].append(division)
            if division.level != "township" and division.short != division.name:
                self.by_form[division.short].append(division)

    def parent(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent_code) if division.parent_code else None

    def ancestors(self, division: Division) -> list[Division]:
        found = []
        while (division := self.parent(division)) is not None:
            found.append(division)
        return found

    def match_at(self, text: str, start: int) -> PlaceMatch | None:
        """The longest place name written at `start` (a short name takes a following level
        word with it: 旬阳县 is 旬阳市 written with its old suffix)."""
        for end in range(min(len(text), start + MAX_NAME_CHARS), start + 1, -1):
            if found := self.by_form.get(text[start:end]):
                level_word = next((w for w in LEVEL_WORDS if text.startswith(w, end)), "")
                if found[0].name != text[start:end] and level_word:
                    end += len(level_word)
                return PlaceMatch(start, end, tuple(found))
        return None

    def named(self, name: str, level: str | None = None) -> list[Division]:
        return [d for d in self.by_form.get(name, []) if level is None or d.level == level]

    def leading_places(self, text: str) -> list[PlaceMatch]:
        """The places written one after another at the start of `text`, each inside the one
        before it (新疆阿克苏地区乌什县依麻木镇小学 -> 新疆, 阿克苏地区, 乌什县, 依麻木镇)."""
        places: list[PlaceMatch] = []
        position = 0
        while (match := self.match_at(text, position)) is not None:
            if places and not self._inside(match, places[-1]):
                break
            places.append(match)
            position = match.end
        township = TOWNSHIP_RE.match(text, position)
        if places and places[-1].divisions[0].level == "county" and township:
            places.append(PlaceMatch(position, township.end(), ()))
        return places

    def _inside(self, child: PlaceMatch, parent: PlaceMatch) -> bool:
        codes = {d.code for d in parent.divisions}
        return any(codes & {a.code for a in self.ancestors(d)} for d in child.divisions)

    def most_specific(self, org: str) -> str:
        """`org` from the last of its leading nested places: 湖北省宜昌市伍家岗区人才服务中心 ->
        伍家岗区人才服务中心; 天津市河西区友谊路街道 -> 友谊路街道."""
        places = self.leading_places(org)
        if len(places) < 2:
            return org
        return org[places[-1].start :]


def _rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_divisions(folder: Path) -> Divisions:
    """The four levels from provinces.csv, cities.csv, areas.csv and streets.csv.gz."""
    if not (folder / "provinces.csv").is_file():
        raise FileNotFoundError(f"{folder}: administrative divisions not found (provinces.csv)")
    divisions = [
        Division(r["name"], "province", r["code"], None) for r in _rows(folder / "provinces.csv")
    ]
    for level, file, parent in [
        ("city", "cities.csv", "provinceCode"),
        ("county", "areas.csv", "cityCode"),
        ("township", "streets.csv.gz", "areaCode"),
    ]:
        for row in _rows(folder / file):
            if row["name"] not in NOT_PLACES:
                divisions.append(Division(row["name"], level, row["code"], row[parent]))
    # A county under a municipality's placeholder (北京市/市辖区) belongs to the province.
    known = {d.code for d in divisions}
    return Divisions(
        [
            d
            if d.parent_code in known or d.parent_code is None
            else Division(d.name, d.level, d.code, d.parent_code[:2])
            for d in divisions
        ]
    )

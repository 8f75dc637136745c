"""The organisation of a role link, named in full, and the body it belongs to.

Titles carry their place (苏州市长 -> 苏州市, 江苏省长 -> 江苏省); a bare level title takes
the place of an earlier title in its sentence (陕西省委书记…、省长… -> 陕西省); a department
in a chain belongs to the body heading it (缙云县委副书记、统战部部长 -> 缙云县委统战部); a
reporter with no body named works for the article's agency or paper; an organisation written
under nested places is known by the most specific (江苏无锡市人民医院 -> 无锡市人民医院).
The parent of an organisation comes from the gazetteer (苏州市委 -> 江苏省委) or from its
own name (缙云县委统战部 -> 缙云县委).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lexicons.divisions import Division, Divisions
from pipeline.roles.words import level_prefixes, place_bodies

# A mission abroad: the sending state or body is written before 驻 (中国驻美, 中国常驻联合国).
MISSION_RE = re.compile(r"^(.{2,}?)(?:常驻|驻)")
# Heads of a place, and the level of place they head.
LEVEL_TITLES = {
    "省长": "province", "副省长": "province", "代省长": "province",
    "市长": "city", "副市长": "city", "代市长": "city",
    "州长": "city", "副州长": "city",
    "县长": "county", "副县长": "county", "区长": "county", "副区长": "county",
    "镇长": "township", "副镇长": "township", "乡长": "township", "副乡长": "township",
}  # fmt: skip
# The character a place of each level ends with, for places the divisions list lacks.
LEVEL_CHARS = {"province": "省", "city": "市", "county": "县", "township": "镇"}
# A county-level city's 市长 heads a county; a city is also written for a 市 in a 市长 list.
LEVEL_ALTERNATIVES = {"city": ("city", "county"), "county": ("county",)}
# Organisations named at national level, never part of a body before them in a chain.
NATIONAL_PREFIXES = ("中央", "中共", "中国", "国家", "全国", "国务院", "中组部", "中宣部")
# Units that sit inside a body: 统战部 in a 县委, 社会保障司 in a 部, 规划建设局 in a place.
SUB_UNIT_ENDINGS = (
    "部",
    "司",
    "局",
    "处",
    "科",
    "室",
    "办",
    "中心",
    "组",
    "委",
    "管委会",
    "委员会",
)
# A place's own committee (万象市委) is a body of its place, not a unit of a chain's head.
PLACE_COMMITTEE_RE = re.compile(r"..[省市县区州](?:委|政府|人大|政协)$")
# Organisations that stand on their own whatever precedes them in a chain.
INSTITUTION_ENDINGS = ("公司", "集团", "大学", "学院", "医院", "研究院", "研究所", "学校", "银行")
REPORTER_TITLES = ("记者", "摄影", "摄影记者", "执笔", "撰稿")
# A former post's 原 written inside a body's name (余村原党支部): not part of the name.
FORMER_RE = re.compile(r"(?<=.)(?:原|时任)(?=党支部|党委|党总支|党工委|村委会|居委会)")
AGENCY_RE = re.compile(r"(新华社|中新社|中央社|本报)")


@dataclass(frozen=True)
class ResolvedOrg:
    org_full: str | None
    org_parent: str | None
    how: str | None
    title: str | None = None  # the bare title, where the written one implies more (外长 -> 部长)


NONE = ResolvedOrg(None, None, None)


def place_body_parent(org: str, divisions: Divisions) -> str | None:
    """The same body one place up (苏州市委 -> 江苏省委), or the body a department of a
    place's body belongs to (缙云县委统战部 -> 缙云县委); None when neither is written."""
    places = divisions.leading_places(org)
    if not places or not places[-1].divisions:
        return None
    place_text, rest = org[: places[-1].end], org[places[-1].end :]
    body = next((b for b in place_bodies() if rest.startswith(b)), None)
    if body is None:
        return None
    if rest != body:
        return place_text + body
    division = _division(places[-1].divisions)
    parent = divisions.parent(division) if division else None
    return parent.name + body if parent else None


def _division(candidates: tuple[Division, ...]) -> Division | None:
    """The division a written name stands for: the highest level when several share it."""
    if not candidates:
        return None
    order = {"province": 0, "city": 1, "county": 2, "township": 3}
    return min(candidates, key=lambda d: order[d.level])


def is_sub_unit(org: str, divisions: Divisions) -> bool:
    """A unit named without the body it sits in (管委会, 社会保障司, 统战部)."""
    return (
        not org.startswith(NATIONAL_PREFIXES)
        # A body named by its level (市公安局) is its article's place's.
        and not org.startswith(level_prefixes())
        and not PLACE_COMMITTEE_RE.search(org)
        and not org.endswith(INSTITUTION_ENDINGS)
        and not divisions.leading_places(org)
        and org.endswith(SUB_UNIT_ENDINGS)
    )


def sub_unit_parent(head: str, unit: str, divisions: Divisions) -> str:
    """The body a chain's unit sits in, from the chain's head: a party department or
    commission sits in the committee (缙云县委 + 统战部, 湖州市委 + 政法委), a 司 in its
    ministry (财政部… + 社会保障司), any other unit in the head's place (河北雄安新区党工委
    + 管委会 -> 河北雄安新区)."""
    if head.endswith(INSTITUTION_ENDINGS):  # 无锡市人民医院 + 胸外科
        return head
    if unit.endswith(("部", "委")) and (cut := head.rfind("委")) > 0:
        return head[: cut + 1]
    if unit.endswith("司") and (cut := head.find("部")) > 0:
        return head[: cut + 1]
    body = next((b for b in place_bodies() if head.endswith(b)), None)
    if body and len(head) > len(body):
        return head[: -len(body)]
    places = divisions.leading_places(head)
    return head[: places[-1].end] if places else head


def title_place(place: str, title: str, divisions: Divisions) -> str | None:
    """The full name of the place a head's title names (江苏 + 省长 -> 江苏省)."""
    level = LEVEL_TITLES.get(title)
    if level is None:
        return None
    for allowed in LEVEL_ALTERNATIVES.get(level, (level,)):
        if found := divisions.named(place, allowed):
            return found[0].name
    return None


def shared_place(title: str, earlier_orgs: list[str], divisions: Divisions) -> str | None:
    """A bare head's title takes the place of the nearest earlier body of its level in the
    sentence (陕西省委书记胡和平、省长刘国中 -> 陕西省)."""
    level = LEVEL_TITLES.get(title)
    if level is None:
        return None
    for org in reversed(earlier_orgs):
        for place in divisions.leading_places(org):
            division = _division(place.divisions)
            if division and division.level in LEVEL_ALTERNATIVES.get(level, (level,)):
                return division.name
        # A place the list lacks, named by its committee (万象市委书记兼市长 -> 万象市).
        if (match := PLACE_COMMITTEE_RE.search(org)) and match.start() == 0:
            place = org[: org.rfind(LEVEL_CHARS[level]) + 1]
            if LEVEL_CHARS[level] in org and len(place) >= 2:
                return place
    return None


def reporter_org(title: str, sentence: str, agency: str | None, paper: str | None) -> str | None:
    """A reporter's employer: the agency a dateline in the sentence names, else the
    article's (本报 is the page's paper)."""
    if not title.endswith(REPORTER_TITLES):
        return None
    named = AGENCY_RE.search(sentence)
    found = named.group() if named else agency
    return paper if found == "本报" else found


def agency_of(source_tag: str | None) -> str | None:
    """新华社北京2月4日电 -> 新华社; 据新华社悉尼2月16日电 -> 新华社; 本报北京10月9日电 ->
    本报; other tags: None."""
    match = AGENCY_RE.match((source_tag or "").removeprefix("据"))
    return match.group() if match else None

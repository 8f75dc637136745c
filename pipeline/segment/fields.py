"""Article fields read from the typography of headings and credits, for any paper:
the column tag after a title, the place and date of a dateline, reporters named in credits,
and the article type.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipeline.lexicons import read_words
from pipeline.text import CJK

# A title's trailing bracket, one level of nesting allowed: 让公众感受历史的魅力（人民论坛）,
# 看经济（感言·岁末年初看经济（12））.
TRAILING_BRACKET_RE = re.compile(
    r"^(?P<core>.*?\S)\s*[（(](?P<tag>(?:[^（）()]|[（(][^（）()]*[）)])+)[）)]$"
)
# Brackets that belong to the title itself: parts (上) (12), genres (中国画), 摘要.
NOT_COLUMN_TAG_RE = re.compile(
    r"^(?:[上中下续完终]|[一二三四五六七八九十百\d]+|[上中下]篇|摘要|节选|全文|附.*|"
    r"中国画|国画|油画|书法|篆刻|版画|水彩|雕塑|摄影|漫画|剪纸|年画)$"
)
# 本报北京10月14日电 / 新华社西安10月14日电 / 据新华社电 / 本报电 / （本报金边电）
DATELINE_RE = re.compile(
    rf"^[（(]?(?P<tag>(?P<agency>据?(?:本报|新华社|中新社|人民网|新华网|央视网|经济日报|光明日报))"
    rf"(?P<place>[{CJK}]{{1,12}}?)?(?:(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日)?(?:电|讯))"
)
CREDIT_ROLE_RE = re.compile(
    rf"(?:本报|新华社|人民网|新华网|中新社|[{CJK}]{{2,6}}?(?:日报|晚报|报|社|网|台))?"
    r"(?:特约)?(?:记者|通讯员|实习生|评论员|摄影记者)"
)
PHOTO_CREDIT_RE = re.compile(r"摄(?:影)?(?:报道)?(?:[（(][^）)]*[）)])?$")
# The agency a photo came from: 梁子栋摄（新华社发）.
PHOTO_AGENCY_RE = re.compile(r"[（(]\s*(\S+?)\s*发\s*[）)]")
NAME_RE = re.compile(rf"^(?:[{CJK}]{{2,4}}|[{CJK}]+·[{CJK}]+)$")
COMMENTARY_WORD_RE = re.compile(r"评|论|谈|观点|随笔|观察|纵横|观澜|声音|手笔")
NOTICE_TITLE_RE = re.compile(r"(?:公告|启事|通告|声明|公示|讣告|告知书|征集|招聘|招标|致歉)$")
PHOTO_TITLES = ("图片报道", "图片新闻", "新闻图片")


def split_column_tag(title: str | None) -> tuple[str | None, str | None]:
    """(title, column tag): 让公众感受历史的魅力（人民论坛） -> (让公众感受历史的魅力, 人民论坛).
    Part and genre markers stay in the title: 我的家乡（上）."""
    if not title:
        return title, None
    match = TRAILING_BRACKET_RE.match(title)
    if not match or NOT_COLUMN_TAG_RE.match(match["tag"].strip()):
        return title, None
    return match["core"], match["tag"].strip()


def parse_dateline(text: str) -> re.Match[str] | None:
    """The dateline opening `text` (本报北京10月14日电), or None."""
    return DATELINE_RE.match(text)


def dateline_fields(dateline: str | None, page_date: date | None) -> tuple[str | None, date | None]:
    """(place, date) of a dateline. The year is the page's; a month after the page's month
    is last year's (a 12月31日电 story on a 1月2日 page)."""
    match = DATELINE_RE.match(dateline or "")
    if not match:
        return None, None
    place = match["place"] or None
    day = None
    if match["month"] and page_date is not None:
        month, day_of_month = int(match["month"]), int(match["day"])
        year = page_date.year - (month > page_date.month)
        try:
            day = date(year, month, day_of_month)
        except ValueError:
            day = None
    return place, day


def credit_roles(credit: str) -> list[tuple[str, str]]:
    """(role as written, name) for each person a credit line names: （记者 王比学）,
    本报记者 张三 李四, 通讯员 宋陶珂；本报记者 郭舒韵, 梁子栋摄（新华社发） -> (新华社摄影,
    梁子栋). A name with no role written gets ""; a line that is not a credit, nothing."""
    core = credit.strip().replace("\u00a0", " ").replace("\u3000", " ")
    if bracketed := re.fullmatch(r"[（(](.*)[）)]", core):
        core = bracketed.group(1)
    photo = PHOTO_CREDIT_RE.search(core)
    if not (CREDIT_ROLE_RE.search(core) or photo):
        return []
    agency = PHOTO_AGENCY_RE.search(photo.group()) if photo else None
    photo_role = (agency.group(1) if agency else "") + "摄影" if photo else ""
    credits: list[tuple[str, str]] = []
    role = ""
    for piece in re.split(f"({CREDIT_ROLE_RE.pattern})", PHOTO_CREDIT_RE.sub("", core)):
        if CREDIT_ROLE_RE.fullmatch(piece):
            role = piece
            continue
        for word in re.split(r"[\s、，,；;：:]+", piece):
            # 罗艾桦文 陈北跑摄: the trailing 文/摄/图 says what the person did.
            word = re.sub(r"(?<=..)[文摄图]$", "", word) if len(word) >= 3 else word
            if len(word) == 1 and credits and len(credits[-1][1]) == 1:  # 王 勇 spaced out
                credits[-1] = (credits[-1][0], credits[-1][1] + word)
            elif word and (NAME_RE.match(word) or len(word) == 1):
                credits.append((role, word))
    return [(role or photo_role, name) for role, name in credits if NAME_RE.match(name)]


def credit_names(credit: str) -> list[str]:
    """People a credit line names: （记者 王比学）, 新华社记者 方喆摄, 本报记者 张三 李四,
    罗艾桦文 陈北跑摄; a line that is not a credit names nobody."""
    return [name for _, name in credit_roles(credit)]


@cache
def commentary_columns() -> frozenset[str]:
    """Column names of opinion pieces (pipeline/lexicons/commentary_columns.txt)."""
    return frozenset(read_words("commentary_columns.txt"))


def article_type(title: str | None, column_tag: str | None, credits: list[str], body: str) -> str:
    """news / photo / commentary / notice, from what the typography shows: a column of
    opinion or an author note (作者为…) marks commentary; a photo credit on a short item,
    or a 图片报道 title, a photo; a 公告/启事 title, a notice."""
    column = (column_tag or "").split("·")[0]
    if (
        column in commentary_columns()
        or COMMENTARY_WORD_RE.search(column)
        or any(c.startswith(("（作者", "(作者")) for c in credits)
    ):
        return "commentary"
    if any("评论员" in c for c in credits):
        return "commentary"
    if (title or "") in PHOTO_TITLES or (
        any(PHOTO_CREDIT_RE.search(c.strip()) for c in credits) and len(body) <= 400
    ):
        return "photo"
    if NOTICE_TITLE_RE.search(title or ""):
        return "notice"
    return "news"

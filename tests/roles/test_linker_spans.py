"""The span linker on hand-made spans, one case per construction it reads (no model: the
spans are written here, so retraining the NER model cannot change these)."""

import pytest

from pipeline.records import Found
from pipeline.roles.linker import as_role_links, link_spans


def spans_of(sentence: str, marked: list[tuple[str, str]]) -> list[Found]:
    """(text, label) pairs in reading order -> spans with their offsets in `sentence`."""
    found, cursor = [], 0
    for text, label in marked:
        start = sentence.index(text, cursor)
        found.append(Found(start, start + len(text), label, text, "ner"))
        cursor = start + len(text)
    return found


def links_of(sentence: str, marked: list[tuple[str, str]]) -> set[tuple[str, str, str | None]]:
    links = as_role_links(sentence, link_spans(sentence, spans_of(sentence, marked)))
    return {(link.person.text, link.title, link.org.text if link.org else None) for link in links}


P, G, L, R = "PERSON", "ORG", "PLACE", "ROLE"  # person, organisation, place, title

CASES = [
    (  # a title after its body, before the name
        "晶睿电子科技公司董事长张峰说。",
        [("晶睿电子科技公司", G), ("董事长", R), ("张峰", P)],
        {("张峰", "董事长", "晶睿电子科技公司")},
    ),
    (  # titles chained by 、, each with its own body
        "中共中央政治局常委、国务院总理李克强出席。",
        [("中共中央政治局", G), ("常委", R), ("国务院", G), ("总理", R), ("李克强", P)],
        {("李克强", "常委", "中共中央政治局"), ("李克强", "总理", "国务院")},
    ),
    (  # 兼: the bare title after it shares the body before
        "英国石油公司董事长兼总裁杨筱萍表示。",
        [("英国石油公司", G), ("董事长", R), ("总裁", R), ("杨筱萍", P)],
        {("杨筱萍", "董事长", "英国石油公司"), ("杨筱萍", "总裁", "英国石油公司")},
    ),
    (  # 、: a bare title after a titled body shares it too
        "吉利汽车集团首席执行官、总裁安聪慧说。",
        [("吉利汽车集团", G), ("首席执行官", R), ("总裁", R), ("安聪慧", P)],
        {("安聪慧", "首席执行官", "吉利汽车集团"), ("安聪慧", "总裁", "吉利汽车集团")},
    ),
    (  # names listed after one title, of any length, foreign names whole
        "副委员长王晨、曹建明、艾力更·依明巴海出席。",
        [("副委员长", R), ("王晨", P), ("曹建明", P), ("艾力更·依明巴海", P)],
        {
            ("王晨", "副委员长", None),
            ("曹建明", "副委员长", None),
            ("艾力更·依明巴海", "副委员长", None),
        },
    ),
    (  # a title after the name
        "是高晓明护士长一直在照顾他们。",
        [("高晓明", P), ("护士长", R)],
        {("高晓明", "护士长", None)},
    ),
    (  # a title after a copula
        "刘斌是尤杖子乡党委书记。",
        [("刘斌", P), ("尤杖子乡党委", G), ("书记", R)],
        {("刘斌", "书记", "尤杖子乡党委")},
    ),
    (  # a mission: the body as written holds 驻 (resolution names the sending state)
        "中国驻美大使崔天凯说。",
        [("中国", L), ("美", L), ("崔天凯", P)],  # the lexicon adds the untagged 大使
        {("崔天凯", "大使", "中国驻美")},
    ),
    (  # posts in apposition after the name
        "朱晓平，公安部装备财务局原局长，积劳成疾。",
        [("朱晓平", P), ("公安部装备财务局", G), ("局长", R)],
        {("朱晓平", "局长", "公安部装备财务局")},
    ),
    (  # a qualifier before a known post is not part of the title
        "开罗大学孔子学院中方院长王恩界说。",
        [("开罗大学孔子学院", G), ("中方院长", R), ("王恩界", P)],
        {("王恩界", "院长", "开罗大学孔子学院")},
    ),
    (  # a verb the model ran into a title takes no body
        "毛雷尔在伯尔尼会见国务委员兼外长王毅。",
        [("毛雷尔", P), ("伯尔尼", L), ("会见国务委员", R), ("外长", R), ("王毅", P)],
        {("王毅", "国务委员", None), ("王毅", "外长", None)},
    ),
    (  # a party group's secretary: the body is the group
        "县工商联党组书记朱民说。",
        [("县工商联", G), ("党组书记", R), ("朱民", P)],
        {("朱民", "书记", "县工商联党组")},
    ),
    (  # a state written inside the title span is its body
        "美国参议员克里斯·范霍伦表示。",
        [("美国参议员", R), ("克里斯·范霍伦", P)],
        {("克里斯·范霍伦", "参议员", "美国")},
    ),
    (  # a body written in a title and a name with no title: no link to a non-name
        "他谈到，农业农村部长江办主任出席。",
        [("谈到", P), ("农业农村部", G), ("长江办", P), ("主任", R)],
        set(),
    ),
]


@pytest.mark.parametrize(("sentence", "marked", "expected"), CASES, ids=[c[0] for c in CASES])
def test_construction(sentence, marked, expected):
    assert links_of(sentence, marked) == expected

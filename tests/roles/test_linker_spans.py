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


def role_links(sentence: str, marked: list[tuple[str, str]], words: str | None = None):
    """The linker's links; `words` is the sentence cut into words by hand (a|b|c), where a
    construction depends on where words start (pkuseg's part in extract)."""
    starts: set[int] = set()
    if words is not None:
        assert words.replace("|", "") == sentence
        position = 0
        for word in words.split("|"):
            starts.add(position)
            position += len(word)
    return as_role_links(sentence, link_spans(sentence, spans_of(sentence, marked), starts))


def links_of(
    sentence: str, marked: list[tuple[str, str]], words: str | None = None
) -> set[tuple[str, str, str | None]]:
    links = role_links(sentence, marked, words)
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
    (  # a body's level character + 长 the model left untagged is the head's title
        "外交部长王毅会见来访的客人。",
        [("外交部", G), ("王毅", P)],
        {("王毅", "部长", "外交部")},
    ),
    (  # an acting post is the post
        "代省长王浩主持会议。",
        [("代省长", R), ("王浩", P)],
        {("王浩", "省长", None)},
    ),
    (  # a credit's word for the reporter's part, and a colon before the name
        "执笔记者：丁小溪",
        [("执笔记者", R), ("丁小溪", P)],
        {("丁小溪", "记者", None)},
    ),
    (  # praise is not part of the title
        "著名主持人白岩松说。",
        [("著名主持人", R), ("白岩松", P)],
        {("白岩松", "主持人", None)},
    ),
    (  # a body written inside the title span
        "市政协委员张峰提出建议。",
        [("市政协委员", R), ("张峰", P)],
        {("张峰", "委员", "市政协")},
    ),
    (  # a title opening with a party committee: the committee is the body's
        "友谊路街道党委书记陈红说。",
        [("友谊路街道", G), ("党委书记", R), ("陈红", P)],
        {("陈红", "书记", "友谊路街道党委")},
    ),
    (  # a former post's 原 between body and title (resolution drops it from the name)
        "余村原党支部书记鲍新民说。",
        [("余村", G), ("党支部书记", R), ("鲍新民", P)],
        {("鲍新民", "书记", "余村原党支部")},
    ),
    (  # a quoted honour between body and title belongs to neither
        "绍兴文理学院“鉴湖学者”资深教授张维加提出。",
        [("绍兴文理学院", G), ("鉴湖学者", R), ("资深教授", R), ("张维加", P)],
        {("张维加", "教授", "绍兴文理学院")},
    ),
    (  # a short untagged word between body and title is the title's
        "北京大学协理副校长王博说。",
        [("北京大学", G), ("副校长", R), ("王博", P)],
        {("王博", "协理副校长", "北京大学")},
    ),
    (  # a body's other name in brackets is an alias, not part of the name
        "中央党校（国家行政学院）教授王昌林说。",
        [("中央党校", G), ("国家行政学院", G), ("教授", R), ("王昌林", P)],
        {("王昌林", "教授", "中央党校")},
    ),
    (  # a body the model left untagged, read back to the span before it
        "上海合作组织睦邻友好合作委员会主席吴恩远说。",
        [("上海合作组织", G), ("主席", R), ("吴恩远", P)],
        {("吴恩远", "主席", "上海合作组织睦邻友好合作委员会")},
    ),
    (  # a "person" ending like a place before a head's title is the place
        "皮钦查省省长帕斯卡说。",
        [("皮钦查省", P), ("省长", R), ("帕斯卡", P)],
        {("帕斯卡", "省长", "皮钦查省")},
    ),
    (  # a clause mark the model ran over: the body starts after it
        "肯尼亚，东部非洲中国总商会会长韩军说。",
        [("肯尼亚，东部非洲中国总商会", G), ("会长", R), ("韩军", P)],
        {("韩军", "会长", "东部非洲中国总商会")},
    ),
    (  # a body the model started late joins the body before it (应对 is a word: 对 no stop)
        "财政部应对疫情工作领导小组办公室主任王伟说。",
        [("财政部", G), ("疫情工作领导小组办公室", G), ("主任", R), ("王伟", P)],
        {("王伟", "主任", "财政部应对疫情工作领导小组办公室")},
        "财政部|应对|疫情|工作|领导小组|办公室|主任|王伟|说|。",
    ),
    (  # bodies listed with 、 before one title each hold it
        "中共中央台办、国务院台办主任刘结一表示。",
        [("中共中央台办", G), ("国务院台办", G), ("主任", R), ("刘结一", P)],
        {("刘结一", "主任", "中共中央台办"), ("刘结一", "主任", "国务院台办")},
    ),
    (  # after a party secretary, a bare title holds the unit, not the committee
        "三钢集团党委书记、董事长黎立璋说。",
        [("三钢集团", G), ("党委书记", R), ("董事长", R), ("黎立璋", P)],
        {("黎立璋", "书记", "三钢集团党委"), ("黎立璋", "董事长", "三钢集团")},
    ),
    (  # a head's title after 兼 is the place's head (resolution names it), no inheritance
        "陕西省委书记兼省长赵正永说。",
        [("陕西省委", G), ("书记", R), ("省长", R), ("赵正永", P)],
        {("赵正永", "书记", "陕西省委"), ("赵正永", "省长", None)},
    ),
    (  # a title that implies its own body does not take the one before it
        "中共中央总书记、国家主席习近平指出。",
        [("中共中央", G), ("总书记", R), ("国家主席", R), ("习近平", P)],
        {("习近平", "总书记", "中共中央"), ("习近平", "国家主席", None)},
    ),
    (  # a bare title after the name as well as the posts before it
        "以色列理工学院中心主任埃亚尔·莱什姆教授说。",
        [("以色列理工学院中心", G), ("主任", R), ("埃亚尔·莱什姆", P), ("教授", R)],
        {("埃亚尔·莱什姆", "主任", "以色列理工学院中心"), ("埃亚尔·莱什姆", "教授", None)},
    ),
    (  # a space between a byline's title and the name
        "本报记者 王比学报道。",
        [("本报", G), ("记者", R), ("王比学", P)],
        {("王比学", "记者", "本报")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_construction(case):
    sentence, marked, expected, *words = case
    assert links_of(sentence, marked, *words) == expected


# What the links carry besides (person, title, body): the chain's head a later post belongs
# to, and whether the body is a place the title heads or rules.
HEADS_AND_PLACES = [
    (  # a chain of posts: each later post's body sits under the first post's
        "中共中央政治局常委、国务院总理李克强出席。",
        [("中共中央政治局", G), ("常委", R), ("国务院", G), ("总理", R), ("李克强", P)],
        {("常委", None, False), ("总理", "中共中央政治局", False)},
    ),
    (  # after a state's title, a ministry after 兼 is that state's
        "老挝副总理兼公安部长宋迪说。",
        [("老挝", L), ("副总理", R), ("公安部", G), ("宋迪", P)],
        {("副总理", None, True), ("部长", "老挝", False)},
    ),
    (  # one place before a title: the place is what the title rules
        "苏丹总统巴希尔会见。",
        [("苏丹", L), ("总统", R), ("巴希尔", P)],
        {("总统", None, True)},
    ),
    (  # a facility the model reads as a place is an employer, not a place ruled
        "中国美术馆馆长吴为山说。",
        [("中国美术馆", L), ("馆长", R), ("吴为山", P)],
        {("馆长", None, False)},
    ),
]


@pytest.mark.parametrize(
    ("sentence", "marked", "expected"), HEADS_AND_PLACES, ids=[c[0] for c in HEADS_AND_PLACES]
)
def test_chain_head_and_place_only(sentence, marked, expected):
    links = role_links(sentence, marked)
    assert {
        (link.title, link.parent_org.text if link.parent_org else None, link.place_only)
        for link in links
    } == expected

"""Column tags, datelines, credits and article types read from typography."""

from datetime import date

import pytest

from pipeline.segment.fields import (
    article_type,
    credit_names,
    credit_roles,
    dateline_fields,
    parse_dateline,
    split_column_tag,
)


@pytest.mark.parametrize(
    "printed,title,column",
    [
        ("让公众感受历史的魅力（人民论坛）", "让公众感受历史的魅力", "人民论坛"),
        ("技术迭代打开无限想象力(人民观点)", "技术迭代打开无限想象力", "人民观点"),
        ("从历史中汲取治理营养（新论·学历史用历史③）", "从历史中汲取治理营养", "新论·学历史用历史③"),
        ("看经济（感言·岁末年初看经济（12））", "看经济", "感言·岁末年初看经济（12）"),
        # Part and genre markers belong to the title.
        ("我的家乡（上）", "我的家乡（上）", None),
        ("江山如画（中国画）", "江山如画（中国画）", None),
        ("政府工作报告（摘要）", "政府工作报告（摘要）", None),
        ("省政协召开专题协商会", "省政协召开专题协商会", None),
    ],
)  # fmt: skip
def test_column_tag_is_split_from_the_title(printed, title, column):
    assert split_column_tag(printed) == (title, column)


@pytest.mark.parametrize(
    "line,tag,place,day",
    [
        ("本报北京10月14日电（记者 王比学）国务院…", "本报北京10月14日电", "北京", date(2019, 10, 14)),
        ("新华社西安10月14日电  记者从…", "新华社西安10月14日电", "西安", date(2019, 10, 14)),
        ("据新华社电 近日…", "据新华社电", None, None),
        ("本报电 近日…", "本报电", None, None),
        # A story dated in December on a January page is last year's.
        ("新华社华盛顿12月31日电 美国…", "新华社华盛顿12月31日电", "华盛顿", date(2019, 12, 31)),
    ],
)  # fmt: skip
def test_dateline_place_and_date(line, tag, place, day):
    page_date = date(2020, 1, 2) if "12月31日" in line else date(2019, 10, 15)
    assert parse_dateline(line)["tag"] == tag
    assert dateline_fields(tag, page_date) == (place, day)


def test_body_sentence_is_no_dateline():
    assert parse_dateline("本报记者近日走访了杭州市多个社区。") is None
    assert dateline_fields(None, date(2020, 1, 1)) == (None, None)


@pytest.mark.parametrize(
    "credit,names",
    [
        ("（记者 王比学）", ["王比学"]),
        ("记者杜一菲", ["杜一菲"]),
        ("新华社记者\u00a0方喆摄", ["方喆"]),
        ("本报记者\u00a0于\u00a0洋摄", ["于洋"]),
        ("本报记者\u00a0\u00a0罗艾桦文\u00a0\u00a0陈北跑摄", ["罗艾桦", "陈北跑"]),
        ("本报记者 董思婷 通讯员 宋陶珂 阮一唯", ["董思婷", "宋陶珂", "阮一唯"]),
        # Not credits: a sentence, an author note.
        ("记者从省农业农村厅获悉，截至今年2月底全省已建成1200家工坊。", []),
        ("（作者为某大学教授）", []),
    ],
)  # fmt: skip
def test_credit_names(credit, names):
    assert credit_names(credit) == names


def test_article_type_from_typography():
    assert article_type("让基层减负落地", "人民论坛", [], "基层是…") == "commentary"
    assert article_type("某某观", None, ["（作者为某大学教授）"], "…") == "commentary"
    assert article_type("春耕正当时", None, ["本报记者 张华摄"], "农民在田间翻耕土地。") == "photo"
    assert article_type("图片报道", None, [], "…") == "photo"
    assert article_type("关于开展2025年度评选的公告", None, [], "…") == "notice"
    assert article_type("省政协召开专题协商会", None, ["本报记者 徐文燕"], "…" * 500) == "news"
    # A long report with a photo credit is still news.
    assert article_type("山区县探索新路", None, ["本报记者 张华摄"], "字" * 1200) == "news"


def test_credit_roles_each_person_with_their_role():
    assert credit_roles("通讯员 宋陶珂 阮一唯；本报记者 郭舒韵") == [
        ("通讯员", "宋陶珂"),
        ("通讯员", "阮一唯"),
        ("本报记者", "郭舒韵"),
    ]
    assert credit_roles("（本报记者曹玲娟、蒋云龙、申琳）") == [
        ("本报记者", "曹玲娟"), ("本报记者", "蒋云龙"), ("本报记者", "申琳"),
    ]  # fmt: skip
    assert credit_roles("梁子栋摄（新华社发）") == [("新华社摄影", "梁子栋")]
    assert credit_roles("刘教清 李茂香摄影报道") == [("摄影", "刘教清"), ("摄影", "李茂香")]
    assert credit_roles("丽水市经开区,创业创新热土。") == []

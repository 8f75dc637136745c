"""Entity hygiene rules on model spans."""

import pytest

from pipeline.ner.hygiene import clean_span, clean_spans


def cleaned(text, surface, label):
    start = text.index(surface)
    return [(text[s:e], lab) for s, e, lab in clean_span(text, start, start + len(surface), label)]


@pytest.mark.parametrize(
    "text,surface,label,expected",
    [
        ("推行“行政监管+工会”模式", "“行政监管+工会", "ORG", [("行政监管+工会", "ORG")]),
        ("开展行动”界别工作提升年动员会", "行动”界别工作提升年动员会", "ORG",
         [("界别工作提升年动员会", "ORG")]),
        ("据人民日报（海外版）报道", "人民日报（海外版）", "ORG", [("人民日报（海外版）", "ORG")]),
        ("据《人民日报》报道", "《人民日报》", "ORG", [("人民日报", "ORG")]),
        ("《人民日报》文艺部", "《人民日报》文艺部", "ORG", [("《人民日报》文艺部", "ORG")]),
        ("飞经“卡西尼”号", "“卡西尼”号", "ORG", [("“卡西尼”号", "ORG")]),
        ("港澳同胞", "港", "ORG", [("港", "PLACE")]),
        ("来自俄方", "俄", "PLACE", [("俄", "PLACE")]),
        ("来自的方", "的", "PLACE", []),
        ("政协协商", "协", "ORG", []),
        ("欧阳修说", "欧阳", "PLACE", []),
        ("延伸至 谷歌 平台", " 谷歌 ", "ORG", [("谷歌", "ORG")]),
        ("张三，", "张三，", "PERSON", [("张三", "PERSON")]),
        ("a" * 80, "a" * 80, "PERSON", []),
        # A surname alone is no PERSON; with its suffix or 小/老 it is one span.
        ("王某驾车逃逸", "王", "PERSON", [("王某", "PERSON")]),
        ("记者见到了张女士", "张", "PERSON", [("张女士", "PERSON")]),
        ("小朱正埋头工作", "朱", "PERSON", [("小朱", "PERSON")]),
        ("高说，他会来", "高", "PERSON", []),
        ("李总理会见了他", "李", "PERSON", []),
    ],
)  # fmt: skip
def test_clean_span(text, surface, label, expected):
    assert cleaned(text, surface, label) == expected


def test_overlaps_keep_the_longer_entity_and_every_role():
    text = "晶睿电子科技公司董事长张峰"
    spans = [(0, 8, "ORG"), (0, 2, "PLACE"), (0, 11, "ROLE"), (8, 11, "ROLE"), (11, 13, "PERSON")]
    assert clean_spans(text, spans) == [
        (0, 8, "ORG"), (0, 11, "ROLE"), (8, 11, "ROLE"), (11, 13, "PERSON")
    ]  # fmt: skip

"""The CLUENER reader and held-back split, ROLE spans of the model and the patterns, and
the link evaluation."""

import json

import pandas as pd
import pytest

from pipeline.ner_corpora.cluener import POSITION, read_cluener, split_heldback
from pipeline.ner_corpora.sentences import CorpusError
from pipeline.paths import NER_DIR
from pipeline.records import Found
from pipeline.roles.spans import merge_role_spans
from pipeline.roles_evaluation import (
    evaluate_dev_links,
    evaluate_links,
    evaluate_pairs,
    organisation_right,
    split_figures,
)

# The first line of CLUENER train.json, as published.
CLUENER_LINE = {
    "text": "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。叶老桂认为，对目前国内商业银行而言，",
    "label": {
        "name": {"叶老桂": [[9, 11], [32, 34]]},
        "company": {"浙商银行": [[0, 3]]},
        "position": {"博士": [[12, 13]]},
    },
}


def test_cluener_offsets_become_exclusive(tmp_path):
    path = tmp_path / "train.json"
    path.write_text(json.dumps(CLUENER_LINE, ensure_ascii=False) + "\n", encoding="utf-8")
    (row,) = read_cluener(path)
    assert row.spans_of(POSITION) == {(12, 14)}
    assert row.text[12:14] == "博士"
    assert (0, 4, "company") in row.spans


def test_cluener_bad_offsets_name_the_line(tmp_path):
    bad = {"text": "董事长张峰", "label": {"position": {"董事长": [[1, 3]]}}}
    path = tmp_path / "train.json"
    path.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"train.json:1"):
        read_cluener(path)


def test_heldback_split_is_seeded_and_disjoint(tmp_path):
    path = tmp_path / "train.json"
    lines = [
        {
            "text": f"第{i}位记者",
            "label": {"position": {"记者": [[len(str(i)) + 2, len(str(i)) + 3]]}},
        }
        for i in range(200)
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    rows = read_cluener(path)
    rest, held = split_heldback(rows, 0.1, 0)
    assert len(held) == 20 and len(rest) == 180
    assert not {r.text for r in held} & {r.text for r in rest}
    assert split_heldback(rows, 0.1, 0) == (rest, held)
    assert split_heldback(rows, 0.1, 1)[1] != held


def test_model_marks_titles_before_names(params):
    from pipeline.ner.backends import load_ner_from_params

    texts = [
        "晶睿电子科技公司董事长张峰利用自身影响力带动产业链上下游企业招引。",
        "本报记者在现场看到,律师王明提出了意见。",
    ]
    found = [
        {(text[s:e], label) for s, e, label in spans}
        for text, spans in zip(
            texts, load_ner_from_params(params.ner, NER_DIR).predict(texts), strict=True
        )
    ]
    assert ("董事长", "ROLE") in found[0] and ("张峰", "PERSON") in found[0]
    assert ("律师", "ROLE") in found[1]


def test_pattern_roles_win_and_the_model_fills_in():
    patterns = [Found(0, 11, "ROLE", "晶睿电子科技公司董事长", "rules")]
    model = [
        Found(8, 11, "ROLE", "董事长", "ner"),  # inside a pattern span: dropped
        Found(20, 23, "ROLE", "企业家", "ner"),
    ]
    assert [(s.text, s.method) for s in merge_role_spans(patterns, model)] == [
        ("晶睿电子科技公司董事长", "rules"),
        ("企业家", "ner"),
    ]


def test_link_evaluation_counts_misses_and_false_pairs():
    gold = pd.DataFrame(
        [("张峰", "董事长", "晶睿电子科技公司"), ("刘康", "召集人", "")],
        columns=["person", "title", "org_full"],
    )
    found = pd.DataFrame(
        [("张峰", "董事长", "晶睿电子科技公司"), ("张峰", "委员", None)],
        columns=["person", "title", "org_full"],
    )
    scores = evaluate_links(found, gold)
    assert (scores["precision"], scores["recall"]) == (0.5, 0.5)
    assert scores["missed"] == ["刘康/召集人/"]
    assert scores["false"] == ["张峰/委员/"]


def test_links_are_compared_per_page_without_dots_brackets_or_spaces():
    gold = pd.DataFrame(
        [
            ("p1", "艾力更·依明巴海", "副委员长", "全国人大常委会"),
            ("p1", "王毅", "部长", "外交部"),
            ("p2", "王毅", "部长", "外交部"),
            ("p2", "李明", "教授", "中央党校（国家行政学院）"),
        ],
        columns=["page_id", "person", "title", "org_full"],
    )
    found = pd.DataFrame(
        [
            ("p1", "艾力更依明巴海", "副委员长", "全国人大常委会"),
            ("p1", "王 毅", "部长", "外交部"),
            ("p3", "王毅", "部长", "外交部"),  # the right link on the wrong page
            ("p2", "李明", "教授", "中央党校国家行政学院"),
        ],
        columns=["page_id", "person", "title", "org_full"],
    )
    scores = evaluate_links(found, gold)
    assert (scores["precision"], scores["recall"]) == (0.75, 0.75)
    assert scores["missed"] == ["p2/王毅/部长/外交部"]
    assert scores["false"] == ["p3/王毅/部长/外交部"]


def test_gold_files_of_both_formats_name_their_pages(tmp_path):
    from pipeline.roles_evaluation import read_gold_links

    tsv = tmp_path / "gold.tsv"
    tsv.write_text("# page p1\n王毅\t部长\t外交部\n# page p2\n胡浩\t记者\t\n", encoding="utf-8")
    jsonl = tmp_path / "gold.jsonl"
    record = {
        "file": "p2",
        "person": "胡浩",
        "role_text": "记者",
        "title": "记者",
        "org_full": None,
        "org_parent": None,
        "evidence": "记者胡浩",
    }
    jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_gold_links(tsv).values.tolist() == [
        ["p1", "王毅", "部长", "外交部"],
        ["p2", "胡浩", "记者", ""],
    ]
    assert read_gold_links(jsonl).values.tolist() == [["p2", "胡浩", "记者", None]]
    jsonl.write_text('{"file": "p2"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:1"):
        read_gold_links(jsonl)


def test_spacy_component_puts_roles_in_doc_spans():
    from pipeline.paths import PKUSEG_DIR
    from pipeline.spacy_components import build_ner_nlp

    nlp = build_ner_nlp(NER_DIR, pkuseg_dir=PKUSEG_DIR)
    doc = nlp("夜晚,市政协委员、晶睿电子科技公司董事长张峰和青年企业家刘思威等聚到一起。")
    roles = {span.text for span in doc.spans["roles"]}
    assert {"市政协委员", "晶睿电子科技公司董事长", "企业家"} <= roles
    assert all(span.label_ == "ROLE" for span in doc.spans["roles"])
    assert "张峰" in {ent.text for ent in doc.ents if ent.label_ == "PERSON"}


def test_pairs_and_organisations_scored_apart():
    gold = pd.DataFrame(
        [("王毅", "部长", "外交部"), ("胡浩", "记者", "新华社"), ("高晓明", "护士", "")],
        columns=["person", "title", "org_full"],
    )
    found = pd.DataFrame(
        [("王毅", "部长", "兼外交部"), ("胡浩", "记者", "新华社"), ("江办", "部长", None)],
        columns=["person", "title", "org_full"],
    )
    assert evaluate_pairs(found, gold)["recall"] == pytest.approx(2 / 3, abs=1e-4)
    right = organisation_right(found, gold)
    assert (right["share"], right["support"], right["wrong"]) == (0.5, 2, ["王毅/部长/外交部"])
    figures, errors = split_figures({"dev": evaluate_dev_links(found, gold)})
    assert figures["dev"]["links"]["support"] == 3
    assert errors["dev"]["people_not_in_gold"] == ["江办"]


def test_evaluation_pages_are_laid_out_as_a_user_would(tmp_path, params):
    """evaluate_roles runs 人民日报 pages from a folder with a manifest naming paper, date and
    page, read back by the segment stage's own reader."""
    from pipeline.inputs import InputLimits, read_pages_checked
    from pipeline.segment.gold import GoldPage
    from pipeline.segment.metadata import page_metas
    from pipeline.stages.evaluate_roles import write_pages_folder

    page = GoldPage(
        "renminribao_20200507_16", "人民日报", "2020-05-07", 16, "dev", "本报记者 王迪\n", ()
    )
    write_pages_folder([page], tmp_path, params.segment.manifest)
    limits = InputLimits(params.segment.max_page_chars, 0.0)
    pages, problems = read_pages_checked(tmp_path, limits)
    assert problems == [] and [p.page_id for p in pages] == [page.page_id]
    meta = page_metas(tmp_path, [page.page_id], params.segment.manifest, None)[page.page_id]
    assert (meta.paper, str(meta.date), meta.page_no) == ("人民日报", "2020-05-07", 16)

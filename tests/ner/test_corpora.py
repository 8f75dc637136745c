"""Readers of the training corpora: each format to char BIO with its native labels."""

import gzip
import json

import pytest

from pipeline.ner.labels import bio_spans
from pipeline.ner_corpora.cluener import LabelledText, cluener_sentences
from pipeline.ner_corpora.formats import (
    cut_long,
    parse_pd2014_line,
    read_bmes,
    read_pd2014,
    read_weibo,
)
from pipeline.ner_corpora.sentences import TaggedSentence


def spans(sentence):
    return {(sentence.text[s:e], label) for s, e, label in bio_spans(sentence.tags, native=True)}


def test_resume_bmes_becomes_bio(tmp_path):
    path = tmp_path / "r.bmes"
    path.write_text(
        "吴 B-NAME\n重 M-NAME\n阳 E-NAME\n， O\n任 O\n董 B-TITLE\n事 M-TITLE\n长 E-TITLE\n\n"
        "党 S-ORG\n员 O\n",
        encoding="utf-8",
    )
    first, second = read_bmes(path)
    assert spans(first) == {("吴重阳", "NAME"), ("董事长", "TITLE")}
    assert spans(second) == {("党", "ORG")}


def test_weibo_drops_the_segment_digit_and_keeps_emoji(tmp_path):
    path = tmp_path / "w.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("张0\tB-PER.NAM\n三1\tI-PER.NAM\n说0\tO\n👍🏻0\tO\n\n")
    (sentence,) = read_weibo(path)
    assert sentence.text == "张三说👍🏻" and spans(sentence) == {("张三", "PER.NAM")}


def test_peoples_daily_2014_compounds_and_titles(tmp_path):
    line = "中共中央/nt 总书记/nnt 、/w [国家/n 主席/nnt]/nnt 习近平/nr 在/p 北京/ns 出席/v 。/w"
    sentence = parse_pd2014_line(line)
    assert sentence.text == "中共中央总书记、国家主席习近平在北京出席。"
    assert spans(sentence) == {
        ("中共中央", "nt"),
        ("总书记", "nnt"),
        ("国家主席", "nnt"),
        ("习近平", "nr"),
        ("北京", "ns"),
    }
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc_id": "x", "text": line + " \n\n记者/nnt 朱剑红/nr\n"}) + "\n")
    (article,) = read_pd2014(path)
    assert [p.text for p in article] == [sentence.text, "记者朱剑红"]


def test_cluener_offsets_and_long_sentences_cut_outside_entities():
    row = LabelledText("浙商银行叶老桂认为，", ((0, 4, "company"), (4, 7, "name")))
    [sentence] = cluener_sentences([row])
    assert spans(sentence) == {("浙商银行", "company"), ("叶老桂", "name")}
    text = "甲" * 8 + "，" + "张三丰" + "乙" * 4
    long = TaggedSentence(tuple(text), ("O",) * 9 + ("B-PER", "I-PER", "I-PER") + ("O",) * 4)
    pieces = cut_long(long, max_chars=10)
    assert "".join(p.text for p in pieces) == text
    assert all(len(p.chars) <= 10 for p in pieces)
    assert any(("张三丰", "PER") in spans(p) for p in pieces)


def test_modern_gold_reads_offsets_and_rejects_overlaps(tmp_path):
    from pipeline.ner_corpora.formats import read_offset_gold
    from pipeline.ner_corpora.sentences import CorpusError

    good = tmp_path / "gold.jsonl"
    row = {
        "page_id": "p",
        "text": "习近平总书记在南湖公园见到了李先生。",
        "entities": [
            {"start": 0, "end": 3, "label": "PERSON"},
            {"start": 3, "end": 6, "label": "ROLE"},
            {"start": 7, "end": 11, "label": "PLACE"},
            {"start": 14, "end": 17, "label": "PERSON"},
        ],
    }
    good.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (sentence,) = read_offset_gold(good)
    assert sorted(bio_spans(sentence.tags)) == [
        (0, 3, "PERSON"), (3, 6, "ROLE"), (7, 11, "PLACE"), (14, 17, "PERSON")
    ]  # fmt: skip
    row["entities"].append({"start": 1, "end": 2, "label": "ORG"})
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl:1"):
        read_offset_gold(bad)


def test_committed_modern_gold_is_complete():
    from pipeline.ner_corpora.formats import read_offset_gold
    from pipeline.params import load_params
    from pipeline.paths import ROOT

    data = load_params().data
    for name in (data.ner_modern_dev, data.ner_modern_test):
        sentences = read_offset_gold(ROOT / name)
        plain = (ROOT / name).with_suffix(".txt").read_text(encoding="utf-8").splitlines()
        # Every sampled sentence is annotated, in order (a sentence may hold no entity).
        assert [s.text for s in sentences] == [line.split("\t", 1)[1] for line in plain]

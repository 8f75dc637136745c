"""Readers of the training corpora: each format to char BIO with its native labels."""

import gzip
import json

from pipeline.ner.corpora import (
    cluener_sentence,
    cut_long,
    parse_pd2014_line,
    read_bmes,
    read_pd2014,
    read_weibo,
)
from pipeline.ner.corpus import TaggedSentence, bio_spans


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
    sentence = cluener_sentence("浙商银行叶老桂认为，", [(0, 4, "company"), (4, 7, "name")])
    assert spans(sentence) == {("浙商银行", "company"), ("叶老桂", "name")}
    text = "甲" * 8 + "，" + "张三丰" + "乙" * 4
    long = TaggedSentence(tuple(text), ("O",) * 9 + ("B-PER", "I-PER", "I-PER") + ("O",) * 4)
    pieces = cut_long(long, max_chars=10)
    assert "".join(p.text for p in pieces) == text
    assert all(len(p.chars) <= 10 for p in pieces)
    assert any(("张三丰", "PER") in spans(p) for p in pieces)

"""The project's span convention for names written by surname, applied to corpora."""

import pytest

from pipeline.ner.labels import bio_spans
from pipeline.ner_corpora.formats import spans_to_bio
from pipeline.ner_corpora.relabel import join_name_affixes, project_convention
from pipeline.ner_corpora.sentences import TaggedSentence


def msra(text, *names, label="PER"):
    """An MSRA-style sentence: each name in `names` tagged where it first occurs."""
    spans = [(text.index(n), text.index(n) + len(n), label) for n in names]
    return TaggedSentence(tuple(text), spans_to_bio(len(text), spans))


def person_texts(sentence, label="PER"):
    return sorted(sentence.text[s:e] for s, e, lab in bio_spans(sentence.tags, native=True)
                  if lab == label)  # fmt: skip


@pytest.mark.parametrize(
    "text,names,expected",
    [
        # Sentences as MSRA train writes them (the surname alone tagged PER).
        ("出解除梁某与郭某的非法同居关系", ["梁", "郭"], ["梁某", "郭某"]),
        ("李大妈指着墙上的照片说", ["李"], ["李大妈"]),
        ("头注视小胡的一瞬间", ["胡"], ["小胡"]),
        ("说：“老王，我们走吧", ["王"], ["老王"]),
        ("由冯某某驾驶的货车", ["冯"], ["冯某某"]),
        ("朱老深感教育的重要", ["朱"], ["朱老"]),
        ("缠着的刘老师，是英语老师", ["刘"], ["刘老师"]),
        # A suffix that starts a longer word, or a title, is not joined.
        ("李总理会见了外宾", ["李"], ["李"]),
        ("张老人今年八十岁", ["张"], ["张"]),
        ("王主席发表讲话", ["王"], ["王"]),
        # Full names are left as they are; 小 in a word before a surname is no prefix.
        ("江泽民先生指出", ["江泽民"], ["江泽民"]),
        ("大小王都来了", ["王"], ["王"]),
    ],
)  # fmt: skip
def test_surname_spans_take_their_suffix_and_prefix(text, names, expected):
    converted = join_name_affixes(msra(text, *names), frozenset({"PER"}))
    assert person_texts(converted) == sorted(expected)


def test_other_entities_and_other_labels_are_untouched():
    # 某 belongs to an ORG here: the PER span may not take it.
    sentence = TaggedSentence(tuple("王某公司"), ("B-PER", "B-ORG", "I-ORG", "I-ORG"))
    assert join_name_affixes(sentence, frozenset({"PER"})) == sentence
    place = msra("在王某地", "王", label="LOC")
    assert join_name_affixes(place, frozenset({"PER"})) == place


def test_each_corpus_converts_its_own_person_label():
    weibo = msra("我和张先生去了", "张", label="PER.NAM")
    (converted,) = project_convention([weibo], "weibo")
    assert person_texts(converted, "PER.NAM") == ["张先生"]
    pd = msra("记者见到了李女士", "李", label="nr")
    (converted,) = project_convention([pd], "pd2014")
    assert person_texts(converted, "nr") == ["李女士"]

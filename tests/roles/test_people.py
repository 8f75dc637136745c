"""Person hygiene on hand-made spans (no model): what roles/people.py makes of PERSON spans."""

from pipeline.records import Found
from pipeline.roles.people import clean_people, full_names


def person(text: str, sentence: str, start: int | None = None) -> Found:
    start = sentence.index(text) if start is None else start
    return Found(start, start + len(text), "PERSON", text, "ner")


def test_a_foreign_name_split_by_the_model_is_one_name():
    sentence = "副委员长艾力更·依明巴海、万鄂湘出席。"
    spans = [person("艾力更·依明", sentence), person("巴海", sentence), person("万鄂湘", sentence)]
    assert [s.text for s in clean_people(sentence, spans, set())] == ["艾力更·依明巴海", "万鄂湘"]


def test_a_name_run_into_a_verb_pkuseg_splits_off_is_cut_back():
    sentence = "最高人民法院院长周强作工作报告。"
    start = sentence.index("周强作")
    starts = {start, start + 2, start + 3}  # pkuseg: 周强 | 作 | 工作
    (span,) = clean_people(sentence, [person("周强作", sentence)], starts)
    assert span.text == "周强" and sentence[span.start : span.end] == "周强"


def test_verbs_function_words_and_single_characters_are_no_people():
    sentence = "他谈到时隔多年高说。"
    spans = [person("谈到", sentence), person("时隔", sentence), person("高", sentence)]
    assert clean_people(sentence, spans, set()) == []


def test_other_spans_and_real_names_are_kept():
    sentence = "丽水市政协委员张峰说。"
    spans = [Found(0, 5, "ORG", "丽水市政协", "ner"), person("张峰", sentence)]
    assert clean_people(sentence, spans, set()) == spans


def test_a_name_cut_short_is_known_by_the_full_one():
    names = {"晋美旺", "晋美旺措", "艾力更依明", "艾力更·依明巴海", "王晨", "王晨光", "王晨辉"}
    full = full_names(names)
    assert full["晋美旺"] == "晋美旺措"
    assert full["艾力更依明"] == "艾力更·依明巴海"
    assert full["王晨"] == "王晨"  # two longer names start with it: no guess

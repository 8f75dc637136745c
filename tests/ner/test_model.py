"""The shipped NER model (models/ner/) through every public entry point: the backend, the
spaCy component, the command line and the evaluation code, on real text it never saw."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ner.backends import ZhnewsNer
from pipeline.ner.hygiene import is_edge_junk
from pipeline.ner_corpora.sentences import read_bio
from pipeline.ner_evaluation import EvaluationSet, evaluate_output
from pipeline.paths import NER_DIR, ROOT
from pipeline.spacy_components import ROLES_KEY, build_ner_nlp

LABELS = {"PERSON", "ORG", "PLACE", "ROLE"}


@pytest.fixture(scope="module")
def ner():
    return ZhnewsNer(NER_DIR)


@pytest.fixture(scope="module")
def nlp():
    return build_ner_nlp(NER_DIR)


def found(ner, text):
    return {(text[s:e], label) for s, e, label in ner.predict([text])[0]}


def test_modern_names_and_titles(ner):
    assert ("习近平", "PERSON") in found(ner, "习近平总书记强调，要推动科技创新")
    spans = found(ner, "市政协委员、晶睿电子科技公司董事长张峰利用自身影响力")
    assert {("张峰", "PERSON"), ("晶睿电子科技公司", "ORG"), ("董事长", "ROLE")} <= spans


def test_whitespace_inside_a_sentence(ner, nlp):
    text = "…2011年又将其服务范围延伸至 谷歌 Android平台。"
    doc = nlp(text)  # raised TypeError with the first model
    assert all(not is_edge_junk(text[s]) for s, _, _ in ner.predict([text])[0])
    assert ("谷歌", "ORG") in {(e.text, e.label_) for e in doc.ents}


def test_spacy_doc_carries_entities_and_roles(nlp):
    docs = list(nlp.pipe(["市政协委员、晶睿电子科技公司董事长张峰利用自身影响力。"] * 3))
    for doc in docs:
        assert ("张峰", "PERSON") in {(e.text, e.label_) for e in doc.ents}
        assert "董事长" in {s.text for s in doc.spans[ROLES_KEY]}


def test_cli_prints_json_lines(tmp_path):
    lines = ["省政协副主席陈擎苍参加。", "", "浙江大学教授李玺作专题分享。"]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ner", str(source)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == lines
    for record in records:
        for entity in record["entities"]:
            assert record["text"][entity["start"] : entity["end"]] == entity["text"]
            assert entity["label"] in LABELS
    assert {"text": "陈擎苍", "label": "PERSON", "start": 6, "end": 9} in records[0]["entities"]
    assert records[1]["entities"] == []


def test_shipped_model_on_hand_annotated_seed_sentences(ner, params):
    """Ten seed sentences annotated by hand in MSRA conventions, never trained on."""
    sentences = read_bio(ROOT / params.data.ner_seed_sentences)
    scores = evaluate_output(ner.predict, EvaluationSet("seeds", "msra", sentences))
    assert scores["n_sentences"] == 10
    assert scores["labels"]["PERSON"]["f1"] >= 0.95
    assert scores["overall"]["f1"] >= 0.9


def test_ascii_comma_is_not_read_into_names(ner):
    text = "去年11月,市政协主席李上葵带队赴安吉,专题调研青年夜校工作。"
    spans = ner.predict([text])[0]
    assert (text.index("李上葵"), text.index("李上葵") + 3, "PERSON") in spans
    assert all("," not in text[s:e] for s, e, _ in spans)


TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),  # anything: control chars, emoji, Latin, digits
        st.sampled_from("张峰在丽水市政协说，。“”（）　 \n\t"),
    ),
    max_size=80,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_gives_valid_spans(ner, nlp, texts):
    for text, spans in zip(texts, ner.predict(texts), strict=True):
        for start, end, label in spans:
            assert 0 <= start < end <= len(text) and label in LABELS
            assert not is_edge_junk(text[start]) and not is_edge_junk(text[end - 1])
        doc = nlp(text)
        assert doc.text == text


def test_a_one_megabyte_line(ner):
    text = "市政协委员张峰在丽水调研。" * 80_000  # about 1 M characters, no line break
    (spans,) = ner.predict([text])
    assert len(spans) >= 80_000 and all(e <= len(text) for _, e, _ in spans)


def test_every_person_in_the_seed_bodies_is_found(ner, articles):
    """tests/data/ner/seed_people.txt was written from the pages, bylines excluded."""
    wanted = {
        name
        for line in (ROOT / "tests/data/ner/seed_people.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if not line.startswith("#")
        for name in line.split()
    }
    bodies = [p for body in articles["body"] for p in body.split("\n") if p]
    people = {
        text[s:e]
        for text, spans in zip(bodies, ner.predict(bodies), strict=True)
        for s, e, label in spans
        if label == "PERSON"
    }
    assert len(wanted) == 36 and "习近平" in wanted
    assert wanted - people == set()

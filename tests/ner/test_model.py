"""Train a tiny model with the real training code, then load it the two ways zhnews can:
its own offline loader and hanlp.load() (the path HanLP pretrained identifiers take)."""

import itertools
import json
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from pipeline.__main__ import app
from pipeline.ner.component import build_ner_nlp
from pipeline.ner.corpus import read_bio
from pipeline.ner.evaluate import evaluate_backend
from pipeline.ner.model import (
    HanlpNer,
    NerModelError,
    ZhnewsCharNer,
    load_ner,
    unseen_punctuation_map,
)
from pipeline.ner.train import train_char_ner
from pipeline.params import TrainNerParams
from pipeline.paths import NER_DIR

SEED_SENTENCES = Path(__file__).parent.parent / "data" / "ner" / "seed_sentences.bio"
PEOPLE = ["张峰", "陈擎苍", "吴佳", "朱民"]
PLACES = ["丽水", "杭州", "缙云"]
ORGS = ["市政协", "晶睿公司", "工商联"]


def _tagged(parts):
    lines = []
    for text, label in parts:
        tags = (
            ["O"] * len(text)
            if label is None
            else [f"B-{label}"] + [f"I-{label}"] * (len(text) - 1)
        )
        lines += [f"{c}\t{t}" for c, t in zip(text, tags, strict=True)]
    return "\n".join(lines) + "\n\n"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ner")
    corpus = folder / "train.txt"
    corpus.write_text(
        "".join(
            _tagged(
                [
                    (place, "LOC"),
                    (org, "ORG"),
                    ("主席", None),
                    (person, "PER"),
                    ("表示支持。", None),
                ]
            )
            for person, place, org in itertools.product(PEOPLE, PLACES, ORGS)
        ),
        encoding="utf-8",
    )
    params = TrainNerParams(
        seed=0, dev_share=0.2, epochs=15, embed=32, rnn_hidden=32, batch_size=4,
        lr=0.01, patience=15, verbose=False,
    )  # fmt: skip
    model_dir = folder / "model"
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a tiny model gains nothing from threads, and may contend
    try:
        summary = train_char_ner(corpus, params, model_dir)
    finally:
        torch.set_num_threads(threads)
    assert summary["n_train_sentences"] + summary["n_dev_sentences"] == 36
    return model_dir


def test_trained_model_is_complete(tiny_model):
    assert {p.name for p in tiny_model.iterdir()} >= {"config.json", "model.pt", "vocabs.json"}
    training = json.loads((tiny_model / "training.json").read_text(encoding="utf-8"))
    assert training["params"]["seed"] == 0


def test_offline_loader_finds_entities(tiny_model):
    spans = ZhnewsCharNer(tiny_model).predict(["杭州市政协主席张峰表示支持。", ""])
    assert (7, 9, "PERSON") in spans[0]
    assert spans[1] == []


def test_hanlp_load_path_gives_the_same_spans(tiny_model):
    texts = ["丽水工商联主席吴佳表示支持。", "缙云晶睿公司主席朱民表示支持。"]
    assert HanlpNer(str(tiny_model)).predict(texts) == ZhnewsCharNer(tiny_model).predict(texts)


class FakeMultiTask:
    """Stands in for a HanLP multi-task model: word tokens and token-offset entities."""

    def __call__(self, texts, tasks):
        assert tasks == "ner/msra"
        return {
            "tok/fine": [["省政协", "副主席", "陈擎苍", "在", "杭州", "参加", "。"]],
            "ner/msra": [[("省政协", "ORGANIZATION", 0, 1), ("陈擎苍", "PERSON", 2, 3),
                          ("杭州", "LOCATION", 4, 5), ("今天", "DATE", 5, 6)]],
        }  # fmt: skip


def test_multitask_token_offsets_become_character_offsets():
    backend = HanlpNer(
        "CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH", "ner/msra", FakeMultiTask()
    )
    assert backend.predict(["省政协副主席陈擎苍在杭州参加。"]) == [
        [(0, 3, "ORG"), (6, 9, "PERSON"), (10, 12, "PLACE")]
    ]


def test_unknown_backend_and_missing_model(tmp_path):
    with pytest.raises(ValueError, match=r"ner\.backend"):
        load_ner("bert", tmp_path, "", None)
    with pytest.raises(NerModelError, match="make train-ner"):
        ZhnewsCharNer(tmp_path)


def test_spacy_doc_carries_entities_from_shipped_model():
    nlp = build_ner_nlp(NER_DIR)
    doc = nlp("省政协副主席陈擎苍参加。")
    assert ("陈擎苍", "PERSON") in {(e.text, e.label_) for e in doc.ents}
    docs = list(nlp.pipe(["市政协委员、晶睿电子科技公司董事长张峰利用自身影响力。"] * 3))
    assert all(("晶睿电子科技公司", "ORG") in {(e.text, e.label_) for e in d.ents} for d in docs)


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
            assert entity["label"] in {"PERSON", "ORG", "PLACE"}
    assert {"text": "陈擎苍", "label": "PERSON", "start": 6, "end": 9} in records[0]["entities"]
    assert records[1]["entities"] == []


def test_shipped_model_on_hand_annotated_seed_sentences():
    """The committed model through the evaluation code, on sentences it never trained on."""
    sentences = read_bio(SEED_SENTENCES)
    scores = evaluate_backend(ZhnewsCharNer(NER_DIR), sentences)
    assert scores["n_sentences"] == 10
    # Measured 1.0 (26 of 26 entities); 0.885 before half-width punctuation was mapped.
    assert scores["labels"]["PERSON"]["f1"] >= 0.95
    assert scores["overall"]["f1"] >= 0.95


def test_half_width_punctuation_maps_to_what_the_model_knows():
    mapping = unseen_punctuation_map({"，", "？", "a", "1", "："})
    assert "去年11月,赴安吉,调研?a:".translate(mapping) == "去年11月，赴安吉，调研？a："


def test_ascii_comma_is_not_read_into_names():
    text = "去年11月,市政协主席李上葵带队赴安吉,专题调研青年夜校工作。"
    spans = ZhnewsCharNer(NER_DIR).predict([text])[0]
    assert (text.index("安吉"), text.index("安吉") + 2, "PLACE") in spans
    assert all("," not in text[s:e] for s, e, _ in spans)


def test_empty_task_loads_a_single_char_tagger(tiny_model):
    """params.yaml `hanlp_task: ""` with a local folder: no multi-task branch."""
    backend = load_ner("hanlp", tiny_model, str(tiny_model), "")
    assert backend.task is None
    assert backend.predict(["杭州市政协主席张峰表示支持。"]) == ZhnewsCharNer(tiny_model).predict(
        ["杭州市政协主席张峰表示支持。"]
    )

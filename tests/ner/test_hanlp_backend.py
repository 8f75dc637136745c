"""The optional HanLP backend (`ner.backend: hanlp`): hanlp.load() on a local save folder,
the path HanLP pretrained identifiers take (those download, so a test trains a tiny model)."""

import itertools

import pytest
import torch

from pipeline.ner.backends import HanlpNer, NerModelError, ZhnewsNer, load_ner

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
def hanlp_model(tmp_path_factory):
    """A tiny HanLP char BiLSTM-CRF saved to a folder, as hanlp.load() expects."""
    from pipeline.ner.hanlp_tagger import CharNerTagger

    folder = tmp_path_factory.mktemp("hanlp")
    rows = [
        _tagged(
            [(place, "LOC"), (org, "ORG"), ("主席", None), (person, "PER"), ("表示支持。", None)]
        )
        for person, place, org in itertools.product(PEOPLE, PLACES, ORGS)
    ]
    (folder / "train.tsv").write_text("".join(rows[:30]), encoding="utf-8")
    (folder / "dev.tsv").write_text("".join(rows[30:]), encoding="utf-8")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        CharNerTagger().fit(
            str(folder / "train.tsv"), str(folder / "dev.tsv"), str(folder / "model"),
            epochs=15, embed=32, rnn_hidden=32, batch_size=4, lr=0.01, crf=True,
            tagging_scheme="BIO", devices=-1, seed=0, verbose=False,
        )  # fmt: skip
    finally:
        torch.set_num_threads(threads)
    return folder / "model"


def test_local_hanlp_folder_finds_entities(hanlp_model):
    backend = load_ner("hanlp", hanlp_model, str(hanlp_model), "")
    assert backend.task is None  # an empty task: a single char tagger
    spans = backend.predict(["杭州市政协主席张峰表示支持。", ""])
    assert (7, 9, "PERSON") in spans[0]
    assert spans[1] == []


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
        ZhnewsNer(tmp_path)

"""Train a small model with the real training code (LAC's encoder from models/lac, tiny
corpora in every format), then load and run it the way the pipeline does."""

import gzip
import itertools
import json
from dataclasses import replace

import numpy as np
import pytest
import torch

from pipeline.ner.backends import ZhnewsNer
from pipeline.ner.lexicon_features import LexiconMatcher, read_gazetteers
from pipeline.ner_corpora.formats import spans_to_bio
from pipeline.ner_training.gazetteers import GazetteerFiles
from pipeline.ner_training.network import CRF
from pipeline.ner_training.trainer import train_tagger
from pipeline.ner_training.training_data import CorpusFiles
from pipeline.params import CluenerSplitParams
from pipeline.paths import LAC_DIR, LEXICONS_DIR

PEOPLE = ["张峰", "陈擎苍", "吴佳", "朱民"]
PLACES = ["丽水", "杭州", "缙云"]
ORGS = ["市政协", "晶睿公司", "工商联"]


def _sentences():
    for person, place, org in itertools.product(PEOPLE, PLACES, ORGS):
        text = f"{place}{org}主席{person}表示支持。"
        a, b = len(place), len(place) + len(org)
        yield (
            text,
            [(0, a, "LOC"), (a, b, "ORG"), (b, b + 2, "ROLE"), (b + 2, b + 2 + len(person), "PER")],
        )


def _bio_lines(text, spans, mapping, sep="\t"):
    tags = spans_to_bio(
        len(text), [(s, e, mapping[lab]) for s, e, lab in spans if mapping.get(lab)]
    )
    return "".join(f"{c}{sep}{t}\n" for c, t in zip(text, tags, strict=True)) + "\n"


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpora")
    rows = list(_sentences())
    msra = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    with gzip.open(folder / "msra.txt.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(_bio_lines(t, s, msra) for t, s in rows)
    cluener = {"PER": "name", "ORG": "government", "ROLE": "position", "LOC": "address"}
    with (folder / "cluener.json").open("w", encoding="utf-8") as handle:
        for text, spans in rows:
            label: dict = {}
            for s, e, lab in spans:
                label.setdefault(cluener[lab], {})[text[s:e]] = [[s, e - 1]]
            handle.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    resume = {"PER": "NAME", "ORG": "ORG", "ROLE": "TITLE"}
    with gzip.open(folder / "resume.bmes.gz", "wt", encoding="utf-8") as handle:
        # BMES: I- becomes M- (the reader reads M and E alike).
        handle.writelines(_bio_lines(t, s, resume, " ").replace(" I-", " M-") for t, s in rows)
    with gzip.open(folder / "weibo.txt.gz", "wt", encoding="utf-8") as handle:
        for text, spans in rows:
            lines = _bio_lines(text, spans, {"PER": "PER.NAM", "LOC": "GPE.NAM"}).splitlines()
            handle.write("".join(f"{line[0]}0{line[1:]}\n" for line in lines if line) + "\n")
    pd = {"PER": "nr", "LOC": "ns", "ORG": "nt", "ROLE": "nnt"}
    with gzip.open(folder / "pd2014.jsonl.gz", "wt", encoding="utf-8") as handle:
        for k in range(0, len(rows), 6):
            paragraphs = [
                " ".join(f"{text[s:e]}/{pd[lab]}" for s, e, lab in spans) + " 表示/v 支持/v 。/w"
                for text, spans in rows[k : k + 6]
            ]
            handle.write(json.dumps({"doc_id": str(k), "text": "\n".join(paragraphs)}) + "\n")
    with gzip.open(folder / "pages.jsonl.gz", "wt", encoding="utf-8") as handle:
        page = {"split": "train", "text": "习近平总书记强调，要推动科技创新。\n\n新华社北京电。\n"}
        handle.write(json.dumps(page, ensure_ascii=False) + "\n")
    return CorpusFiles(
        msra_train=folder / "msra.txt.gz",
        cluener_train=folder / "cluener.json",
        resume_train=folder / "resume.bmes.gz",
        weibo_train=folder / "weibo.txt.gz",
        pd2014=folder / "pd2014.jsonl.gz",
        renminribao_pages=folder / "pages.jsonl.gz",
        weibo_dev=folder / "weibo.txt.gz",
    )


@pytest.fixture(scope="module")
def gazetteer_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gazetteers")
    hanlp, divisions, thuocl = folder / "hanlp", folder / "divisions", folder / "thuocl"
    for path in (hanlp, divisions, thuocl):
        path.mkdir()
    contents = {
        hanlp / "person_names.txt.gz": "陈擎苍 nr 3\n",
        hanlp / "transliterated_person_names_nrf.txt.gz": "普京\n",
        hanlp / "organization_names.txt.gz": "晶睿公司 ntc 1\n",
        hanlp / "place_names_national.txt.gz": "缙云县\n",
        hanlp / "CoreNatureDictionary.txt.gz": "主席\tnnt\t9\n",
        thuocl / "THUOCL_diming.txt.gz": "\ufeff杭州\t100\r丽水\t50\r",
    }
    for path, text in contents.items():
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    (thuocl / "THUOCL_lishimingren.txt").write_text("毛泽东\t10\n", encoding="utf-8")
    (divisions / "provinces.csv").write_text('code,name\n33,"浙江省"\n', encoding="utf-8")
    (divisions / "cities.csv").write_text('code,name,provinceCode\n3311,"丽水市",33\n')
    (divisions / "areas.csv").write_text(
        'code,name,cityCode,provinceCode\n331122,"缙云县",3311,33\n'
    )
    with gzip.open(divisions / "streets.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write(
            'code,name,areaCode,provinceCode,cityCode\n331122001,"五云街道",331122,33,3311\n'
        )
    (divisions / "HK-MO-TW.json").write_text('{"香港特别行政区": {"九龙": ["油尖旺区"]}}')
    return GazetteerFiles(hanlp, divisions, thuocl, LEXICONS_DIR / "titles.txt")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, corpora, gazetteer_files, params):
    settings = replace(
        params.train_ner, epochs=2, dev_share=0.2, unlabelled_chars=100, threads=1,
        passes={"msra": 1, "cluener": 1, "resume": 1, "weibo": 1, "pd2014": 1, "unlabelled": 1},
    )  # fmt: skip
    model_dir = tmp_path_factory.mktemp("ner") / "model"
    threads = torch.get_num_threads()
    try:
        summary = train_tagger(
            LAC_DIR, corpora, gazetteer_files, CluenerSplitParams(0, 0.1), settings, model_dir
        )
    finally:
        torch.set_num_threads(threads)
    return model_dir, summary


def test_training_writes_a_complete_model(tiny_model):
    model_dir, summary = tiny_model
    assert {p.name for p in model_dir.iterdir()} == {
        "tagger.onnx", "tagger.json", "training.json", "lexicons"
    }  # fmt: skip
    # One unlabelled paragraph: 新华社北京电。 is shorter than the 10 characters asked for.
    assert len(summary["history"]) == 2 and summary["n_unlabelled_texts"] == 1
    # CLUENER's held-back share (10% of 36) never reaches training or dev.
    assert summary["n_train_sentences"]["cluener"] + summary["n_dev_sentences"]["cluener"] == 32
    meta = json.loads((model_dir / "tagger.json").read_text(encoding="utf-8"))
    assert meta["labels"] == {
        "PERSON": "zhnews",
        "ORG": "zhnews",
        "PLACE": "zhnews",
        "ROLE": "zhnews",
    }
    assert set(meta["heads"]) == {"lac", "msra", "cluener", "resume", "weibo", "pd2014", "zhnews"}
    assert "陈擎苍" in read_gazetteers(model_dir)["person"]


def test_trained_model_predicts_through_the_backend(tiny_model):
    model_dir, _ = tiny_model
    ner = ZhnewsNer(model_dir)
    (spans,) = ner.predict(["缙云工商联主席陈擎苍表示支持。"])
    assert (7, 10, "PERSON") in spans


def test_partial_likelihood_with_one_allowed_path_is_the_likelihood():
    crf = CRF(["O", "B-PER", "I-PER", "B-ROLE", "I-ROLE"])
    emissions = torch.randn(2, 5, 5)
    tags = torch.tensor([[1, 2, 0, 3, 4], [0, 1, 2, 0, 0]])
    mask = torch.tensor([[True] * 5, [True] * 3 + [False] * 2])
    allowed = torch.nn.functional.one_hot(tags, 5).bool() | ~mask[..., None]
    assert torch.allclose(crf.partial_nll(emissions, allowed, mask), crf.nll(emissions, tags, mask))
    # Allowing more paths (a label the corpus did not annotate) can only lower the loss.
    looser = allowed.clone()
    looser[0, 3:, :] = True
    assert crf.partial_nll(emissions, looser, mask) < crf.nll(emissions, tags, mask)


def test_gazetteer_features_mark_longest_matches():
    matcher = LexiconMatcher(
        {"person": ["陈擎苍"], "org": ["晶睿公司"], "place": ["丽水", "丽水市"], "title": ["主席"]}
    )
    codes = matcher("丽水市晶睿公司主席陈擎苍")
    assert codes[:, 2].tolist()[:3] == [11, 12, 13]  # place: B I E of 丽水市
    assert codes[7:9, 3].tolist() == [16, 18]  # title: B E of 主席
    assert codes[9:12, 0].tolist() == [1, 2, 3]  # person


def test_a_shipped_tagger_reads_back_into_the_weights_it_was_written_from(tiny_model):
    import onnx
    from onnx import numpy_helper

    from pipeline.ner_training.onnx_export import read_tagger_state, tagger_files

    model_dir, _ = tiny_model
    meta = json.loads((model_dir / "tagger.json").read_text(encoding="utf-8"))
    graph = onnx.load(str(model_dir / "tagger.onnx"))
    state = read_tagger_state(graph, meta)
    heads = {name: tuple(entry["tags"]) for name, entry in meta["heads"].items()}
    again, meta_again = tagger_files(
        state, heads, tuple(meta["chars"]), meta["q2b"], {"labels": meta["labels"]}, True
    )
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.graph.initializer}
    for tensor in again.graph.initializer:
        assert numpy_helper.to_array(tensor) == pytest.approx(arrays[tensor.name])
    for name, entry in meta["heads"].items():
        for key in ("transitions", "start", "end"):
            if key in entry:
                assert np.allclose(meta_again["heads"][name][key], entry[key], atol=1e-3)


def test_a_stopped_run_resumes_from_its_checkpoint(tmp_path, corpora, gazetteer_files, params):
    settings = replace(
        params.train_ner, epochs=1, dev_share=0.2, unlabelled_chars=100, threads=1, init_from="",
        passes={"msra": 1, "cluener": 0, "resume": 0, "weibo": 0, "pd2014": 0, "unlabelled": 1},
    )  # fmt: skip
    work, split = tmp_path / "work", CluenerSplitParams(0, 0.1)
    threads = torch.get_num_threads()
    try:
        first = train_tagger(LAC_DIR, corpora, gazetteer_files, split, settings,
                             tmp_path / "a", work)  # fmt: skip
        assert (work / "checkpoint.pt").is_file() and (work / "lac_tags.npz").is_file()
        longer = replace(settings, epochs=2)
        resumed = train_tagger(LAC_DIR, corpora, gazetteer_files, split, longer,
                               tmp_path / "b", work)  # fmt: skip
    finally:
        torch.set_num_threads(threads)
    assert [r["epoch"] for r in resumed["history"]] == [1, 2]
    assert resumed["history"][0] == first["history"][0]

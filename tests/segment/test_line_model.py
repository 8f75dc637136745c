"""Labelled pages, the print-noise simulator and the line model that splits other papers."""

import gzip
import random

import pytest

from pipeline.paths import ROOT
from pipeline.records import PageText
from pipeline.segment.articles import split_headings
from pipeline.segment.evaluate import evaluate_gold_pages
from pipeline.segment.gold import GoldPageError, line_labels, read_gold_pages, score_page
from pipeline.segment.labels import CREDIT, FURNITURE
from pipeline.segment.line_model import LineModelError, load_line_model
from pipeline.segment.lines import Piece
from pipeline.segment.noise import NoiseSettings, noisy_page
from pipeline.segment.tables import segment_corpus
from pipeline.segment.tagger import load_line_labeller
from pipeline.segment.training import train_line_model, training_sequences
from tests.segment.conftest import LABELLED

TITLES = ["山区县探索“共富工坊”新路子", "前两月规模以上工业增加值增长5.8%", "春耕备耕正当时",
          "让基层减负真正落地见效"]  # fmt: skip


def test_gold_page_lines_get_their_labels(labelled):
    labels = line_labels(labelled)
    assert [label for _, label in labels] == [
        "kicker", "title", "subtitle", "start", "body",
        "title", "start", "body",
        "title", "start", "credit",
        "title", "start", "body", "credit",
    ]  # fmt: skip


def test_bad_labelled_page_names_file_and_line(tmp_path):
    path = tmp_path / "pages.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(LABELLED.read_text(encoding="utf-8"))
        handle.write('{"page_id": "x", "text": "no articles"}\n')
    with pytest.raises(GoldPageError, match=r"pages\.jsonl\.gz:2: KeyError"):
        read_gold_pages(path)


def test_a_gold_article_counts_by_its_title_or_title_core(labelled):
    found = ["山区县探索“共富工坊”新路子", "让基层减负真正落地见效", "一条不在页上的标题"]
    score = score_page(labelled, found).as_dict()
    assert (score["n_gold"], score["n_found"]) == (4, 3)
    assert (score["recall"], score["precision"]) == (0.5, round(2 / 3, 4))


def test_noise_is_seeded_and_keeps_every_title(labelled):
    settings = NoiseSettings(masthead=1.0, column_break=0.5, pointers=1.0)
    first = noisy_page(labelled, random.Random(7), settings)
    assert first == noisy_page(labelled, random.Random(7), settings)
    assert first != noisy_page(labelled, random.Random(8), settings)
    lines = [line for line, _ in first.lines]
    assert first.text.rstrip("\n").split("\n\n") == lines
    assert ("光明日报", FURNITURE) in first.lines  # the masthead, in shuffled order
    assert any(line.startswith(">>>") for line in lines)
    full_lines = {line for line, _ in line_labels(labelled)}
    assert len(first.lines) > len(full_lines)  # column breaks cut body lines in two
    for title in ["山区县探索“共富工坊”新路子", "让基层减负真正落地见效（人民论坛）"]:
        assert title in lines
    credits = [line for line, label in first.lines if label == CREDIT]
    assert "本报记者 张 华摄" in credits


def test_committed_model_splits_an_unseen_noisy_page(labelled, params, line_model):
    """The handmade page was never trained on; with print noise added it still splits."""
    found = 0
    for seed in range(5):
        noisy = noisy_page(labelled, random.Random(seed), NoiseSettings())
        corpus = segment_corpus([PageText("p", "p", noisy.text)], params.segment, None, line_model)
        titles = corpus.articles.loc[corpus.articles["kind"] == "article", "title"].tolist()
        found += sum(title in titles for title in TITLES)
    assert found >= 18  # of 20


def test_training_writes_a_model_that_loads(labelled, classifier, tmp_path):
    sequences = training_sequences([labelled], NoiseSettings(), copies=3, seed=0)
    assert len(sequences) == 4
    meta = train_line_model(sequences, classifier, 0.05, 0.05, 50, tmp_path)
    assert meta["crf"]["iterations"] <= 50
    assert not list(tmp_path.glob(".*partial"))
    model = load_line_model(tmp_path, classifier)
    labels, roles = model.labels([line for line, _ in line_labels(labelled)])
    assert labels.count("title") >= 3
    assert max(title for _, title, _ in roles) > 0.5


def test_missing_model_says_how_to_build_it(classifier, tmp_path, params):
    for kind in ("crf", "tagger"):
        with pytest.raises(LineModelError, match="make train-segment"):
            load_line_labeller(tmp_path, kind, classifier)
    page = PageText("p", "p", LABELLED.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="need the line model"):
        segment_corpus([page], params.segment)


@pytest.mark.skipif(
    not (ROOT / "../shared/data/renminribao_pages/pages.jsonl.gz").is_file(),
    reason="needs ../shared/data/renminribao_pages",
)
def test_dev_pages_of_another_paper(params, line_model):
    """A regression guard on 40 dev pages; the full figures are evaluate_segment's."""
    dev = read_gold_pages(ROOT / params.data.renminribao_pages, split="dev")[:40]
    model = line_model
    assert evaluate_gold_pages(dev, params.segment, model)["f1"] >= 0.85
    assert evaluate_gold_pages(dev, params.segment, model, noise_seed=0)["f1"] >= 0.8


def test_a_heading_stack_is_decided_as_a_whole():
    """The line most likely a title on its own is not the title when that leaves the line
    below it neither kicker nor title: the roles are chosen together."""
    kicker, title, subtitle = (
        Piece(0, 6, "聚焦乡村振兴"),
        Piece(8, 22, "山区县探索“共富工坊”新路子"),
        Piece(24, 36, "带动三万余名农民就近就业"),
    )
    # (kicker, title, subtitle) chances per line: the kicker looks a bit more like a title.
    scores = {0: (0.45, 0.5, 0.05), 8: (0.02, 0.45, 0.2), 24: (0.0, 0.1, 0.9)}
    assert split_headings([kicker, title, subtitle], scores) == (
        "聚焦乡村振兴",
        "山区县探索“共富工坊”新路子",
        "带动三万余名农民就近就业",
    )
    assert split_headings([kicker, title], {}) == (
        None,
        "聚焦乡村振兴",
        "山区县探索“共富工坊”新路子",
    )


def test_misses_are_reported_per_type_and_heading_shape(labelled, params, line_model):
    result = evaluate_gold_pages([labelled], params.segment, line_model)
    by_type, by_heading = result["misses"]["by_type"], result["misses"]["by_heading"]
    assert {k: v["n_gold"] for k, v in by_type.items()} == {"news": 2, "photo": 1, "commentary": 1}
    assert {k: v["n_gold"] for k, v in by_heading.items()} == {"dateline": 2, "no_dateline": 2}
    assert sum(v["missed"] for v in by_type.values()) == result["n_gold"] - round(
        result["recall"] * result["n_gold"]
    )

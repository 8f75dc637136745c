"""BIO corpora and exact-span scoring."""

import pytest

from pipeline.ner.labels import bio_spans
from pipeline.ner_corpora.sentences import CorpusError, read_bio, split_dev, write_bio
from pipeline.scores import score_spans


def test_reads_tab_and_space_formats(tmp_path):
    tabbed = tmp_path / "msra.txt"
    tabbed.write_text("张\tB-PER\n峰\tI-PER\n说\tO\n\n丽\tB-LOC\n水\tI-LOC\n", encoding="utf-8")
    spaced = tmp_path / "pd.txt"
    spaced.write_text("张 B-PER\n峰 I-PER\n说 O\n\n丽 B-LOC\n水 I-LOC\n", encoding="utf-8")
    assert read_bio(tabbed) == read_bio(spaced)
    first, second = read_bio(tabbed)
    assert first.text == "张峰说" and bio_spans(first.tags) == {(0, 2, "PERSON")}
    assert bio_spans(second.tags) == {(0, 2, "PLACE")}


def test_round_trip_and_seeded_split(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("".join(f"字\tO\n{i % 10}\tO\n\n" for i in range(40)), encoding="utf-8")
    sentences = read_bio(path)
    write_bio(sentences, tmp_path / "b.tsv")
    assert read_bio(tmp_path / "b.tsv") == sentences
    train, dev = split_dev(sentences, 0.1, seed=0)
    assert len(dev) == 4 and len(train) == 36
    assert split_dev(sentences, 0.1, seed=0) == (train, dev)


def test_malformed_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("张\tB-PER\n峰峰\tX\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.txt:2"):
        read_bio(path)


@pytest.mark.parametrize(
    "tags,spans",
    [
        (["I-ORG", "I-ORG", "O"], {(0, 2, "ORG")}),  # a piece that starts with I-X counts as B-X
        (["B-PER", "I-LOC", "O"], {(0, 1, "PERSON"), (1, 2, "PLACE")}),
        (["B-PER", "B-PER", "I-PER"], {(0, 1, "PERSON"), (1, 3, "PERSON")}),
        (["O", "B-LOC"], {(1, 2, "PLACE")}),
    ],
)
def test_bio_spans(tags, spans):
    assert bio_spans(tags) == spans


def test_exact_span_scores():
    gold = [{(0, 2, "PERSON"), (3, 5, "PLACE")}, {(0, 4, "ORG")}]
    predicted = [{(0, 2, "PERSON"), (3, 6, "PLACE")}, {(0, 4, "ORG"), (5, 6, "PERSON")}]
    scores = score_spans(gold, predicted)
    assert scores["overall"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714, "support": 3}
    assert scores["labels"]["PLACE"]["f1"] == 0.0
    assert scores["labels"]["ORG"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}

"""The line tagger: trained in torch, run in numpy with the same results."""

import numpy as np
import pytest

from pipeline.segment.gold import line_labels
from pipeline.segment.labels import LABELS
from pipeline.segment.noise import NoiseSettings
from pipeline.segment.tagger import best_path, load_tagger, page_tokens

torch = pytest.importorskip("torch")
from pipeline.segment.training import (  # noqa: E402  (needs torch)
    TaggerSettings,
    decoding,
    encode_pages,
    label_transitions,
    tagger_network,
    train_tagger,
    training_sequences,
    vocabulary,
    write_tagger,
)


def test_numpy_tagger_gives_the_torch_networks_probabilities(labelled, classifier, tmp_path):
    sequence = line_labels(labelled)
    lines = [line for line, _ in sequence]
    settings = TaggerSettings(min_count=1)
    tokens = [page_tokens(lines, classifier)]
    vocab = {field: vocabulary(tokens, field, settings) for field in ("chars", "cues")}
    torch.manual_seed(3)
    net = tagger_network(len(vocab["chars"]), len(vocab["cues"]), settings)
    with torch.no_grad():
        for weight in net.parameters():  # as stored: float16
            weight.copy_(weight.half().float() * 4)  # larger weights: probabilities spread out
    net.eval()
    write_tagger(net, vocab, decoding(label_transitions([sequence]), settings), tmp_path)
    with torch.no_grad():
        wanted = torch.softmax(net(encode_pages([sequence], classifier, vocab)), dim=1).numpy()
    found = load_tagger(tmp_path, classifier).probabilities(lines)
    assert wanted.std() > 0.05
    np.testing.assert_allclose(found, wanted, atol=2e-3)


def test_training_learns_a_page_and_keeps_the_best_epoch(labelled, classifier, tmp_path):
    sequences = training_sequences([labelled], NoiseSettings(), copies=3, seed=0)
    settings = TaggerSettings(min_count=1, epochs=25, batch_pages=2, learning_rate=0.01)
    meta = train_tagger(sequences[1:], sequences[:1], classifier, settings, tmp_path)["tagger"]
    losses = [h["dev_loss"] for h in meta["history"]]
    assert meta["best_epoch"] == 1 + losses.index(min(losses)) and losses[-1] < losses[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tagger.npz", "tagger_vocab.json"]
    labels, roles = load_tagger(tmp_path, classifier).labels([line for line, _ in sequences[0]])
    gold = [label for _, label in sequences[0]]
    assert sum(a == b for a, b in zip(labels, gold, strict=True)) >= 0.8 * len(gold)
    assert all(sum(r) == 0 for r, label in zip(roles, labels, strict=True) if label == "body")


def test_decoding_follows_the_label_transitions():
    """A line the network finds a bit more likely body than start is still the first body
    line when the line above is a title: titles are followed by first lines in training."""
    transitions = label_transitions([[("t", "title"), ("s", "start"), ("b", "body")]] * 5)
    probabilities = np.full((2, 9), 0.01)
    probabilities[0, 1] = 0.9  # title
    probabilities[1, 3], probabilities[1, 4] = 0.4, 0.5  # start, body
    scores = np.log(probabilities)
    assert [LABELS[k] for k in best_path(scores, 0 * transitions)] == ["title", "body"]
    assert [LABELS[k] for k in best_path(scores, transitions)] == ["title", "start"]

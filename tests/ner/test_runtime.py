"""The prediction runtime: numpy Viterbi and text pieces."""

import itertools

import numpy as np
import torch

from pipeline.ner.runtime import MAX_PIECE_CHARS, Head, pieces, viterbi
from pipeline.ner_training.network import CRF

TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_numpy_viterbi_equals_torch_crf_decode():
    rng = np.random.default_rng(0)
    crf = CRF(TAGS)
    with torch.no_grad():
        crf.transitions.copy_(torch.from_numpy(rng.normal(size=(5, 5)).astype(np.float32)))
        crf.start.copy_(torch.from_numpy(rng.normal(size=5).astype(np.float32)))
        crf.end.copy_(torch.from_numpy(rng.normal(size=5).astype(np.float32)))
    trans, start, end = (t.detach().numpy() for t in crf.scores())
    head = Head("msra", 0, tuple(TAGS), trans, start, end)
    emissions = rng.normal(size=(6, 9, 5)).astype(np.float32) * 3
    lengths = np.array([9, 1, 4, 7, 2, 9])
    mask = torch.arange(9)[None] < torch.from_numpy(lengths)[:, None]
    expected = crf.decode(torch.from_numpy(emissions), mask)
    paths = viterbi(emissions, lengths, head)
    assert [list(p[:n]) for p, n in zip(paths, lengths, strict=True)] == expected
    # BIO constraints hold: I-X only after B-X or I-X.
    for path in expected:
        for before, tag in zip(
            ["O", *(TAGS[t] for t in path)], (TAGS[t] for t in path), strict=False
        ):
            assert not tag.startswith("I-") or before[2:] == tag[2:]


def test_pieces_cover_the_text_and_cut_after_clause_ends():
    text = ("这是一个很长的句子，" * 60) + "结尾"
    cuts = pieces(text)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert all(e - s <= MAX_PIECE_CHARS for s, e in cuts)
    assert all(text[e - 1] == "，" for _, e in cuts[:-1])
    assert pieces("x" * 600) == [(0, 256), (256, 512), (512, 600)]

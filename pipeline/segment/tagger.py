"""The line tagger: a small bidirectional GRU over the lines of a page that reads each line's
wording as well as its shape, and labels it (pipeline/segment/labels.py).

A line's vector is the mean embedding of its characters and character pairs (the first 24
and the last 6 of the line: a headline is short, a body line is told by how it starts and
ends), the mean embedding of its typographic cues (the CRF's own features: length, ending,
datelines, credits, the rule kind), and a few numbers — chiefly how many of the line's
character pairs recur in the lines below it (a body retells its headline) and above it.
The GRU reads those vectors down and up the page, so a line is judged with its neighbours.

Trained in torch (pipeline/segment/training.py) and run here in numpy, one page at a time
on one core; no torch at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.params import SegmentParams
from pipeline.segment.labels import HEADINGS, LABELS
from pipeline.segment.line_model import LineModel, LineModelError, line_cues, load_line_model
from pipeline.segment.lines import LineClassifier, line_classifier

WEIGHTS_FILE = "tagger.npz"
VOCAB_FILE = "tagger_vocab.json"
HEAD_CHARS, TAIL_CHARS = 24, 6
# Only a line this short can be a headline; its recurrence below is measured.
MAX_HEADING_CHARS = 40
NEAR_CHARS, FAR_CHARS = 400, 2000
# How much of the text from a line on (its first SAMPLE_CHARS) the text above it shares: a
# subhead sits inside one story, a headline or a first line starts another.
SAMPLE_CHARS = 60
N_NUMBERS = 10
_HEADING_IDS = [LABELS.index(label) for label in HEADINGS]


def squeeze(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "").replace("\u3000", "")


def char_tokens(squeezed: str) -> list[str]:
    """Characters and character pairs of the start and the end of a line."""
    head, tail = squeezed[:HEAD_CHARS], squeezed[-TAIL_CHARS:]
    tokens = [f"c{c}" for c in head]
    tokens += [f"b{head[k : k + 2]}" for k in range(len(head) - 1)]
    tokens += [f"e{c}" for c in tail]
    tokens += [f"f{tail[k : k + 2]}" for k in range(len(tail) - 1)]
    return tokens


def cue_tokens(text: str, classifier: LineClassifier) -> list[str]:
    """The line's typographic cues (its wording is in char_tokens)."""
    return line_cues(text, classifier, wording=False)


def _pairs(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1) if text[k].isalnum()}


def _share_in(pairs: set[str], text: str) -> float:
    return sum(map(text.__contains__, pairs)) / len(pairs) if pairs and text else 0.0


def line_numbers(squeezed: list[str]) -> np.ndarray:
    """Per line: length, place on the page, how much of a short line's wording recurs in
    the next line, the next 400 and 2,000 characters, and the 400 before; and how much of
    the text from the line on, and after it, the 400 characters above share."""
    numbers = np.zeros((len(squeezed), N_NUMBERS), dtype=np.float32)
    joined = "\n".join(squeezed)
    starts, position = [], 0
    for line in squeezed:
        starts.append(position)
        position += len(line) + 1
    # The text from each line on (the next line's is the text after this one).
    samples = [_pairs(joined[start : start + SAMPLE_CHARS]) for start in starts] + [set()]
    for i, line in enumerate(squeezed):
        numbers[i, 0] = min(len(line), 80) / 40
        numbers[i, 1] = math.log1p(len(line)) / 5
        numbers[i, 2] = i / max(len(squeezed) - 1, 1)
        above = joined[max(starts[i] - NEAR_CHARS, 0) : starts[i]]
        end = starts[i] + len(line) + 1
        numbers[i, 8] = _share_in(samples[i], above)
        numbers[i, 9] = _share_in(samples[i + 1], above)
        if len(line) > MAX_HEADING_CHARS:
            continue
        numbers[i, 3] = 1.0
        pairs = _pairs(line[:HEAD_CHARS])
        numbers[i, 4] = _share_in(pairs, squeezed[i + 1] if i + 1 < len(squeezed) else "")
        numbers[i, 5] = _share_in(pairs, joined[end : end + NEAR_CHARS])
        numbers[i, 6] = _share_in(pairs, joined[end : end + FAR_CHARS])
        numbers[i, 7] = _share_in(pairs, above)
    return numbers


@dataclass(frozen=True)
class PageTokens:
    """What the tagger reads of a page's lines, before the vocabulary maps it to ids."""

    chars: list[list[str]]
    cues: list[list[str]]
    numbers: np.ndarray


def page_tokens(lines: list[str], classifier: LineClassifier) -> PageTokens:
    squeezed = [squeeze(line) or line for line in lines]
    return PageTokens(
        chars=[char_tokens(s) for s in squeezed],
        cues=[cue_tokens(line, classifier) for line in lines],
        numbers=line_numbers(squeezed),
    )


def token_ids(lines: list[list[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Flat ids (0 for an unknown token) and where each line's ids start."""
    get = vocab.get
    ids = [get(t, 0) for tokens in lines for t in (tokens or ["<empty>"])]
    offsets = np.cumsum([0, *(max(len(t), 1) for t in lines[:-1])])
    return np.asarray(ids, dtype=np.int64), offsets


def _mean_rows(table: np.ndarray, ids: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    counts = np.diff(np.append(offsets, len(ids)))
    return np.add.reduceat(table[ids], offsets, axis=0) / counts[:, None]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _both_ways(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The two directions of torch.nn.GRU as one recurrence over [forward; backward] states:
    gate rows interleaved by direction (r_f r_b z_f z_b n_f n_b), the recurrent weights
    block-diagonal, so each step is one matrix product."""
    size = weights["gru_w_hh_f"].shape[1]
    w_hh = np.zeros((6 * size, 2 * size), dtype=np.float32)
    b_hh = np.zeros(6 * size, dtype=np.float32)
    for gate in range(3):
        for k, direction in enumerate("fb"):
            rows = slice((2 * gate + k) * size, (2 * gate + k + 1) * size)
            source = slice(gate * size, (gate + 1) * size)
            w_hh[rows, k * size : (k + 1) * size] = weights[f"gru_w_hh_{direction}"][source]
            b_hh[rows] = weights[f"gru_b_hh_{direction}"][source]
    return {"gru_w_hh": w_hh, "gru_b_hh": b_hh}


def _bigru(x: np.ndarray, w: dict[str, np.ndarray]) -> np.ndarray:
    """torch.nn.GRU's recurrence (gates r, z, n), bidirectional: (lines, 2 * hidden)."""
    n, size = len(x), w["gru_w_hh_f"].shape[1]
    forward = (x @ w["gru_w_ih_f"].T + w["gru_b_ih_f"]).reshape(n, 3, size)
    backward = (x[::-1] @ w["gru_w_ih_b"].T + w["gru_b_ih_b"]).reshape(n, 3, size)
    inputs = np.concatenate([forward, backward], axis=2).reshape(n, 6 * size)
    w_hh, b_hh = w["gru_w_hh"], w["gru_b_hh"]
    h = np.zeros(2 * size, dtype=np.float32)
    out = np.empty((n, 2 * size), dtype=np.float32)
    for t in range(n):
        hidden = w_hh @ h + b_hh
        gates = _sigmoid(inputs[t, : 4 * size] + hidden[: 4 * size])
        new = np.tanh(inputs[t, 4 * size :] + gates[: 2 * size] * hidden[4 * size :])
        h = new + gates[2 * size :] * (h - new)
        out[t] = h
    return np.concatenate([out[:, :size], out[::-1, size:]], axis=1)


def best_path(scores: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Viterbi: the label sequence with the highest sum of line scores (lines, labels) and
    transition scores (labels + 1, labels; the last row is the page start)."""
    n, k = scores.shape
    total = scores[0] + transitions[k]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        candidates = total[:, None] + transitions[:k]
        back[t] = candidates.argmax(axis=0)
        total = candidates[back[t], np.arange(k)] + scores[t]
    path = [int(total.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


@dataclass(frozen=True)
class LineTagger:
    """The network's weights, its vocabularies, and how labels are decoded from its
    probabilities: a bias added to each label's log-probability and label-to-label
    transition scores (both chosen on the dev pages, pipeline/segment/training.py)."""

    weights: dict[str, np.ndarray]
    chars: dict[str, int]
    cues: dict[str, int]
    classifier: LineClassifier
    label_bias: np.ndarray
    transitions: np.ndarray
    # The CRF, when given, decides the kicker/title/subtitle chances of the lines the tagger
    # labels headings: on the dev pages the two together split best (docs/segment.md).
    role_model: LineModel | None = None

    def probabilities(self, lines: list[str]) -> np.ndarray:
        """(lines, labels) probabilities for a page's lines."""
        return self._probabilities(page_tokens(lines, self.classifier))

    def _probabilities(self, tokens: PageTokens) -> np.ndarray:
        w = self.weights
        x = np.concatenate(
            [
                _mean_rows(w["char_emb"], *token_ids(tokens.chars, self.chars)),
                _mean_rows(w["cue_emb"], *token_ids(tokens.cues, self.cues)),
                tokens.numbers,
            ],
            axis=1,
        )
        x = np.maximum(x @ w["proj_w"].T + w["proj_b"], 0)
        logits = np.concatenate([_bigru(x, w), x], axis=1) @ w["out_w"].T + w["out_b"]
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def labels(self, lines: list[str]) -> tuple[list[str], list[tuple[float, float, float]]]:
        """Each line's likeliest label, and for heading lines their chances of being a
        kicker, a title and a subtitle (zeros for other lines)."""
        if not lines:
            return [], []
        tokens = page_tokens(lines, self.classifier)
        probabilities = self._probabilities(tokens)
        scores = np.log(probabilities + 1e-9) + self.label_bias
        labels = [LABELS[k] for k in best_path(scores, self.transitions)]
        if self.role_model is not None and any(label in HEADINGS for label in labels):
            return labels, self.role_model.heading_roles(lines, labels, tokens.cues)
        roles = [
            tuple(float(p) for p in row[_HEADING_IDS]) if label in HEADINGS else (0.0, 0.0, 0.0)
            for label, row in zip(labels, probabilities, strict=True)
        ]
        return labels, roles


def tagger_files(model_dir: Path) -> tuple[Path, Path]:
    return model_dir / WEIGHTS_FILE, model_dir / VOCAB_FILE


def load_tagger(
    model_dir: Path, classifier: LineClassifier, role_model: LineModel | None = None
) -> LineTagger:
    weights_path, vocab_path = tagger_files(model_dir)
    with np.load(weights_path) as archive:
        weights = {name: archive[name].astype(np.float32) for name in archive.files}
    weights |= _both_ways(weights)
    vocab = json.loads(vocab_path.read_text(encoding="utf-8"))
    return LineTagger(
        weights,
        {t: i for i, t in enumerate(vocab["chars"])},
        {t: i for i, t in enumerate(vocab["cues"])},
        classifier,
        weights.pop("label_bias"),
        weights.pop("transitions"),
        role_model,
    )


LineLabeller = LineModel | LineTagger


def segment_line_labeller(params: SegmentParams, root: Path) -> LineLabeller:
    """The line model segment's params name (folder relative to `root`, kind, classifier):
    one loader for the segment, evaluate_segment and evaluate_roles stages."""
    return load_line_labeller(
        root / params.line_model, params.line_labeller, line_classifier(params)
    )


def load_line_labeller(model_dir: Path, kind: str, classifier: LineClassifier) -> LineLabeller:
    """The line model named by segment.line_labeller: `crf`, or `tagger` (with the CRF for
    the roles in heading stacks)."""
    crf = load_line_model(model_dir, classifier)
    if kind == "crf":
        return crf
    weights_path, vocab_path = tagger_files(model_dir)
    for path in (weights_path, vocab_path):
        if not path.is_file():
            raise LineModelError(
                f"{path}: line tagger not found; build it with `make train-segment`"
            )
    return load_tagger(model_dir, classifier, role_model=crf)

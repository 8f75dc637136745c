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

from pipeline.segment.labels import HEADINGS, LABELS
from pipeline.segment.line_model import LineModel, LineModelError, line_cues, load_line_model
from pipeline.segment.lines import LineClassifier

WEIGHTS_FILE = "tagger.npz"
VOCAB_FILE = "tagger_vocab.json"
HEAD_CHARS, TAIL_CHARS = 24, 6
# Only a line this short can be a headline; its recurrence below is measured.
MAX_HEADING_CHARS = 40
NEAR_CHARS, FAR_CHARS = 400, 2000
N_NUMBERS = 8
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
    return sum(1 for p in pairs if p in text) / len(pairs) if pairs and text else 0.0


def line_numbers(squeezed: list[str]) -> np.ndarray:
    """Per line: length, place on the page, and how much of a short line's wording recurs
    in the next line, the next 400 and 2,000 characters, and the 400 before."""
    numbers = np.zeros((len(squeezed), N_NUMBERS), dtype=np.float32)
    joined = "\n".join(squeezed)
    starts, position = [], 0
    for line in squeezed:
        starts.append(position)
        position += len(line) + 1
    for i, line in enumerate(squeezed):
        numbers[i, 0] = min(len(line), 80) / 40
        numbers[i, 1] = math.log1p(len(line)) / 5
        numbers[i, 2] = i / max(len(squeezed) - 1, 1)
        if len(line) > MAX_HEADING_CHARS:
            continue
        numbers[i, 3] = 1.0
        pairs = _pairs(line[:HEAD_CHARS])
        end = starts[i] + len(line) + 1
        numbers[i, 4] = _share_in(pairs, squeezed[i + 1] if i + 1 < len(squeezed) else "")
        numbers[i, 5] = _share_in(pairs, joined[end : end + NEAR_CHARS])
        numbers[i, 6] = _share_in(pairs, joined[end : end + FAR_CHARS])
        numbers[i, 7] = _share_in(pairs, joined[max(starts[i] - NEAR_CHARS, 0) : starts[i]])
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
    ids = [vocab.get(t, 0) for tokens in lines for t in (tokens or ["<empty>"])]
    offsets = np.cumsum([0, *(max(len(t), 1) for t in lines[:-1])])
    return np.asarray(ids, dtype=np.int64), offsets


def _mean_rows(table: np.ndarray, ids: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    counts = np.diff(np.append(offsets, len(ids)))
    return np.add.reduceat(table[ids], offsets, axis=0) / counts[:, None]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _gru(x: np.ndarray, w_ih, w_hh, b_ih, b_hh, reverse: bool) -> np.ndarray:
    """torch.nn.GRU's recurrence, one direction (gates in torch's order r, z, n)."""
    size = w_hh.shape[1]
    inputs = x @ w_ih.T + b_ih
    h = np.zeros(size, dtype=np.float32)
    out = np.empty((len(x), size), dtype=np.float32)
    for t in range(len(x) - 1, -1, -1) if reverse else range(len(x)):
        hidden = w_hh @ h + b_hh
        gates = _sigmoid(inputs[t, : 2 * size] + hidden[: 2 * size])
        reset, update = gates[:size], gates[size:]
        new = np.tanh(inputs[t, 2 * size :] + reset * hidden[2 * size :])
        h = (1 - update) * new + update * h
        out[t] = h
    return out


@dataclass(frozen=True)
class LineTagger:
    weights: dict[str, np.ndarray]
    chars: dict[str, int]
    cues: dict[str, int]
    classifier: LineClassifier

    def probabilities(self, lines: list[str]) -> np.ndarray:
        """(lines, labels) probabilities for a page's lines."""
        w = self.weights
        tokens = page_tokens(lines, self.classifier)
        x = np.concatenate(
            [
                _mean_rows(w["char_emb"], *token_ids(tokens.chars, self.chars)),
                _mean_rows(w["cue_emb"], *token_ids(tokens.cues, self.cues)),
                tokens.numbers,
            ],
            axis=1,
        )
        x = np.maximum(x @ w["proj_w"].T + w["proj_b"], 0)
        states = [
            _gru(x, *(w[f"gru_{name}_{d}"] for name in ("w_ih", "w_hh", "b_ih", "b_hh")), d == "b")
            for d in ("f", "b")
        ]
        logits = np.concatenate([*states, x], axis=1) @ w["out_w"].T + w["out_b"]
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def labels(self, lines: list[str]) -> tuple[list[str], list[tuple[float, float, float]]]:
        """Each line's likeliest label, and for heading lines their chances of being a
        kicker, a title and a subtitle (zeros for other lines)."""
        if not lines:
            return [], []
        probabilities = self.probabilities(lines)
        labels = [LABELS[k] for k in probabilities.argmax(axis=1)]
        roles = [
            tuple(float(p) for p in row[_HEADING_IDS]) if label in HEADINGS else (0.0, 0.0, 0.0)
            for label, row in zip(labels, probabilities, strict=True)
        ]
        return labels, roles


def tagger_files(model_dir: Path) -> tuple[Path, Path]:
    return model_dir / WEIGHTS_FILE, model_dir / VOCAB_FILE


def load_tagger(model_dir: Path, classifier: LineClassifier) -> LineTagger:
    weights_path, vocab_path = tagger_files(model_dir)
    with np.load(weights_path) as archive:
        weights = {name: archive[name].astype(np.float32) for name in archive.files}
    vocab = json.loads(vocab_path.read_text(encoding="utf-8"))
    return LineTagger(
        weights,
        {t: i for i, t in enumerate(vocab["chars"])},
        {t: i for i, t in enumerate(vocab["cues"])},
        classifier,
    )


LineLabeller = LineModel | LineTagger


def load_line_labeller(model_dir: Path, kind: str, classifier: LineClassifier) -> LineLabeller:
    """The line model named by segment.line_labeller: `tagger` or `crf`."""
    if kind == "crf":
        return load_line_model(model_dir, classifier)
    weights_path, vocab_path = tagger_files(model_dir)
    for path in (weights_path, vocab_path):
        if not path.is_file():
            raise LineModelError(
                f"{path}: line tagger not found; build it with `make train-segment`"
            )
    return load_tagger(model_dir, classifier)

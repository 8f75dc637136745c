"""Training the line models on labelled pages: the CRF (python-crfsuite) and the line tagger
(a BiGRU in torch, saved as numpy arrays for pipeline/segment/tagger.py). Each page is used
clean once and `copies` times with simulated print noise (pipeline/segment/noise.py).

Training code only: nothing that splits pages at run time imports this module.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite

from pipeline.segment.gold import GoldPage, line_labels
from pipeline.segment.labels import KICKER, LABELS, TITLE
from pipeline.segment.line_model import META_FILE, MODEL_FILE, page_features
from pipeline.segment.lines import LineClassifier
from pipeline.segment.noise import NoiseSettings, noisy_page
from pipeline.segment.tagger import N_NUMBERS, PageTokens, page_tokens, tagger_files, token_ids

log = logging.getLogger(__name__)

Sequence = list[tuple[str, str]]  # (line, label) in page order


def training_sequences(
    pages: list[GoldPage], noise: NoiseSettings, copies: int, seed: int
) -> list[Sequence]:
    """Each page clean once and `copies` times with simulated noise (seeded)."""
    rng = random.Random(seed)
    sequences: list[Sequence] = []
    for page in pages:
        sequences.append(line_labels(page))
        sequences += [noisy_page(page, rng, noise).lines for _ in range(copies)]
    return [s for s in sequences if s]


def train_line_model(
    sequences: list[Sequence],
    classifier: LineClassifier,
    c1: float,
    c2: float,
    max_iterations: int,
    model_dir: Path,
) -> dict:
    """Fit the CRF on (line, label) sequences; the model file is replaced only when done."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in sequences:
        lines = [line for line, _ in sequence]
        trainer.append(page_features(lines, classifier), [label for _, label in sequence])
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.possible_transitions": True}
    )
    model_dir.mkdir(parents=True, exist_ok=True)
    partial = model_dir / f".{MODEL_FILE}.partial"
    started = time.perf_counter()
    log.info("training the line CRF on %d pages", len(sequences))
    trainer.train(str(partial))
    log.info("trained in %.0f s", time.perf_counter() - started)
    partial.replace(model_dir / MODEL_FILE)
    return {
        "crf": {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "iterations": trainer.logparser.last_iteration["num"],
            "seconds": round(time.perf_counter() - started),
        }
    }


@dataclass(frozen=True)
class TaggerSettings:
    char_dim: int = 32
    cue_dim: int = 32
    line_dim: int = 64
    hidden: int = 48
    min_count: int = 5
    max_tokens: int = 30000  # per vocabulary (characters and pairs; cues)
    epochs: int = 12
    batch_pages: int = 16
    learning_rate: float = 0.003
    dropout: float = 0.2  # on line vectors and GRU states, in training only
    plain_headings: float = 0.0  # NoiseSettings.plain_headings of its training pages
    seed: int = 0
    # Decoding (chosen on the dev pages with benchmarks/segment_decoding.py): the weight of
    # the label transitions seen in training, and a bonus on kicker/title log-probabilities.
    transition_weight: float = 0.5
    heading_bias: float = 2.0


@dataclass(frozen=True)
class EncodedPage:
    chars: tuple[np.ndarray, np.ndarray]
    cues: tuple[np.ndarray, np.ndarray]
    numbers: np.ndarray
    labels: np.ndarray


def vocabulary(pages: list[PageTokens], field: str, settings: TaggerSettings) -> list[str]:
    """The most frequent tokens seen at least min_count times; id 0 is the unknown."""
    counts = Counter(t for page in pages for line in getattr(page, field) for t in line)
    kept = sorted((t for t, n in counts.items() if n >= settings.min_count),
                  key=lambda t: (-counts[t], t))  # fmt: skip
    return ["<unknown>", *kept[: settings.max_tokens - 1]]


def _encode(tokens: PageTokens, labels: list[str], vocab: dict[str, dict[str, int]]):
    return EncodedPage(
        token_ids(tokens.chars, vocab["chars"]),
        token_ids(tokens.cues, vocab["cues"]),
        tokens.numbers,
        np.asarray([LABELS.index(label) for label in labels], dtype=np.int64),
    )


def _stacked(pages: list[EncodedPage], field: str) -> tuple[np.ndarray, np.ndarray]:
    """One flat id array and line offsets for the lines of several pages."""
    ids, offsets, base = [], [], 0
    for page in pages:
        page_ids, page_offsets = getattr(page, field)
        ids.append(page_ids)
        offsets.append(page_offsets + base)
        base += len(page_ids)
    return np.concatenate(ids), np.concatenate(offsets)


def tagger_network(n_chars: int, n_cues: int, settings: TaggerSettings):
    import torch
    from torch import nn
    from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence

    class TaggerNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_emb = nn.EmbeddingBag(n_chars, settings.char_dim, mode="mean")
            self.cue_emb = nn.EmbeddingBag(n_cues, settings.cue_dim, mode="mean")
            width = settings.char_dim + settings.cue_dim + N_NUMBERS
            self.proj = nn.Linear(width, settings.line_dim)
            self.gru = nn.GRU(settings.line_dim, settings.hidden, bidirectional=True)
            self.out = nn.Linear(2 * settings.hidden + settings.line_dim, len(LABELS))
            self.dropout = nn.Dropout(settings.dropout)

        def forward(self, pages: list[EncodedPage]):
            """Logits for every line of the pages, page after page."""
            x = torch.cat(
                [
                    self.char_emb(*(torch.from_numpy(a) for a in _stacked(pages, "chars"))),
                    self.cue_emb(*(torch.from_numpy(a) for a in _stacked(pages, "cues"))),
                    torch.from_numpy(np.concatenate([p.numbers for p in pages])),
                ],
                dim=1,
            )
            x = self.dropout(torch.relu(self.proj(x)))
            lengths = [len(p.labels) for p in pages]
            packed = pack_sequence(list(torch.split(x, lengths)), enforce_sorted=False)
            states, _ = pad_packed_sequence(self.gru(packed)[0])
            states = self.dropout(torch.cat([states[:n, k] for k, n in enumerate(lengths)]))
            return self.out(torch.cat([states, x], dim=1))

    return TaggerNet()


def _arrays(net) -> dict[str, np.ndarray]:
    """The network's weights under the names pipeline/segment/tagger.py reads."""
    state = {name: value.detach().numpy() for name, value in net.state_dict().items()}
    arrays = {
        "char_emb": state["char_emb.weight"],
        "cue_emb": state["cue_emb.weight"],
        "proj_w": state["proj.weight"],
        "proj_b": state["proj.bias"],
        "out_w": state["out.weight"],
        "out_b": state["out.bias"],
    }
    for direction, suffix in (("f", ""), ("b", "_reverse")):
        for name in ("w_ih", "w_hh", "b_ih", "b_hh"):
            torch_name = f"gru.{name.replace('w_', 'weight_').replace('b_', 'bias_')}_l0{suffix}"
            arrays[f"gru_{name}_{direction}"] = state[torch_name]
    return {name: value.astype(np.float16) for name, value in arrays.items()}


def _loss(net, pages: list[EncodedPage]):
    import torch

    labels = torch.from_numpy(np.concatenate([p.labels for p in pages]))
    return torch.nn.functional.cross_entropy(net(pages), labels)


def _dev_loss(net, pages: list[EncodedPage], batch: int) -> float:
    import torch

    with torch.no_grad():
        losses = [
            float(_loss(net, pages[k : k + batch]))
            * sum(len(p.labels) for p in pages[k : k + batch])
            for k in range(0, len(pages), batch)
        ]
    return sum(losses) / sum(len(p.labels) for p in pages)


def encode_pages(
    sequences: list[Sequence], classifier: LineClassifier, vocab: dict[str, list[str]]
) -> list[EncodedPage]:
    ids = {field: {t: i for i, t in enumerate(tokens)} for field, tokens in vocab.items()}
    return [
        _encode(page_tokens([line for line, _ in s], classifier), [lab for _, lab in s], ids)
        for s in sequences
    ]


def label_transitions(sequences: list[Sequence]) -> np.ndarray:
    """Log-probabilities of each label after each label (last row: after the page start),
    counted on the training sequences with one added to every count."""
    counts = np.ones((len(LABELS) + 1, len(LABELS)))
    for sequence in sequences:
        before = len(LABELS)
        for _, label in sequence:
            counts[before, LABELS.index(label)] += 1
            before = LABELS.index(label)
    return np.log(counts / counts.sum(axis=1, keepdims=True))


def decoding(transitions: np.ndarray, settings: TaggerSettings) -> dict[str, np.ndarray]:
    """The label bias and weighted transition scores the tagger decodes with."""
    bias = np.array([settings.heading_bias if lab in (KICKER, TITLE) else 0.0 for lab in LABELS])
    return {"label_bias": bias, "transitions": settings.transition_weight * transitions}


def write_tagger(
    net, vocab: dict[str, list[str]], decode: dict[str, np.ndarray], model_dir: Path
) -> None:
    """The network's weights (float16), decoding arrays and vocabulary, each file replaced
    only when whole."""
    model_dir.mkdir(parents=True, exist_ok=True)
    weights_path, vocab_path = tagger_files(model_dir)
    arrays = _arrays(net) | {name: value.astype(np.float32) for name, value in decode.items()}
    for path, write in (
        (weights_path, lambda f: np.savez_compressed(f, **arrays)),
        (vocab_path, lambda f: f.write(json.dumps(vocab, ensure_ascii=False).encode() + b"\n")),
    ):
        partial = model_dir / f".{path.name}.partial"
        with partial.open("wb") as handle:
            write(handle)
        partial.replace(path)


def _train_epoch(net, optimiser, pages: list[EncodedPage], batch: int) -> float:
    import torch

    net.train()
    losses = []
    for k in range(0, len(pages), batch):
        optimiser.zero_grad()
        loss = _loss(net, pages[k : k + batch])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimiser.step()
        losses.append(float(loss.detach()))
    net.eval()
    return float(np.mean(losses))


def train_tagger(
    train: list[Sequence],
    dev: list[Sequence],
    classifier: LineClassifier,
    settings: TaggerSettings,
    model_dir: Path,
) -> dict:
    """Fit the line tagger on the train sequences; after each epoch whose loss on the dev
    sequences is the lowest yet, write it to model_dir (so a stopped run leaves the best)."""
    import torch

    torch.set_num_threads(1)  # small sequences: one thread is as fast, and the run repeats
    torch.manual_seed(settings.seed)
    started = time.perf_counter()
    tokens = [page_tokens([line for line, _ in s], classifier) for s in train]
    vocab = {f: vocabulary(tokens, f, settings) for f in ("chars", "cues")}
    train_pages, dev_pages = (
        encode_pages(train, classifier, vocab),
        encode_pages(dev, classifier, vocab),
    )
    log.info("tagger: %d train, %d dev pages; %d char, %d cue tokens (%.0f s)", len(train_pages),
             len(dev_pages), len(vocab["chars"]), len(vocab["cues"]),
             time.perf_counter() - started)  # fmt: skip
    decode = decoding(label_transitions(train), settings)
    net = tagger_network(len(vocab["chars"]), len(vocab["cues"]), settings)
    optimiser = torch.optim.Adam(net.parameters(), lr=settings.learning_rate)
    rng = random.Random(settings.seed)
    history: list[dict] = []
    for epoch in range(1, settings.epochs + 1):
        order = list(train_pages)
        rng.shuffle(order)
        train_loss = _train_epoch(net, optimiser, order, settings.batch_pages)
        dev_loss = _dev_loss(net, dev_pages, settings.batch_pages)
        if not history or dev_loss < min(h["dev_loss"] for h in history):
            write_tagger(net, vocab, decode, model_dir)
        history.append({"epoch": epoch, "train_loss": round(train_loss, 4),
                        "dev_loss": round(dev_loss, 4)})  # fmt: skip
        log.info("epoch %d: %s (%.0f s)", epoch, history[-1], time.perf_counter() - started)
    best = min(history, key=lambda h: h["dev_loss"])
    return {
        "tagger": {
            **vars(settings),
            "best_epoch": best["epoch"],
            "history": history,
            "seconds": round(time.perf_counter() - started),
        }
    }


def write_meta(model_dir: Path, meta: dict) -> None:
    """Add to models/segment/meta.json what this run trained (a model not retrained keeps
    its entry)."""
    path = model_dir / META_FILE
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    path.write_text(json.dumps(old | meta, indent=2) + "\n", encoding="utf-8")

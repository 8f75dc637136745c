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
from pipeline.segment.labels import LABELS
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
    seed: int = 0


@dataclass(frozen=True)
class EncodedPage:
    chars: tuple[np.ndarray, np.ndarray]
    cues: tuple[np.ndarray, np.ndarray]
    numbers: np.ndarray
    labels: np.ndarray


def _vocabulary(pages: list[PageTokens], field: str, settings: TaggerSettings) -> list[str]:
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


def _network(n_chars: int, n_cues: int, settings: TaggerSettings):
    import torch
    from torch import nn

    class TaggerNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_emb = nn.EmbeddingBag(n_chars, settings.char_dim, mode="mean")
            self.cue_emb = nn.EmbeddingBag(n_cues, settings.cue_dim, mode="mean")
            width = settings.char_dim + settings.cue_dim + N_NUMBERS
            self.proj = nn.Linear(width, settings.line_dim)
            self.gru = nn.GRU(settings.line_dim, settings.hidden, bidirectional=True)
            self.out = nn.Linear(2 * settings.hidden + settings.line_dim, len(LABELS))

        def forward(self, page: EncodedPage):
            x = torch.cat(
                [
                    self.char_emb(*(torch.from_numpy(a) for a in page.chars)),
                    self.cue_emb(*(torch.from_numpy(a) for a in page.cues)),
                    torch.from_numpy(page.numbers),
                ],
                dim=1,
            )
            x = torch.relu(self.proj(x))
            states, _ = self.gru(x.unsqueeze(1))
            return self.out(torch.cat([states.squeeze(1), x], dim=1))

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


def _epoch_loss(net, pages: list[EncodedPage], optimiser=None) -> float:
    import torch

    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
    total, n_lines = 0.0, 0
    for page in pages:
        loss = loss_fn(net(page), torch.from_numpy(page.labels))
        if optimiser is not None:
            (loss / len(page.labels)).backward()
        total += float(loss.detach())
        n_lines += len(page.labels)
    return total / max(n_lines, 1)


def train_tagger(
    train: list[Sequence],
    dev: list[Sequence],
    classifier: LineClassifier,
    settings: TaggerSettings,
    model_dir: Path,
) -> dict:
    """Fit the line tagger on the train sequences, keep the epoch with the lowest loss on the
    dev sequences, and write its weights and vocabulary to model_dir."""
    import torch

    torch.set_num_threads(1)  # small sequences: one thread is as fast, and the run repeats
    torch.manual_seed(settings.seed)
    started = time.perf_counter()
    tokens = [page_tokens([line for line, _ in s], classifier) for s in train]
    vocab = {f: _vocabulary(tokens, f, settings) for f in ("chars", "cues")}
    ids = {f: {t: i for i, t in enumerate(v)} for f, v in vocab.items()}
    train_pages = [
        _encode(t, [lab for _, lab in s], ids) for t, s in zip(tokens, train, strict=True)
    ]
    dev_pages = [
        _encode(page_tokens([line for line, _ in s], classifier), [lab for _, lab in s], ids)
        for s in dev
    ]
    log.info("tagger: %d train, %d dev pages; %d char, %d cue tokens (%.0f s)", len(train_pages),
             len(dev_pages), len(vocab["chars"]), len(vocab["cues"]),
             time.perf_counter() - started)  # fmt: skip
    net = _network(len(vocab["chars"]), len(vocab["cues"]), settings)
    optimiser = torch.optim.Adam(net.parameters(), lr=settings.learning_rate)
    rng = random.Random(settings.seed)
    best: tuple[float, int, dict] | None = None
    history = []
    for epoch in range(1, settings.epochs + 1):
        net.train()
        order = list(train_pages)
        rng.shuffle(order)
        losses = []
        for k in range(0, len(order), settings.batch_pages):
            optimiser.zero_grad()
            losses.append(_epoch_loss(net, order[k : k + settings.batch_pages], optimiser))
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimiser.step()
        net.eval()
        with torch.no_grad():
            dev_loss = _epoch_loss(net, dev_pages)
        history.append({"epoch": epoch, "train_loss": round(float(np.mean(losses)), 4),
                        "dev_loss": round(dev_loss, 4)})  # fmt: skip
        log.info("epoch %d: %s (%.0f s)", epoch, history[-1], time.perf_counter() - started)
        if best is None or dev_loss < best[0]:
            best = (dev_loss, epoch, _arrays(net))
    _, best_epoch, arrays = best
    model_dir.mkdir(parents=True, exist_ok=True)
    weights_path, vocab_path = tagger_files(model_dir)
    partial = model_dir / f".{weights_path.name}.partial.npz"
    np.savez_compressed(partial, **arrays)
    vocab_path.write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(weights_path)
    return {
        "tagger": {
            **vars(settings),
            "best_epoch": best_epoch,
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

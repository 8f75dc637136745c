"""Fine-tune the LAC encoder on the NER corpora: every batch mixes corpora, each sentence
trains its own scheme's CRF head, and every sentence (labelled or not) also trains LAC's
own output layer towards LAC's original tags (distillation). The examples are built in
examples.py; the dev scores that choose the epoch come from dev_scores.py."""

from __future__ import annotations

import copy
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from pipeline.ner.lexicon_features import LexiconMatcher
from pipeline.ner.runtime import CharIds
from pipeline.ner.schemes import SCHEMES, ZHNEWS
from pipeline.ner_corpora.sentences import TaggedSentence
from pipeline.ner_training.dev_scores import dev_scores
from pipeline.ner_training.examples import Example, Featurizer, lac_crf, pad, training_examples
from pipeline.ner_training.lac_weights import LacWeights
from pipeline.ner_training.network import CharTagger
from pipeline.params import TrainNerParams

log = logging.getLogger(__name__)
CHECKPOINT_FILE = "checkpoint.pt"


def load_weights(model: CharTagger, weights: dict[str, np.ndarray]) -> None:
    """Every parameter of `model` from `weights` (same names and shapes; the CRFs' fixed
    BIO penalties stay the model's own)."""
    state = model.state_dict()
    wanted = {name for name, _ in model.named_parameters()}
    missing, extra = wanted - set(weights), set(weights) - set(state)
    wrong = [n for n in wanted & set(weights) if tuple(state[n].shape) != weights[n].shape]
    if missing or extra or wrong:
        raise ValueError(
            f"the starting model does not fit: missing {sorted(missing)}, unknown "
            f"{sorted(extra)}, other shapes {sorted(wrong)}"
        )
    state.update({name: torch.from_numpy(np.array(weights[name])) for name in wanted})
    model.load_state_dict(state)


def epoch_examples(
    examples: dict[str, list[Example]], passes: dict[str, float], rng: random.Random
) -> list[Example]:
    chosen = []
    for name, items in examples.items():
        share = passes.get(name, 1.0)
        whole, part = int(share), share - int(share)
        for _ in range(whole):
            chosen += items
        chosen += rng.sample(items, round(len(items) * part))
    rng.shuffle(chosen)
    return chosen


def batches(items: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of similar length: sort within pools of 50 batches, then shuffle batches."""
    out = []
    pool = size * 50
    for start in range(0, len(items), pool):
        chunk = sorted(items[start : start + pool], key=lambda e: len(e.ids))
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def batch_loss(model: CharTagger, batch: list[Example], distill_weight: float) -> torch.Tensor:
    ids, lengths, mask = pad([e.ids for e in batch])
    lexicon = pad([e.lexicon for e in batch])[0] if batch[0].lexicon is not None else None
    hidden = model.encode(ids, lengths, lexicon)
    loss = torch.zeros(())
    for name in {e.scheme for e in batch if e.scheme is not None}:
        rows = [i for i, e in enumerate(batch) if e.scheme == name]
        index = torch.tensor(rows)
        tags, _, _ = pad([batch[i].tags for i in rows], ids.shape[1])
        emissions = model.heads[name](hidden[index])
        loss = loss + model.crfs[name].nll(emissions, tags, mask[index])
    labelled = [i for i, e in enumerate(batch) if e.allowed is not None]
    if "zhnews" in model.heads and labelled:
        index = torch.tensor(labelled)
        allowed = torch.zeros((len(labelled), ids.shape[1], len(ZHNEWS.tags)), dtype=torch.bool)
        for row, i in enumerate(labelled):
            allowed[row, : len(batch[i].ids)] = torch.from_numpy(batch[i].allowed)
        allowed[:, :, 0] |= ~mask[index]  # padding: anything goes, it is masked out
        emissions = model.heads["zhnews"](hidden[index])
        loss = loss + model.crfs["zhnews"].partial_nll(emissions, allowed, mask[index])
    loss = loss / len(batch)
    if distill_weight:
        silver, _, _ = pad([e.silver for e in batch])
        logits = model.lac(hidden)
        loss = loss + distill_weight * nn.functional.cross_entropy(logits[mask], silver[mask])
    return loss


@dataclass
class Progress:
    """Where a run stands: the best weights and score so far, the per-epoch history and
    the next epoch to train."""

    best: dict | None = None
    best_score: float = -math.inf
    history: list[dict] = field(default_factory=list)
    next_epoch: int = 1


def optimiser(model: CharTagger, examples: dict[str, list[Example]], settings: TrainNerParams):
    """(AdamW, its schedule): the encoder and the heads at their own rates, both falling
    linearly to `final_lr_share` over `schedule_epochs` (or `epochs`)."""
    encoder = [*model.embedding.parameters(), *model.gru.parameters()]
    heads = [p for n, p in model.named_parameters() if not n.startswith(("embedding", "gru"))]
    optimizer = torch.optim.AdamW(
        [{"params": encoder, "lr": settings.encoder_lr}, {"params": heads, "lr": settings.lr}],
        weight_decay=0.0,
    )
    steps_per_epoch = len(batches(epoch_examples(examples, settings.passes, random.Random(0)),
                                  settings.batch_size, random.Random(0)))  # fmt: skip
    total_steps = max(1, steps_per_epoch * (settings.schedule_epochs or settings.epochs))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: 1 - (1 - settings.final_lr_share) * min(step / total_steps, 1)
    )
    return optimizer, scheduler


def resumed(
    checkpoint: Path | None, settings: TrainNerParams, model, optimizer, scheduler, rng
) -> Progress:
    """The progress saved in `checkpoint` by a run with the same settings (more epochs or
    patience continue it), loaded into the model, optimizer, schedule and generators; a
    fresh start otherwise."""
    if checkpoint is None or not checkpoint.is_file():
        return Progress()
    saved = torch.load(checkpoint, weights_only=False)
    if replace(saved["settings"], epochs=0, patience=0) != replace(settings, epochs=0, patience=0):
        log.info("%s was written with other settings: starting afresh", checkpoint)
        return Progress()
    model.load_state_dict(saved["model"])
    optimizer.load_state_dict(saved["optimizer"])
    scheduler.load_state_dict(saved["scheduler"])
    rng.setstate(saved["rng"])
    torch.set_rng_state(saved["torch_rng"])
    log.info("resuming after epoch %d from %s", saved["epoch"], checkpoint)
    return Progress(saved["best"], saved["best_score"], saved["history"], saved["epoch"] + 1)


def save_checkpoint(
    checkpoint: Path, settings: TrainNerParams, model, optimizer, scheduler, rng, progress
) -> None:
    state = {
        "settings": settings, "epoch": progress.next_epoch - 1, "model": model.state_dict(),
        "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
        "rng": rng.getstate(), "torch_rng": torch.get_rng_state(), "best": progress.best,
        "best_score": progress.best_score, "history": progress.history,
    }  # fmt: skip
    torch.save(state, checkpoint.with_suffix(".tmp"))
    checkpoint.with_suffix(".tmp").replace(checkpoint)


def train_epoch(
    model: CharTagger,
    examples: dict[str, list[Example]],
    settings: TrainNerParams,
    rng: random.Random,
    optimizer,
    scheduler,
    epoch: int,
) -> float:
    """One pass over the epoch's examples; the mean batch loss."""
    model.train()
    started = time.perf_counter()
    items = epoch_examples(examples, settings.passes, rng)
    total, n_chars = 0.0, 0
    plan = batches(items, settings.batch_size, rng)
    for step, batch in enumerate(plan, 1):
        loss = batch_loss(model, batch, settings.distill_weight)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        scheduler.step()
        total += float(loss.detach())
        n_chars += sum(len(e.ids) for e in batch)
        if step % 200 == 0:
            log.info("epoch %d step %d/%d loss %.4f (%.0f chars/s)", epoch, step, len(plan),
                     total / step, n_chars / (time.perf_counter() - started))  # fmt: skip
    return total / max(len(plan), 1)


def epoch_record(epoch: int, loss: float, seconds: float, scores: dict, selection: float) -> dict:
    return {
        "epoch": epoch,
        "loss": round(loss, 5),
        "seconds": round(seconds, 1),
        "dev": {n: s["overall"]["f1"] for n, s in scores.items()},
        "dev_labels": {
            n: {lab: v["f1"] for lab, v in s["labels"].items()} for n, s in scores.items()
        },
        "selection": round(selection, 5),
    }


def stalled(history: list[dict], epoch: int, patience: int) -> bool:
    """More than `patience` epochs since the best selection score."""
    return bool(history) and epoch - max(history, key=lambda r: r["selection"])["epoch"] > patience


def new_model(
    lac: LacWeights,
    corpora: list[str],
    settings: TrainNerParams,
    gazetteers: dict[str, list[str]] | None,
) -> tuple[CharTagger, Featurizer]:
    """LAC's encoder with a head per corpus's scheme (and the zhnews head), and the
    featurizer of its inputs."""
    matcher = LexiconMatcher(gazetteers) if settings.lexicon and gazetteers else None
    schemes = {name: list(SCHEMES[name].tags) for name in corpora}
    if settings.zhnews_head:
        schemes["zhnews"] = list(ZHNEWS.tags)
    model = CharTagger.from_lac(
        lac, schemes, settings.dropout, matcher.n_features if matcher else 0
    )
    return model, Featurizer(CharIds(lac.chars, lac.q2b), matcher)


def fit(
    lac: LacWeights,
    transitions: np.ndarray,
    train: dict[str, list[TaggedSentence]],
    dev: dict[str, list[TaggedSentence]],
    unlabelled: list[str],
    settings: TrainNerParams,
    select: Callable[[dict[str, dict]], float],
    gazetteers: dict[str, list[str]] | None = None,
    work_dir: Path | None = None,
    on_best: Callable[[CharTagger, list[dict]], None] | None = None,
    init_state: dict[str, np.ndarray] | None = None,
) -> tuple[CharTagger, list[dict]]:
    """Train from LAC's weights; keep the epoch whose dev scores `select` ranks highest,
    stopping after `settings.patience` epochs without a better one. With `work_dir`, LAC's
    tags are cached there and a checkpoint written after every epoch, which a later run
    with the same settings resumes from; `on_best` is called with each new best model.
    `init_state` (a trained tagger's weights) replaces LAC's after LAC's own tags are taken.
    Returns the model and the per-epoch history (loss, dev scores, seconds)."""
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    model, featurize = new_model(lac, list(train), settings, gazetteers)
    teacher_crf = lac_crf(lac, transitions)
    examples = training_examples(
        model, teacher_crf, featurize, lac.tags, train, unlabelled, settings, work_dir
    )
    if init_state is not None:
        load_weights(model, init_state)
    optimizer, scheduler = optimiser(model, examples, settings)
    checkpoint = work_dir / CHECKPOINT_FILE if work_dir else None
    progress = resumed(checkpoint, settings, model, optimizer, scheduler, rng)
    for epoch in range(progress.next_epoch, settings.epochs + 1):
        if stalled(progress.history, epoch, settings.patience):
            log.info("no better dev score for %d epochs: stopping", settings.patience)
            break
        started = time.perf_counter()
        loss = train_epoch(model, examples, settings, rng, optimizer, scheduler, epoch)
        scores = dev_scores(model, dev, featurize, settings.zhnews_head)
        score = select(scores)
        record = epoch_record(epoch, loss, time.perf_counter() - started, scores, score)
        progress.history.append(record)
        progress.next_epoch = epoch + 1
        log.info("epoch %d: %s", epoch, record)
        if score > progress.best_score:
            progress.best, progress.best_score = copy.deepcopy(model.state_dict()), score
            if on_best is not None:
                on_best(model, progress.history)
        if checkpoint is not None:
            save_checkpoint(checkpoint, settings, model, optimizer, scheduler, rng, progress)
    model.load_state_dict(progress.best)
    return model, progress.history

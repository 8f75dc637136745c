"""Fine-tune the LAC encoder on the NER corpora: every batch mixes corpora, each sentence
trains its own scheme's CRF head, and every sentence (labelled or not) also trains LAC's
own output layer towards LAC's original tags (distillation)."""

from __future__ import annotations

import copy
import hashlib
import logging
import math
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from pipeline.ner.labels import bio_spans
from pipeline.ner.lexicon_features import LexiconMatcher
from pipeline.ner.runtime import CharIds, lac_bio
from pipeline.ner.schemes import HEADS, SCHEMES, TRUSTED, ZHNEWS, scheme_of
from pipeline.ner_corpora.relabel import join_name_affixes
from pipeline.ner_corpora.sentences import TaggedSentence
from pipeline.ner_training.lac_weights import LacWeights
from pipeline.ner_training.network import CRF, CharTagger
from pipeline.params import TrainNerParams
from pipeline.scores import score_spans

log = logging.getLogger(__name__)
# LAC's entity labels and what they are for the zhnews head (teacher targets).
LAC_LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}
CHECKPOINT_FILE = "checkpoint.pt"
SILVER_FILE = "lac_tags.npz"


@dataclass(frozen=True)
class Example:
    ids: np.ndarray
    lexicon: np.ndarray | None  # (chars, lexicon types) dictionary feature ids
    scheme: str | None  # None: unlabelled text, distillation only
    tags: np.ndarray | None
    silver: np.ndarray  # LAC's own tag for each character
    allowed: np.ndarray | None = None  # (chars, zhnews tags): what the zhnews head may say


class Featurizer:
    """Text -> the model's inputs: char ids and, when the model has them, dictionary
    feature ids."""

    def __init__(self, char_ids: CharIds, lexicon: LexiconMatcher | None) -> None:
        self.char_ids = char_ids
        self.lexicon = lexicon

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray | None]:
        return self.char_ids(text), self.lexicon(text) if self.lexicon else None


def tag_indices(sentence: TaggedSentence, tags: tuple[str, ...]) -> np.ndarray:
    index = {tag: i for i, tag in enumerate(tags)}
    fixed = []
    for i, tag in enumerate(sentence.tags):
        # A piece-initial or stray I-X is read as B-X (bio_spans does the same).
        if tag.startswith("I-") and (i == 0 or sentence.tags[i - 1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        fixed.append(index[tag])
    return np.array(fixed, dtype=np.int64)


def zhnews_allowed(sentence: TaggedSentence, scheme: str) -> np.ndarray:
    """(chars, zhnews tags) bool: inside a span of a label the corpus is trusted for, only
    its gold tag; anywhere else O or any tag of a label the corpus is not trusted for."""
    tags = ZHNEWS.tags
    trusted = TRUSTED[scheme]
    free = np.array([tag == "O" or tag[2:] not in trusted for tag in tags], dtype=bool)
    allowed = np.tile(free, (len(sentence.chars), 1))
    mapping = SCHEMES[scheme].to_zhnews
    for start, end, native in bio_spans(sentence.tags, native=True):
        label = mapping.get(native)
        if label in trusted:
            allowed[start:end] = False
            allowed[start, tags.index(f"B-{label}")] = True
            allowed[start + 1 : end, tags.index(f"I-{label}")] = True
    return allowed


def lac_silver_tags(model: CharTagger, lac_crf: CRF, ids: list[np.ndarray]) -> list[np.ndarray]:
    """LAC's own Viterbi tags for each text (the untouched pretrained model)."""
    out: list[np.ndarray] = [None] * len(ids)  # type: ignore[list-item]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    model.eval()
    with torch.no_grad():
        for start in range(0, len(order), 256):
            chosen = order[start : start + 256]
            batch, lengths, mask = pad([ids[i] for i in chosen])
            emissions = model.lac(model.encode(batch, lengths))
            for i, path in zip(chosen, lac_crf.decode(emissions, mask), strict=True):
                out[i] = np.array(path, dtype=np.int64)
    return out


def teacher_allowed(
    text: str, silver: np.ndarray, lac_tags: tuple[str, ...], trusted: frozenset[str]
) -> np.ndarray:
    """(chars, zhnews tags) bool for a text the corpora never labelled: LAC's own PER/LOC/
    ORG spans (in the project's name convention) as the answer for the `trusted` zhnews
    labels; the other labels are left free, as in `zhnews_allowed`."""
    native = [lac_bio(lac_tags[t]) for t in silver]
    native = [t if t[2:] in LAC_LABELS else "O" for t in native]
    sentence = join_name_affixes(TaggedSentence(tuple(text), tuple(native)), frozenset({"PER"}))
    tags = ZHNEWS.tags
    free = np.array([tag == "O" or tag[2:] not in trusted for tag in tags], dtype=bool)
    allowed = np.tile(free, (len(text), 1))
    for start, end, lac_label in bio_spans(sentence.tags, native=True):
        label = LAC_LABELS[lac_label]
        if label in trusted:
            allowed[start:end] = False
            allowed[start, tags.index(f"B-{label}")] = True
            allowed[start + 1 : end, tags.index(f"I-{label}")] = True
    return allowed


def cached_silver_tags(
    model: CharTagger, lac_crf: CRF, ids: list[np.ndarray], cache: Path | None
) -> list[np.ndarray]:
    """lac_silver_tags, kept in `cache` (an .npz keyed by the texts' ids) between runs."""
    digest = hashlib.sha256()
    for array in ids:
        digest.update(array.tobytes())
        digest.update(b"|")
    key = digest.hexdigest()
    if cache is not None and cache.is_file():
        with np.load(cache) as stored:
            if str(stored["key"]) == key:
                flat, offsets = stored["tags"], stored["offsets"]
                return [flat[offsets[i] : offsets[i + 1]] for i in range(len(ids))]
    tags = lac_silver_tags(model, lac_crf, ids)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        offsets = np.cumsum([0, *(len(t) for t in tags)])
        flat = np.concatenate(tags) if tags else np.zeros(0, dtype=np.int64)
        with tempfile.NamedTemporaryFile(dir=cache.parent, suffix=".npz", delete=False) as f:
            np.savez(f, key=key, tags=flat, offsets=offsets)
        Path(f.name).replace(cache)
    return tags


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


def pad(arrays: list[np.ndarray], width: int | None = None):
    """(batch, lengths, mask): the arrays padded with 0 to `width` or the longest (an
    array may have more dimensions after the first)."""
    lengths = torch.tensor([len(a) for a in arrays])
    shape = (len(arrays), width or int(lengths.max()), *arrays[0].shape[1:])
    batch = torch.zeros(shape, dtype=torch.long)
    for row, array in enumerate(arrays):
        batch[row, : len(array)] = torch.from_numpy(array)
    mask = torch.arange(batch.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
    return batch, lengths, mask


def lac_crf(lac: LacWeights, transitions: np.ndarray) -> CRF:
    """LAC's own CRF: its transition matrix, no BIO constraints (LAC's tag order differs)."""
    crf = CRF(["O"] * len(lac.output_bias))
    with torch.no_grad():
        crf.transitions.copy_(torch.from_numpy(transitions.astype(np.float32)))
    return crf


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


def predict_spans(
    model: CharTagger, scheme: str, inputs: list[tuple], batch_size: int = 256
) -> list[set[tuple[int, int, str]]]:
    """Native-label spans of one head for featurized texts (Featurizer output)."""
    tags = HEADS[scheme].tags
    out: list[set] = [set() for _ in inputs]
    order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][0]))
    model.eval()
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            batch, lengths, mask = pad([inputs[i][0] for i in chosen])
            lexicon = pad([inputs[i][1] for i in chosen])[0] if inputs[0][1] is not None else None
            emissions = model.heads[scheme](model.encode(batch, lengths, lexicon))
            for i, path in zip(chosen, model.crfs[scheme].decode(emissions, mask), strict=True):
                out[i] = bio_spans([tags[t] for t in path], native=True)
    return out


def evaluate_scheme(
    model: CharTagger, scheme: str, sentences: list[TaggedSentence], featurize: Featurizer
) -> dict:
    predicted = predict_spans(model, scheme, [featurize(s.text) for s in sentences])
    gold = [bio_spans(s.tags, native=True) for s in sentences]
    return score_spans(gold, predicted)


def evaluate_zhnews(
    model: CharTagger, scheme: str, sentences: list[TaggedSentence], featurize: Featurizer
) -> dict:
    """The zhnews head against a corpus, on the labels the corpus is trusted for."""
    trusted, mapping = TRUSTED[scheme], SCHEMES[scheme].to_zhnews
    gold = [
        {(s, e, mapping[lab]) for s, e, lab in bio_spans(x.tags, native=True)
         if mapping.get(lab) in trusted}
        for x in sentences
    ]  # fmt: skip
    predicted = [
        {span for span in spans if span[2] in trusted}
        for spans in predict_spans(model, "zhnews", [featurize(x.text) for x in sentences])
    ]
    return score_spans(gold, predicted)


@dataclass
class Progress:
    """Where a run stands: the best weights and score so far, the per-epoch history and
    the next epoch to train."""

    best: dict | None = None
    best_score: float = -math.inf
    history: list[dict] = field(default_factory=list)
    next_epoch: int = 1


def training_examples(
    model: CharTagger,
    teacher_crf: CRF,
    featurize: Featurizer,
    lac_tags: tuple[str, ...],
    train: dict[str, list[TaggedSentence]],
    unlabelled: list[str],
    settings: TrainNerParams,
    work_dir: Path | None,
) -> dict[str, list[Example]]:
    """Every corpus's sentences (and the unlabelled texts, under `unlabelled`) as examples,
    with LAC's own tags for each (cached in `work_dir`)."""
    started = time.perf_counter()
    corpora = [*train.items(), ("unlabelled", None)]
    texts = {
        name: [s.text for s in sentences] if sentences is not None else unlabelled
        for name, sentences in corpora
    }
    inputs = {name: [featurize(t) for t in texts[name]] for name, _ in corpora}
    every = [ids for name, _ in corpora for ids, _ in inputs[name]]
    silver_all = cached_silver_tags(
        model, teacher_crf, every, work_dir / SILVER_FILE if work_dir else None
    )
    teacher_labels = frozenset(settings.teacher_labels)
    examples: dict[str, list[Example]] = {}
    position = 0
    for name, sentences in corpora:
        silver = silver_all[position : position + len(inputs[name])]
        position += len(inputs[name])
        if sentences is None:
            examples[name] = [
                Example(ids, lex, None, None, silver[k],
                        teacher_allowed(texts[name][k], silver[k], lac_tags, teacher_labels)
                        if teacher_labels and settings.zhnews_head else None)
                for k, (ids, lex) in enumerate(inputs[name])
            ]  # fmt: skip
            continue
        tags = SCHEMES[name].tags
        examples[name] = [
            Example(ids, lex, name, tag_indices(sentences[k], tags), silver[k],
                    zhnews_allowed(sentences[k], name) if settings.zhnews_head else None)
            for k, (ids, lex) in enumerate(inputs[name])
        ]  # fmt: skip
    log.info("LAC's own tags for %d texts in %.0f s", len(every), time.perf_counter() - started)
    return examples


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


def dev_scores(
    model: CharTagger,
    dev: dict[str, list[TaggedSentence]],
    featurize: Featurizer,
    zhnews_head: bool,
) -> dict[str, dict]:
    """Each dev set scored by its own scheme's head and, with `zhnews_head`, by the zhnews
    head (as `zhnews@<set>`)."""
    scores = {
        name: evaluate_scheme(model, scheme_of(name), sents, featurize)
        for name, sents in dev.items()
    }
    if zhnews_head:
        scores |= {
            f"zhnews@{name}": evaluate_zhnews(model, scheme_of(name), sents, featurize)
            for name, sents in dev.items()
        }
    return scores


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

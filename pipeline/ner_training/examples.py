"""The training examples of the NER model: each corpus's sentences (and unlabelled news) as
char ids, dictionary features, gold tags of its own scheme, what the zhnews head may say,
and LAC's own tags for distillation."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from pipeline.ner.labels import bio_spans
from pipeline.ner.lexicon_features import LexiconMatcher
from pipeline.ner.runtime import CharIds, lac_bio
from pipeline.ner.schemes import SCHEMES, TRUSTED, ZHNEWS
from pipeline.ner_corpora.relabel import join_name_affixes
from pipeline.ner_corpora.sentences import TaggedSentence
from pipeline.ner_training.lac_weights import LacWeights
from pipeline.ner_training.network import CRF, CharTagger
from pipeline.params import TrainNerParams

log = logging.getLogger(__name__)
# LAC's entity labels and what they are for the zhnews head (teacher targets).
LAC_LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}
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

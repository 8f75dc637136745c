"""The ROLE tagger: a CRF over characters (python-crfsuite) that marks 职务/头衔/身份 spans.

It is trained on the CLUENER `position` spans (minus the held-back share) with features
from pkuseg words, the NER model's entities and the curated title lexicon.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from pipeline.roles.features import Span, sentence_features

log = logging.getLogger(__name__)

MODEL_FILE = "roles.crfsuite"
META_FILE = "meta.json"
ROLE = "ROLE"
Entity = tuple[int, int, str]


class RoleModelError(FileNotFoundError):
    """The role model folder is missing or incomplete; the message says how to build it."""


@dataclass(frozen=True)
class RoleExample:
    text: str
    words: list[Span]
    entities: list[Entity]
    roles: list[Span]


def bio_tags(n_chars: int, spans: Sequence[Span]) -> list[str]:
    tags = ["O"] * n_chars
    for start, end in spans:
        tags[start] = f"B-{ROLE}"
        tags[start + 1 : end] = [f"I-{ROLE}"] * (end - start - 1)
    return tags


def tag_spans(tags: Sequence[str]) -> list[Span]:
    """Spans of B-/I- runs; an I- without a B- opens a span."""
    spans, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != f"I-{ROLE}":
            spans.append((start, i))
            start = None
        if tag == f"B-{ROLE}" or (tag == f"I-{ROLE}" and start is None):
            start = i
    return spans


class RoleTagger:
    def __init__(self, model_dir: Path) -> None:
        path = model_dir / MODEL_FILE
        if not path.is_file():
            raise RoleModelError(f"{path}: role model not found; build it with `make train-roles`")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def spans(self, text: str, words: list[Span], entities: list[Entity]) -> list[Span]:
        if not text:
            return []
        return tag_spans(self._tagger.tag(sentence_features(text, words, entities)))


def train_role_tagger(
    examples: list[RoleExample], c1: float, c2: float, max_iterations: int, model_dir: Path
) -> dict:
    """Fit the CRF and write it with a meta.json; returns the meta."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in examples:
        trainer.append(
            sentence_features(example.text, example.words, example.entities),
            bio_tags(len(example.text), example.roles),
        )
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
        }
    )
    model_dir.mkdir(parents=True, exist_ok=True)
    partial = model_dir / f".{MODEL_FILE}.partial"
    started = time.perf_counter()
    log.info("training the role CRF on %d sentences", len(examples))
    trainer.train(str(partial))
    log.info("trained in %.0f s", time.perf_counter() - started)
    partial.replace(model_dir / MODEL_FILE)
    meta = {
        "n_sentences": len(examples),
        "n_roles": sum(len(e.roles) for e in examples),
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "iterations": trainer.logparser.last_iteration["num"],
    }
    (model_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta

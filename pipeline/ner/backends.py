"""NER backends behind one interface: texts in, character spans with zhnews labels out.

- `zhnews` (default, offline): LAC's pretrained encoder fine-tuned by this project
  (models/ner/), run with onnxruntime.
- `hanlp`: anything `hanlp.load()` accepts: a HanLP pretrained identifier such as
  CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH, which hanlp downloads on first use
  (needs internet), or a local HanLP save folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.ner.hygiene import clean_spans, cut_at_verbs
from pipeline.ner.labels import zhnews_label
from pipeline.ner.runtime import LAC_HEAD
from pipeline.ner.schemes import HEADS
from pipeline.params import NerParams
from pipeline.records import LabelledSpan

log = logging.getLogger(__name__)


class NerModelError(RuntimeError):
    pass


def _predict_non_blank(texts: list[str], predict) -> list[list[LabelledSpan]]:
    """Run `predict` on the texts that hold something (blank texts have no entities), then
    the hygiene rules on every span (pipeline/ner/hygiene.py)."""
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    results: list[list[LabelledSpan]] = [[] for _ in texts]
    if wanted:
        for i, spans in zip(wanted, predict([texts[i] for i in wanted]), strict=True):
            results[i] = clean_spans(texts[i], spans)
    return results


class NerBackend(Protocol):
    def predict(self, texts: list[str]) -> list[list[LabelledSpan]]: ...


def _char_spans(entities) -> list[list[LabelledSpan]]:
    """HanLP char-tagger output [(text, label, begin, end)] per sentence -> char spans."""
    return [
        [(b, e, label) for _, raw, b, e in sentence if (label := zhnews_label(raw)) is not None]
        for sentence in entities
    ]


@dataclass
class ZhnewsNer:
    """The project's own tagger (LAC's encoder fine-tuned, pipeline/ner_training/network.py), loaded
    from a local folder only and run with onnxruntime. Each zhnews label comes from the
    head the model's `labels` names (PERSON/ORG/PLACE from one scheme, ROLE from another)."""

    model_dir: Path
    threads: int = 1

    def __post_init__(self) -> None:
        from pipeline.ner.runtime import CharTaggerRuntime, TaggerMissingError

        try:
            self.runtime = CharTaggerRuntime(self.model_dir, self.threads)
        except TaggerMissingError as error:
            raise NerModelError(str(error)) from None
        self.label_heads: dict[str, str] = self.runtime.meta["labels"]
        self.heads = tuple(dict.fromkeys(self.label_heads.values()))

    def predict(self, texts: list[str]) -> list[list[LabelledSpan]]:
        return _predict_non_blank(texts, self._predict)

    def _predict(self, texts: list[str]) -> list[list[LabelledSpan]]:
        with_lac = self.runtime.lac_tags is not None
        found = self.runtime.spans(texts, (*self.heads, *([LAC_HEAD] if with_lac else [])))
        results = []
        for i in range(len(texts)):
            spans = []
            for head in self.heads:
                mapping = HEADS[head].to_zhnews
                spans += [
                    (s, e, label)
                    for s, e, native in found[head][i]
                    if (label := mapping.get(native)) and self.label_heads.get(label) == head
                ]
            if with_lac:
                # One-character verbs are too ambiguous inside names (办 in 外办).
                verbs = [(s, e) for s, e, pos in found[LAC_HEAD][i] if pos == "v" and e - s > 1]
                spans = cut_at_verbs(spans, verbs)
            results.append(spans)
        return results


def _token_offsets(tokens: list[str], text: str) -> list[tuple[int, int]]:
    """Character offsets of each token in `text`, found in order (whitespace skipped)."""
    offsets, position = [], 0
    for token in tokens:
        start = text.find(token, position)
        if start < 0:
            raise NerModelError(f"token {token!r} not found in {text[:30]!r}…")
        offsets.append((start, start + len(token)))
        position = start + len(token)
    return offsets


@dataclass
class HanlpNer:
    """A model through `hanlp.load()`: a pretrained identifier (downloads) or a local folder.

    A multi-task model is asked for `task` (e.g. ner/msra) and its token offsets are mapped
    back to characters; a single char tagger is fed characters directly.
    """

    identifier: str
    task: str | None = None
    component: Any = None  # an already loaded HanLP component; loaded from identifier if None

    def __post_init__(self) -> None:
        if self.component is not None:
            return
        import hanlp

        from pipeline.ner import hanlp_tagger  # noqa: F401  (a saved zhnews tagger's class)

        log.info("loading HanLP model %s", self.identifier)
        self.component = hanlp.load(self.identifier, devices=-1, verbose=False)

    def predict(self, texts: list[str]) -> list[list[LabelledSpan]]:
        return _predict_non_blank(texts, self._predict)

    def _predict(self, texts: list[str]) -> list[list[LabelledSpan]]:
        if self.task is None:
            return _char_spans(self.component([list(t) for t in texts]))
        document = self.component(texts, tasks=self.task)
        token_key = next(k for k in document if k.startswith("tok"))
        results = []
        for text, tokens, entities in zip(
            texts, document[token_key], document[self.task], strict=True
        ):
            offsets = _token_offsets(tokens, text)
            results.append(
                [
                    (offsets[b][0], offsets[e - 1][1], label)
                    for _, raw, b, e in entities
                    if (label := zhnews_label(raw)) is not None
                ]
            )
        return results


def load_ner(
    backend: str, model_dir: Path, identifier: str, task: str | None, threads: int = 1
) -> NerBackend:
    """The backend named, computing on `threads` threads; `zhnews` never touches the
    network. An empty task means a single char tagger rather than a multi-task model."""
    if backend == "zhnews":
        return ZhnewsNer(model_dir, threads)
    if backend == "hanlp":
        import torch

        torch.set_num_threads(threads)
        return HanlpNer(identifier, task or None)
    raise ValueError(f"params.yaml: ner.backend must be 'zhnews' or 'hanlp', not {backend!r}")


def load_ner_from_params(settings: NerParams, model_dir: Path, threads: int = 1) -> NerBackend:
    """The backend params.yaml `ner` names."""
    return load_ner(
        settings.backend, model_dir, settings.hanlp_identifier, settings.hanlp_task, threads
    )

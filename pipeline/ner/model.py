"""NER backends behind one interface: texts in, character spans with zhnews labels out.

- `zhnews` (default, offline): the char BiLSTM-CRF this project trains into models/ner/.
- `hanlp`: anything `hanlp.load()` accepts: a HanLP pretrained identifier such as
  CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH, which hanlp downloads on first use
  (needs internet), or a local HanLP save folder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.ner.labels import zhnews_label
from pipeline.params import NerParams

log = logging.getLogger(__name__)

CharSpan = tuple[int, int, str]


class NerModelError(RuntimeError):
    pass


def _predict_non_blank(texts: list[str], predict) -> list[list[CharSpan]]:
    """Run `predict` on the texts that hold something; blank texts have no entities."""
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    results: list[list[CharSpan]] = [[] for _ in texts]
    if wanted:
        for i, spans in zip(wanted, predict([texts[i] for i in wanted]), strict=True):
            results[i] = spans
    return results


class NerBackend(Protocol):
    def predict(self, texts: list[str]) -> list[list[CharSpan]]: ...


def _char_spans(entities) -> list[list[CharSpan]]:
    """HanLP char-tagger output [(text, label, begin, end)] per sentence -> char spans."""
    return [
        [(b, e, label) for _, raw, b, e in sentence if (label := zhnews_label(raw)) is not None]
        for sentence in entities
    ]


FULL_WIDTH_OFFSET = 0xFEE0  # ',' (U+002C) + offset = '，' (U+FF0C)


def unseen_punctuation_map(vocabulary: set[str]) -> dict[int, str]:
    """ASCII punctuation the model never saw -> its full-width form, if the model knows that.

    MSRA writes full-width punctuation (，：？), news pages often half-width (,:?); a comma the
    model has never seen is read as part of a name. One character for one, so offsets hold.
    """
    mapping = {}
    for code in range(0x21, 0x7F):
        char, wide = chr(code), chr(code + FULL_WIDTH_OFFSET)
        if not char.isalnum() and char not in vocabulary and wide in vocabulary:
            mapping[code] = wide
    return mapping


# Characters handed to HanLP at once (see ZhnewsCharNer._predict).
SLICE_CHARS = 5_000


@dataclass
class ZhnewsCharNer:
    """The project's own char model, loaded from a local folder only."""

    model_dir: Path
    batch_size: int = 64

    def __post_init__(self) -> None:
        if not (self.model_dir / "config.json").is_file():
            raise NerModelError(
                f"{self.model_dir}: no NER model (config.json); it ships in git, or train it "
                "with `make train-ner`"
            )
        from pipeline.ner.hanlp_tagger import CharNerTagger

        self.tagger = CharNerTagger()
        self.tagger.load(str(self.model_dir), devices=-1, verbose=False)
        vocabulary = set(self.tagger.vocabs["token"].idx_to_token)
        self.char_map = unseen_punctuation_map(vocabulary)

    def predict(self, texts: list[str]) -> list[list[CharSpan]]:
        return _predict_non_blank(texts, self._predict)

    def _predict(self, texts: list[str]) -> list[list[CharSpan]]:
        # HanLP builds its whole input up front and pads each batch to its longest sentence:
        # feed it slices of similar-length sentences, at most SLICE_CHARS characters each,
        # so memory stays flat however long the corpus or its sentences.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        spans: list[list[CharSpan]] = [[] for _ in texts]
        start = 0
        while start < len(order):
            end, size = start, 0
            while end < len(order) and (
                end == start or size + len(texts[order[end]]) <= SLICE_CHARS
            ):
                size += len(texts[order[end]])
                end += 1
            chosen = order[start:end]
            chars = [list(texts[i].translate(self.char_map)) for i in chosen]
            for i, found in zip(
                chosen,
                _char_spans(self.tagger.predict(chars, batch_size=self.batch_size)),
                strict=True,
            ):
                spans[i] = found
            start = end
        return spans


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

    def predict(self, texts: list[str]) -> list[list[CharSpan]]:
        return _predict_non_blank(texts, self._predict)

    def _predict(self, texts: list[str]) -> list[list[CharSpan]]:
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


def load_ner(backend: str, model_dir: Path, identifier: str, task: str | None) -> NerBackend:
    """The backend named; `zhnews` never touches the network. An empty task means a single
    char tagger rather than a multi-task model."""
    if backend == "zhnews":
        return ZhnewsCharNer(model_dir)
    if backend == "hanlp":
        return HanlpNer(identifier, task or None)
    raise ValueError(f"params.yaml: ner.backend must be 'zhnews' or 'hanlp', not {backend!r}")


def load_ner_from_params(settings: NerParams, model_dir: Path) -> NerBackend:
    """The backend params.yaml `ner` names."""
    return load_ner(settings.backend, model_dir, settings.hanlp_identifier, settings.hanlp_task)

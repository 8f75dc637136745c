"""The NER model as a spaCy component: `doc.ents` carries PERSON / ORG / PLACE and
`doc.spans["roles"]` the model's ROLE spans (titles such as 董事长; they may overlap an
entity, so they are not entities).

It runs on a char-segmented Chinese pipeline: every character is a token, so any span the
model finds is a valid `Doc` span (on pkuseg tokens, 丽水市 inside 丽水市政协 would not be).
Whitespace is no token of its own, so a span is aligned to the tokens inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ner.model import NerBackend, load_ner

ROLE = "ROLE"
ROLES_KEY = "roles"


class NerComponent:
    def __init__(self, backend: NerBackend, batch_size: int) -> None:
        self.backend = backend
        self.batch_size = batch_size

    def _set(self, docs: list[Doc]) -> list[Doc]:
        for doc, spans in zip(docs, self.backend.predict([d.text for d in docs]), strict=True):
            aligned = [
                (label, span)
                for s, e, label in spans
                if (span := doc.char_span(s, e, label=label, alignment_mode="contract")) is not None
            ]
            doc.ents = [span for label, span in aligned if label != ROLE]
            doc.spans[ROLES_KEY] = [span for label, span in aligned if label == ROLE]
        return docs

    def __call__(self, doc: Doc) -> Doc:
        return self._set([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size or self.batch_size)):
            yield from self._set(batch)


@Language.factory(
    "zhnews_ner",
    default_config={
        "backend": "zhnews",
        "model_dir": "models/ner",
        "identifier": "",
        "task": "",
        "batch_size": 64,
    },
)
def make_ner(
    nlp: Language,
    name: str,
    backend: str,
    model_dir: str,
    identifier: str,
    task: str,
    batch_size: int,
) -> NerComponent:
    return NerComponent(load_ner(backend, Path(model_dir), identifier, task), batch_size)


def build_ner_nlp(
    model_dir: Path,
    backend: str = "zhnews",
    identifier: str = "",
    task: str = "",
    pkuseg_dir: Path | None = None,
) -> Language:
    """Char-segmented spaCy Chinese with the zhnews_ner component (entities in doc.ents,
    the model's titles in doc.spans["roles"]); with `pkuseg_dir`, also zhnews_roles, which
    adds the title patterns' spans (晶睿电子科技公司董事长)."""
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe(
        "zhnews_ner",
        config={
            "backend": backend,
            "model_dir": str(model_dir),
            "identifier": identifier,
            "task": task,
        },
    )
    if pkuseg_dir is not None:
        import pipeline.roles.component  # noqa: F401  (registers the zhnews_roles factory)

        nlp.add_pipe("zhnews_roles", config={"pkuseg_dir": str(pkuseg_dir)})
    return nlp

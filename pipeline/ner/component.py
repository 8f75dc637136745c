"""The NER model as a spaCy component, so a `Doc` carries PERSON / ORG / PLACE entities.

It runs on a char-segmented Chinese pipeline: every character is a token, so any span the
model finds is a valid `Doc` span (on pkuseg tokens, 丽水市 inside 丽水市政协 would not be).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ner.model import NerBackend, load_ner


class NerComponent:
    def __init__(self, backend: NerBackend, batch_size: int) -> None:
        self.backend = backend
        self.batch_size = batch_size

    def _set(self, docs: list[Doc]) -> list[Doc]:
        for doc, spans in zip(docs, self.backend.predict([d.text for d in docs]), strict=True):
            doc.ents = [doc.char_span(s, e, label=label) for s, e, label in spans]
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
    roles_dir: Path | None = None,
    pkuseg_dir: Path | None = None,
) -> Language:
    """Char-segmented spaCy Chinese with the zhnews_ner component; with `roles_dir` and
    `pkuseg_dir`, also zhnews_roles (ROLE spans in doc.spans["roles"])."""
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
    if roles_dir is not None and pkuseg_dir is not None:
        import pipeline.roles.component  # noqa: F401  (registers the zhnews_roles factory)

        nlp.add_pipe(
            "zhnews_roles", config={"model_dir": str(roles_dir), "pkuseg_dir": str(pkuseg_dir)}
        )
    return nlp

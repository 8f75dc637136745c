"""The spaCy components, on the top floor: they use the NER model, the tokenizer and the
role links, and nothing below imports them.

`zhnews_ner` puts the NER model's PERSON / ORG / PLACE spans in `doc.ents` and its ROLE
spans (titles such as 董事长; they may overlap an entity, so they are not entities) in
`doc.spans["roles"]`. `zhnews_roles` replaces those with the role links' spans and the
model's titles no link uses (the extract stage's rule). Both run on a char-segmented
Chinese pipeline: every character is a token, so any span the model finds is a valid `Doc`
span (on pkuseg tokens, 丽水市 inside 丽水市政协 would not be). Whitespace is no token of
its own, so a span is aligned to the tokens inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ner.model import NerBackend, load_ner
from pipeline.params import ExtractParams
from pipeline.records import Found
from pipeline.roles.links import role_spans, sentence_links
from pipeline.text import SENTENCE_ENDS
from pipeline.tokenize.nlp import build_nlp

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
    puts the role links' spans there (晶睿电子科技公司董事长)."""
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
        nlp.add_pipe("zhnews_roles", config={"pkuseg_dir": str(pkuseg_dir)})
    return nlp


class RolesComponent:
    """doc.spans["roles"]: each role link's role as written with its body (the span linker
    and the title patterns, pipeline/roles/links.py) and the model's titles no link uses,
    by the same rule as the extract stage (role_spans)."""

    def __init__(self, word_nlp: Language, params: ExtractParams) -> None:
        self.word_nlp = word_nlp
        self.params = params

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        starts = {t.idx for t in self.word_nlp.make_doc(text) if not t.is_space}
        model = [Found(e.start_char, e.end_char, e.label_, e.text, "ner") for e in doc.ents]
        if ROLES_KEY in doc.spans:
            model += [
                Found(s.start_char, s.end_char, ROLE, s.text, "ner") for s in doc.spans[ROLES_KEY]
            ]
        links = sentence_links(
            text, self.params, starts, sorted(model, key=lambda s: (s.start, s.end))
        )
        doc.spans[ROLES_KEY] = [
            span
            for found in role_spans(links, model)
            if (
                span := doc.char_span(found.start, found.end, label=ROLE, alignment_mode="contract")
            )
            is not None
        ]
        return doc


@Language.factory(
    "zhnews_roles",
    default_config={"pkuseg_dir": "models/pkuseg", "min_name_chars": 2, "max_name_chars": 3},
)
def make_roles(
    nlp: Language, name: str, pkuseg_dir: str, min_name_chars: int, max_name_chars: int
) -> RolesComponent:
    return RolesComponent(
        build_nlp(Path(pkuseg_dir), SENTENCE_ENDS),
        ExtractParams({}, min_name_chars, max_name_chars),
    )

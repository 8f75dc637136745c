"""The spaCy components, on the top floor: they use the NER model, the tokenizer and the
role links, and nothing below imports them.

`zhnews_ner` puts the NER model's PERSON / ORG / PLACE spans in `doc.ents` and its ROLE
spans (titles such as 董事长; they may overlap an entity, so they are not entities) in
`doc.spans["roles"]`. `zhnews_roles` replaces those with the role links' spans and the
model's titles no link uses (the extract stage's rule). Both run on a char-segmented
Chinese pipeline: every character is a token, so any span the model finds is a valid `Doc`
span (on pkuseg tokens, 丽水市 inside 丽水市政协 would not be). Whitespace is no token of
its own, so a span is aligned to the tokens inside it.

Any Python str goes in. spaCy's string store cannot hold a lone surrogate (U+D800-U+DFFF,
as `surrogateescape` decoding makes), so the tokenizer puts U+FFFD in its place: the text
keeps its length and every offset, and `doc.user_data["replaced_surrogates"]` counts them.
spaCy's 1,000,000-character limit guards models that need memory per token; here the
tagger works on pieces of at most 256 characters and the role links on pieces of
sentences, so any length is taken.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from spacy.lang.zh import Chinese, ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.ner.backends import NerBackend, load_ner
from pipeline.params import ExtractParams
from pipeline.records import Found
from pipeline.roles.links import role_spans, sentence_links
from pipeline.text import SENTENCE_ENDS
from pipeline.tokenize.nlp import build_nlp

ROLE = "ROLE"
ROLES_KEY = "roles"
REPLACED_SURROGATES = "replaced_surrogates"
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# The role links are found per sentence in the extract stage; here the text goes to them
# in pieces of whole sentences of at most this many characters (their cost grows with
# the square of a piece's length, so a long text in one piece would take hours).
ROLE_PIECE_CHARS = 500


class CharTokenizer(ChineseTokenizer):
    """spaCy's char segmenter for any str: a lone surrogate becomes U+FFFD (same offsets)."""

    def __call__(self, text: str) -> Doc:
        clean, replaced = LONE_SURROGATE_RE.subn("\ufffd", text)
        doc = super().__call__(clean)
        if replaced:
            doc.user_data[REPLACED_SURROGATES] = replaced
        return doc


@registry.tokenizers("zhnews.CharTokenizer.v1")
def create_char_tokenizer():
    return lambda nlp: CharTokenizer(nlp.vocab, segmenter="char")


def sentence_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of `text` of at most `limit` characters, each cut after the
    last sentence end it holds (a sentence longer than `limit` is cut at the limit)."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(end) for end in (*SENTENCE_ENDS, "\n")) + 1 or limit
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


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
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "zhnews.CharTokenizer.v1"}}})
    nlp.max_length = sys.maxsize  # the components work in pieces (module docstring)
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
        model = [Found(e.start_char, e.end_char, e.label_, e.text, "ner") for e in doc.ents]
        if ROLES_KEY in doc.spans:
            model += [
                Found(s.start_char, s.end_char, ROLE, s.text, "ner") for s in doc.spans[ROLES_KEY]
            ]
        model.sort(key=lambda s: (s.start, s.end))
        text = doc.text  # built from the tokens on each access
        found: list[Found] = []
        for start, end in sentence_pieces(text, ROLE_PIECE_CHARS):
            found += [
                replace(f, start=f.start + start, end=f.end + start)
                for f in self._piece(text[start:end], start, model)
            ]
        doc.spans[ROLES_KEY] = [
            span
            for f in found
            if (span := doc.char_span(f.start, f.end, label=ROLE, alignment_mode="contract"))
            is not None
        ]
        return doc

    def _piece(self, text: str, offset: int, model: list[Found]) -> list[Found]:
        """Role spans in one piece of the text (offsets into the piece)."""
        starts = {t.idx for t in self.word_nlp.make_doc(text) if not t.is_space}
        inside = [
            replace(f, start=f.start - offset, end=f.end - offset)
            for f in model
            if offset <= f.start and f.end <= offset + len(text)
        ]
        return role_spans(sentence_links(text, self.params, starts, inside), inside)


@Language.factory(
    "zhnews_roles",
    default_config={
        "pkuseg_dir": "models/pkuseg",
        "home_places": "places_zhejiang.tsv",
        "min_name_chars": 2,
        "max_name_chars": 3,
    },
)
def make_roles(
    nlp: Language,
    name: str,
    pkuseg_dir: str,
    home_places: str,
    min_name_chars: int,
    max_name_chars: int,
) -> RolesComponent:
    return RolesComponent(
        build_nlp(Path(pkuseg_dir), SENTENCE_ENDS),
        ExtractParams({}, home_places, min_name_chars, max_name_chars),
    )

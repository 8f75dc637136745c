"""CLUENER sentences -> RoleExamples: pkuseg words and NER entities added to each text."""

from __future__ import annotations

from spacy.language import Language

from pipeline.ner.model import NerBackend
from pipeline.roles.cluener import POSITION, LabelledText
from pipeline.roles.tagger import RoleExample


def pkuseg_words(nlp: Language, texts: list[str]) -> list[list[tuple[int, int]]]:
    """Character spans of the pkuseg words of each text (tokenizer only)."""
    docs = (nlp.make_doc(text) for text in texts)
    return [[(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space] for doc in docs]


def role_examples(rows: list[LabelledText], nlp: Language, ner: NerBackend) -> list[RoleExample]:
    texts = [row.text for row in rows]
    words = pkuseg_words(nlp, texts)
    entities = ner.predict(texts)
    return [
        RoleExample(row.text, w, [tuple(e) for e in ents], sorted(row.spans_of(POSITION)))
        for row, w, ents in zip(rows, words, entities, strict=True)
    ]

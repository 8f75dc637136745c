"""CLUENER sentences -> RoleExamples: pkuseg words and NER entities added to each text."""

from __future__ import annotations

from spacy.language import Language

from pipeline.ner.model import NerBackend, load_ner_from_params
from pipeline.params import Params
from pipeline.paths import NER_DIR, PKUSEG_DIR, ROOT
from pipeline.roles.cluener import POSITION, LabelledText, read_cluener, split_heldback
from pipeline.roles.tagger import RoleExample
from pipeline.tokenize.nlp import build_nlp


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


def cluener_examples(params: Params, part: str) -> list[RoleExample]:
    """RoleExamples of one part of CLUENER train: "rest" (to learn from) or "heldback"
    (read only by the evaluation), split as params.train_roles says."""
    if part not in ("rest", "heldback"):
        raise ValueError(f"part must be 'rest' or 'heldback', not {part!r}")
    settings = params.train_roles
    rows = read_cluener(ROOT / params.data.cluener_train)
    rest, heldback = split_heldback(rows, settings.heldback_share, settings.seed)
    nlp = build_nlp(PKUSEG_DIR, params.tokenize.sentence_end_chars)
    ner = load_ner_from_params(params.ner, NER_DIR)
    return role_examples(rest if part == "rest" else heldback, nlp, ner)

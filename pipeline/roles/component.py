"""ROLE spans as a spaCy component: `doc.spans["roles"]` holds the title patterns' spans
(with their organisation: 晶睿电子科技公司董事长) merged with the NER model's titles
(企业家, 总经理), by the rule of pipeline/roles/spans.py.

It follows `zhnews_ner` on the char-segmented pipeline (`build_ner_nlp(..., pkuseg_dir=…)`),
which has put the model's ROLE spans in `doc.spans["roles"]` and its entities in `doc.ents`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.rules import find_roles
from pipeline.ner.component import ROLE, ROLES_KEY
from pipeline.params import ExtractParams
from pipeline.records import Found
from pipeline.roles.spans import merge_role_spans
from pipeline.text import SENTENCE_ENDS
from pipeline.tokenize.nlp import build_nlp


class RolesComponent:
    def __init__(self, word_nlp: Language, params: ExtractParams) -> None:
        self.word_nlp = word_nlp
        self.params = params

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        starts = {t.idx for t in self.word_nlp.make_doc(text) if not t.is_space}
        orgs = tuple(
            Found(e.start_char, e.end_char, "ORG", e.text, "ner")
            for e in doc.ents
            if e.label_ == "ORG"
        )
        patterns = [link.role for link in find_roles(text, self.params, starts, orgs)]
        model = (
            [Found(s.start_char, s.end_char, ROLE, s.text, "ner") for s in doc.spans[ROLES_KEY]]
            if ROLES_KEY in doc.spans
            else []
        )
        merged = merge_role_spans(patterns, model)
        doc.spans[ROLES_KEY] = [
            span
            for found in merged
            if (
                span := doc.char_span(found.start, found.end, label=ROLE, alignment_mode="contract")
            )
            is not None
        ]
        return doc


@Language.factory(
    "zhnews_roles",
    default_config={
        "pkuseg_dir": "models/pkuseg",
        "min_name_chars": 2,
        "max_name_chars": 3,
    },
)
def make_roles(
    nlp: Language,
    name: str,
    pkuseg_dir: str,
    min_name_chars: int,
    max_name_chars: int,
) -> RolesComponent:
    return RolesComponent(
        build_nlp(Path(pkuseg_dir), SENTENCE_ENDS),
        ExtractParams({}, min_name_chars, max_name_chars),
    )

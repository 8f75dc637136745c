"""ROLE spans as a spaCy component: `doc.spans["roles"]` holds the title patterns' spans
(with their organisation: 晶睿电子科技公司董事长) and the CRF tagger's (企业家).

It follows `zhnews_ner` on the char-segmented pipeline (`build_ner_nlp(..., roles_dir=…)`):
the tagger reads `doc.ents`, and every character span is a valid `Doc` span.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.rules import Found, find_roles
from pipeline.params import ExtractParams
from pipeline.roles.examples import pkuseg_words
from pipeline.roles.tagger import ROLE, RoleTagger
from pipeline.tokenize.nlp import build_nlp

SPANS_KEY = "roles"


class RolesComponent:
    def __init__(self, tagger: RoleTagger, word_nlp: Language, params: ExtractParams) -> None:
        self.tagger = tagger
        self.word_nlp = word_nlp
        self.params = params

    def __call__(self, doc: Doc) -> Doc:
        words = pkuseg_words(self.word_nlp, [doc.text])[0]
        entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        orgs = tuple(
            Found(s, e, "ORG", doc.text[s:e], "ner") for s, e, lab in entities if lab == "ORG"
        )
        starts = {start for start, _ in words}
        spans = {
            (link.role.start, link.role.end)
            for link in find_roles(doc.text, self.params, starts, orgs)
        }
        spans |= set(self.tagger.spans(doc.text, words, entities))
        doc.spans[SPANS_KEY] = [doc.char_span(s, e, label=ROLE) for s, e in sorted(spans)]
        return doc


@Language.factory(
    "zhnews_roles",
    default_config={
        "model_dir": "models/roles",
        "pkuseg_dir": "models/pkuseg",
        "home_province": "浙江省",
        "min_name_chars": 2,
        "max_name_chars": 3,
    },
)
def make_roles(
    nlp: Language,
    name: str,
    model_dir: str,
    pkuseg_dir: str,
    home_province: str,
    min_name_chars: int,
    max_name_chars: int,
) -> RolesComponent:
    return RolesComponent(
        RoleTagger(Path(model_dir)),
        build_nlp(Path(pkuseg_dir), "。！？!?…"),
        ExtractParams(home_province, min_name_chars, max_name_chars),
    )

"""The spaCy components, on the top floor: they use the NER model, the tokenizer and the
extract stage, and nothing below imports them. spaCy finds both through the package's
`spacy_factories` entry points, so `nlp.add_pipe("zhnews_ner")` works after `pip install`.

`zhnews_ner` puts the NER model's PERSON / ORG / PLACE spans in `doc.ents` and its ROLE
spans (titles such as 董事长; they may overlap an entity, so they are not entities) in
`doc.spans["roles"]`. `zhnews_roles` runs the tokenize and extract stages' own code on the
text as one article (pipeline/extract/text.py): `doc.ents` become the mentions table's
PERSON / ORG / PLACE rows (kb_id: the entity_id), `doc.spans["roles"]` its ROLE rows,
`doc._.role_links` the roles table's rows, and the sentences the tokenize stage's. Both run
on a char-segmented Chinese pipeline: every character is a token, so any span is a valid
`Doc` span (on pkuseg tokens, 丽水市 inside 丽水市政协 would not be). Whitespace is no
token of its own, so a span is aligned to the tokens inside it.

A folder left empty in a component's config is the models folder's (pipeline/api.py:
$ZHNEWS_MODELS, else the checkout's models/). The other settings default to params.yaml's
values (tests/test_api.py keeps them equal); `pipeline.load()` passes the checkout's own.

Any Python str goes in. spaCy's string store cannot hold a lone surrogate (U+D800-U+DFFF,
as `surrogateescape` decoding makes), so the tokenizer puts U+FFFD in its place: the text
keeps its length and every offset, and `doc.user_data["replaced_surrogates"]` counts them.
spaCy's 1,000,000-character limit guards models that need memory per token; here the
tagger works on pieces of at most 256 characters and the role links on the tokenize
stage's sentences, so any length is taken.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd
from spacy.lang.zh import Chinese, ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from pipeline.extract.text import ArticleFields, TextTables, text_tables
from pipeline.lexicons.divisions import Divisions, load_divisions
from pipeline.models.folder import part_dir
from pipeline.ner.backends import NerBackend, load_ner
from pipeline.params import ExtractParams
from pipeline.paths import DIVISIONS_DIR, NER_SUBDIR, PKUSEG_SUBDIR
from pipeline.text import SENTENCE_ENDS
from pipeline.tokenize.nlp import build_nlp

ROLE = "ROLE"
ROLES_KEY = "roles"
REPLACED_SURROGATES = "replaced_surrogates"
LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Doc extensions: the role links zhnews_roles writes, and what the caller may tell of the
# text's article before it runs (ArticleFields: title, byline, source_tag, paper).
ROLE_LINKS = "role_links"
ARTICLE = "article"
for _name in (ROLE_LINKS, ARTICLE):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


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
        "model_dir": "",
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
    return NerComponent(
        load_ner(backend, _ner_dir(backend, model_dir), identifier, task), batch_size
    )


def _ner_dir(backend: str, configured: str) -> Path:
    """The zhnews model's folder; the hanlp backend names its model by identifier."""
    return part_dir(configured, NER_SUBDIR) if backend == "zhnews" else Path(configured)


def char_chinese() -> Language:
    """Blank char-segmented spaCy Chinese taking texts of any length (module docstring)."""
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "zhnews.CharTokenizer.v1"}}})
    nlp.max_length = sys.maxsize  # the components work in pieces (module docstring)
    return nlp


def build_ner_nlp(
    model_dir: Path,
    backend: str = "zhnews",
    identifier: str = "",
    task: str = "",
    pkuseg_dir: Path | None = None,
) -> Language:
    """Char-segmented spaCy Chinese with the zhnews_ner component (the model's entities in
    doc.ents, its titles in doc.spans["roles"]); with `pkuseg_dir`, zhnews_roles instead,
    which gives what the extract stage writes (晶睿电子科技公司董事长 in the roles)."""
    nlp = char_chinese()
    ner = {"backend": backend, "model_dir": str(model_dir), "identifier": identifier, "task": task}
    if pkuseg_dir is None:
        nlp.add_pipe("zhnews_ner", config=ner)
    else:
        nlp.add_pipe("zhnews_roles", config={**ner, "pkuseg_dir": str(pkuseg_dir)})
    return nlp


@dataclass(frozen=True)
class DocRoleLink:
    """One row of the roles table for a Doc: a person, one title, its organisation as
    written and in full, the body that holds it, and the sentence (None: the byline)."""

    person: str
    title: str
    role_text: str
    org: str | None
    org_full: str | None
    org_parent: str | None
    sentence: Span | None


class RolesComponent:
    """The extract stage on each Doc's text as one article (pipeline/extract/text.py)."""

    def __init__(
        self,
        word_nlp: Language,
        max_chunk_chars: int,
        ner: NerBackend,
        params: ExtractParams,
        divisions: Divisions,
        paper: str,
    ) -> None:
        self.word_nlp = word_nlp
        self.max_chunk_chars = max_chunk_chars
        self.ner = ner
        self.params = params
        self.divisions = divisions
        self.paper = paper or None

    def __call__(self, doc: Doc) -> Doc:
        article = ArticleFields.from_mapping({"paper": self.paper, **(doc._.get(ARTICLE) or {})})
        tables = text_tables(
            doc.text,  # built from the tokens on each access
            article,
            self.word_nlp,
            self.max_chunk_chars,
            self.ner,
            self.params,
            self.divisions,
        )
        return with_tables(doc, tables)


def _cell(value):
    return None if pd.isna(value) else value


def with_tables(doc: Doc, tables: TextTables) -> Doc:
    """The Doc with the tables' sentences, mentions (entities and ROLE spans) and roles."""
    sentences = {
        row.sentence_idx: doc.char_span(row.start, row.end, alignment_mode="contract")
        for row in tables.sentences.itertuples()
    }
    if sentences:
        starts = {span.start for span in sentences.values() if span is not None} | {0}
        for token in doc:
            token.is_sent_start = token.i in starts
    mentions = [
        span
        for row in tables.mentions.itertuples()
        if (
            span := doc.char_span(
                row.start, row.end, label=row.label, kb_id=_cell(row.entity_id) or "",
                alignment_mode="contract",
            )
        )
        is not None
    ]  # fmt: skip
    doc.ents = [span for span in mentions if span.label_ != ROLE]
    doc.spans[ROLES_KEY] = [span for span in mentions if span.label_ == ROLE]
    doc._.set(
        ROLE_LINKS,
        [
            DocRoleLink(
                row.person, row.title, row.role_text, _cell(row.org), _cell(row.org_full),
                _cell(row.org_parent),
                None if pd.isna(row.sentence_idx) else sentences[int(row.sentence_idx)],
            )
            for row in tables.roles.itertuples()
        ],
    )  # fmt: skip
    return doc


@Language.factory(
    "zhnews_roles",
    default_config={
        # The NER model (as zhnews_ner's), the pkuseg model and the divisions gazetteer.
        "backend": "zhnews",
        "model_dir": "",
        "identifier": "CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH",
        "task": "ner/msra",
        "pkuseg_dir": "",
        "divisions_dir": "",
        # The paper the texts come from ("": none named), and params.yaml's settings.
        "paper": "",
        "home_regions": {"联谊报": "浙江省"},
        "home_places": "places_zhejiang.tsv",
        "min_name_chars": 2,
        "max_name_chars": 3,
        "sentence_end_chars": SENTENCE_ENDS,
        "max_chunk_chars": 2000,
    },
)
def make_roles(
    nlp: Language,
    name: str,
    backend: str,
    model_dir: str,
    identifier: str,
    task: str,
    pkuseg_dir: str,
    divisions_dir: str,
    paper: str,
    home_regions: dict[str, str],
    home_places: str,
    min_name_chars: int,
    max_name_chars: int,
    sentence_end_chars: str,
    max_chunk_chars: int,
) -> RolesComponent:
    return RolesComponent(
        build_nlp(part_dir(pkuseg_dir, PKUSEG_SUBDIR), sentence_end_chars),
        max_chunk_chars,
        load_ner(backend, _ner_dir(backend, model_dir), identifier, task),
        ExtractParams(dict(home_regions), home_places, min_name_chars, max_name_chars),
        load_divisions(Path(divisions_dir) if divisions_dir else DIVISIONS_DIR),
        paper,
    )

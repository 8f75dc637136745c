"""One text through the tokenize and extract stages' own code, as a corpus of one article
on one page: the spaCy component `zhnews_roles` (and so `pipeline.load()`) calls this, so a
text gets the sentences, mentions and role rows the stages would write for it.

What the stages do across articles cannot happen here: a name shortened in another article
of the same page is not made full (with_full_names), a bare title does not take its
organisation from another article of the page (with_same_person_orgs) or of the corpus
(with_corpus_orgs). Within the text each of them runs, as in the stage (docs/api.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd
from spacy.language import Language

from pipeline.extract.tables import assemble_rows, extract_shard
from pipeline.lexicons.divisions import Divisions
from pipeline.ner.backends import NerBackend
from pipeline.params import ExtractParams
from pipeline.tokenize.sentences import tokenize_articles

# The text's article_id and page_id in the tables.
TEXT_ID = "text"


@dataclass(frozen=True)
class ArticleFields:
    """What the segment stage reads off a page besides the body; each may be unknown."""

    title: str | None = None
    byline: str | None = None  # 本报记者 董思婷: its people become reporter rows
    source_tag: str | None = None  # the dateline (新华社北京6月1日电): its agency employs 记者
    paper: str | None = None  # its home region (extract.home_regions) places 省政协

    @classmethod
    def from_mapping(cls, values: dict[str, str | None]) -> ArticleFields:
        """From a dict such as doc._.article; an unknown key is an error naming the known."""
        known = {f.name for f in fields(cls)}
        if unknown := set(values) - known:
            raise ValueError(
                f"doc._.article: unknown keys {sorted(unknown)}; known: {sorted(known)}"
            )
        return cls(**values)


@dataclass(frozen=True)
class TextTables:
    sentences: pd.DataFrame  # the sentences table's rows of the text
    mentions: pd.DataFrame  # the mentions table's, with each one's canonical `name`
    roles: pd.DataFrame  # the roles table's


def text_tables(
    text: str,
    article: ArticleFields,
    word_nlp: Language,
    max_chunk_chars: int,
    ner: NerBackend,
    params: ExtractParams,
    divisions: Divisions,
) -> TextTables:
    """The tables of `text` as the body of one article: the tokenize stage's sentences and
    word starts (word_nlp is its pkuseg pipeline), then the extract stage's shard and
    assembly with the NER model (the entities table, counts over a corpus, is left out)."""
    articles = pd.DataFrame(
        [
            {
                "article_id": TEXT_ID,
                "page_id": TEXT_ID,
                "kind": "article",
                "title": article.title,
                "byline": article.byline,
                "source_tag": article.source_tag,
                "body": text,
            }
        ]
    )
    sentences, tokens = tokenize_articles(articles, word_nlp, max_chunk_chars)
    shard = extract_shard(
        articles, sentences, tokens, params, divisions, ner, {TEXT_ID: article.paper}
    )
    return TextTables(sentences, *assemble_rows([shard]))

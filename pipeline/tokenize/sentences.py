"""Split article bodies into sentences and words, with offsets into `articles.body`."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from spacy.language import Language


def paragraphs(body: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each non-empty paragraph; paragraphs end sentences too."""
    offset = 0
    for paragraph in body.split("\n"):
        if paragraph.strip():
            yield offset, paragraph
        offset += len(paragraph) + 1


def tokenize_articles(articles: pd.DataFrame, nlp: Language) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences and tokens tables for every article with a body."""
    jobs = [
        (article_id, offset, text)
        for article_id, body in zip(articles["article_id"], articles["body"], strict=True)
        for offset, text in paragraphs(body)
    ]
    sentences, tokens = [], []
    sentence_idx: dict[str, int] = {}
    docs = nlp.pipe((text for _, _, text in jobs), batch_size=64)
    for (article_id, offset, _), doc in zip(jobs, docs, strict=True):
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if not words:
                continue
            idx = sentence_idx.get(article_id, 0)
            sentence_idx[article_id] = idx + 1
            start, end = offset + words[0].idx, offset + words[-1].idx + len(words[-1])
            sentences.append((article_id, idx, start, end, doc.text[start - offset : end - offset]))
            tokens += [
                (article_id, idx, i, t.text, offset + t.idx, offset + t.idx + len(t))
                for i, t in enumerate(words)
            ]
    return (
        pd.DataFrame(sentences, columns=["article_id", "sentence_idx", "start", "end", "text"]),
        pd.DataFrame(
            tokens, columns=["article_id", "sentence_idx", "token_idx", "text", "start", "end"]
        ),
    )

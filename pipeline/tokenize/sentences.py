"""Split article bodies into sentences and words, with offsets into `articles.body`."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from spacy.language import Language

from pipeline.text import SENTENCE_ENDS

# Longest text handed to pkuseg and the NER model at once (params: tokenize.max_chunk_chars).
DEFAULT_CHUNK_CHARS = 2000


def chunks(text: str, max_chars: int, ends: str = SENTENCE_ENDS) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text` in pieces of at most `max_chars`, each cut after its last
    sentence end when it has one, else at the limit."""
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(c) for c in ends) + 1
        cut = cut if cut > 0 else max_chars
        yield start, window[:cut]
        start += cut
    yield start, text[start:]


def paragraphs(body: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, text) of each non-empty paragraph, long ones in chunks; paragraphs end
    sentences too."""
    offset = 0
    for paragraph in body.split("\n"):
        if paragraph.strip():
            for start, piece in chunks(paragraph, max_chars):
                if piece.strip():
                    yield offset + start, piece
        offset += len(paragraph) + 1


def tokenize_articles(
    articles: pd.DataFrame, nlp: Language, max_chunk_chars: int = DEFAULT_CHUNK_CHARS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences and tokens tables for every article with a body."""
    jobs = [
        (article_id, offset, text)
        for article_id, body in zip(articles["article_id"], articles["body"], strict=True)
        for offset, text in paragraphs(body, max_chunk_chars)
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

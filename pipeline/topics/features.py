"""Term features over the pkuseg tokens of each article: content words, phrases of two
adjacent words learnt from the corpus (跨境 + 电商 -> 跨境电商), TF-IDF for the geometry and
counts for Naive Bayes and the labels, one vocabulary for all.

Everything works on flat arrays of tokens (one row per token, in text order, with the
article's row number), not on Python lists per article: the topics stage must keep up with
tens of millions of tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from spacy.lang.zh.stop_words import STOP_WORDS

from pipeline.text import CJK

# A term is two or more Chinese characters, two or more Latin letters, or letters with
# digits (5G, G20, C919); numbers, dates, punctuation and Chinese mixed with digits (第1)
# say nothing about topics. Latin keeps its case, so a named topic's `AI` matches.
TERM_RE = re.compile(f"[{CJK}]{{2,}}|[A-Za-z]{{2,}}|(?=[0-9]*[A-Za-z])[A-Za-z0-9]{{2,8}}")
# Corpora smaller than this keep every term: document-frequency cuts need many documents.
MIN_DOCS_FOR_DF_CUTS = 50
# Phrase parts are joined without a separator, as Chinese writes them (AI芯片), except two
# Latin parts, which keep a space (Model 3).
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class TermMatrices:
    tfidf: sparse.csr_matrix
    counts: sparse.csr_matrix
    vocabulary: np.ndarray
    idf: np.ndarray


@dataclass(frozen=True)
class TokenStream:
    """All articles' tokens in text order, as codes into the distinct words: token i is
    `words[codes[i]]` and belongs to article row `doc[i]`."""

    codes: np.ndarray  # int
    words: np.ndarray  # object array of the distinct words
    doc: np.ndarray  # int, non-decreasing
    n_docs: int

    @classmethod
    def of(cls, words, doc: np.ndarray, n_docs: int) -> TokenStream:
        codes, distinct = pd.factorize(words)
        return cls(codes, np.asarray(distinct, dtype=object), np.asarray(doc), n_docs)


def is_content(words: np.ndarray) -> np.ndarray:
    """Which words are topic-bearing terms: TERM_RE, not a stop word."""
    series = pd.Series(words, dtype=object)
    return (series.str.fullmatch(TERM_RE).fillna(False) & ~series.isin(STOP_WORDS)).to_numpy()


def content_terms(words: list[str]) -> list[str]:
    """The topic-bearing terms of a word list, in order."""
    return [
        w for w, keep in zip(words, is_content(np.array(words, dtype=object)), strict=True) if keep
    ]


def stream_of(documents: list[list[str]]) -> TokenStream:
    """A token stream from one word list per document."""
    lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
    words = np.array([w for words in documents for w in words], dtype=object)
    return TokenStream.of(words, np.repeat(np.arange(len(documents)), lengths), len(documents))


def join_phrase(left: str, right: str) -> str:
    if _LATIN.search(left[-1]) and _LATIN.search(right[0]):
        return f"{left} {right}"
    return left + right


@dataclass(frozen=True)
class StreamTerms:
    """Every content word and phrase occurrence: article row `docs[i]` has term
    `names[terms[i]]`."""

    docs: np.ndarray
    terms: np.ndarray
    names: np.ndarray  # object array of str


def _encoded(stream: TokenStream) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word codes, distinct words, content flag of each token): the regex and stop-word
    checks run once per distinct word, not per token."""
    return stream.codes, stream.words, is_content(stream.words)[stream.codes]


def _adjacent_pairs(stream: TokenStream, codes: np.ndarray, content: np.ndarray):
    """Positions i where words i and i+1 are content words of the same article."""
    same = stream.doc[:-1] == stream.doc[1:]
    return np.flatnonzero(content[:-1] & content[1:] & same)


def learn_phrases(stream: TokenStream, min_count: int, min_npmi: float) -> list[str]:
    """Pairs of adjacent content words that occur together at least `min_count` times and
    far more often than chance (normalised PMI ≥ `min_npmi`), as `left\\tright` keys. A
    corpus under MIN_DOCS_FOR_DF_CUTS articles has too few pairs to tell: none."""
    if stream.n_docs < MIN_DOCS_FOR_DF_CUTS or len(stream.codes) < 2:
        return []
    codes, distinct, content = _encoded(stream)
    at = _adjacent_pairs(stream, codes, content)
    if not len(at):
        return []
    keys = codes[at].astype(np.int64) * len(distinct) + codes[at + 1]
    pairs, pair_counts = np.unique(keys, return_counts=True)
    frequent = pair_counts >= min_count
    pairs, pair_counts = pairs[frequent], pair_counts[frequent]
    word_counts = np.bincount(codes[content], minlength=len(distinct)).astype(float)
    n = float(content.sum())
    left, right = pairs // len(distinct), pairs % len(distinct)
    p_pair = pair_counts / n
    npmi = np.log(p_pair / (word_counts[left] / n * word_counts[right] / n)) / -np.log(p_pair)
    kept = npmi >= min_npmi
    return sorted(
        f"{distinct[a]}\t{distinct[b]}" for a, b in zip(left[kept], right[kept], strict=True)
    )


def stream_terms(stream: TokenStream, phrases: list[str]) -> StreamTerms:
    """The content words and the occurrences of the given phrases in the stream."""
    codes, distinct, content = _encoded(stream)
    at = _adjacent_pairs(stream, codes, content) if len(codes) > 1 else np.zeros(0, int)
    index = pd.Index(distinct)
    pairs = [p.split("\t", 1) for p in phrases]
    left = index.get_indexer([a for a, _ in pairs]) if pairs else np.zeros(0, int)
    right = index.get_indexer([b for _, b in pairs]) if pairs else np.zeros(0, int)
    known = (left >= 0) & (right >= 0)
    phrase_keys = pd.Index(left[known].astype(np.int64) * len(distinct) + right[known])
    found = phrase_keys.get_indexer(codes[at].astype(np.int64) * len(distinct) + codes[at + 1])
    hit = found >= 0
    names = np.concatenate(
        [
            distinct,
            np.array(
                [join_phrase(*p) for p, k in zip(pairs, known, strict=True) if k], dtype=object
            ),
        ]
    )
    # A phrase may also be one pkuseg word elsewhere (跨境电商): one term for both.
    same, names = pd.factorize(names)
    return StreamTerms(
        docs=np.concatenate([stream.doc[content], stream.doc[at[hit]]]),
        terms=same[np.concatenate([codes[content], len(distinct) + found[hit]])],
        names=np.asarray(names, dtype=object),
    )


def all_counts(found: StreamTerms, n_docs: int) -> sparse.csr_matrix:
    """Articles x every term found (columns follow `found.names`)."""
    ones = np.ones(len(found.terms), dtype=np.float64)
    shape = (n_docs, len(found.names))
    return sparse.csr_matrix((ones, (found.docs, found.terms)), shape=shape)


def fit_vocabulary(
    counts: sparse.csr_matrix, names: np.ndarray, max_features: int, min_df: int, max_df: float
) -> np.ndarray:
    """Columns of the kept terms, most frequent first (ties by term): in at least `min_df`
    articles and at most a `max_df` share of them (small corpora keep all), at most
    `max_features`."""
    n_docs = counts.shape[0]
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = df > 0
    if n_docs >= MIN_DOCS_FOR_DF_CUTS:
        keep &= (df >= min_df) & (df <= max_df * n_docs)
    columns = np.flatnonzero(keep)
    order = np.lexsort((names[columns].astype(str), -frequency[columns]))
    return columns[order][:max_features]


def count_matrix(found: StreamTerms, n_docs: int, vocabulary: np.ndarray) -> sparse.csr_matrix:
    """Articles x vocabulary counts; terms outside the vocabulary are ignored."""
    column_of_name = pd.Index(vocabulary).get_indexer(found.names)
    columns = column_of_name[found.terms]
    keep = columns >= 0
    ones = np.ones(int(keep.sum()), dtype=np.float64)
    shape = (n_docs, len(vocabulary))
    return sparse.csr_matrix((ones, (found.docs[keep], columns[keep])), shape=shape)


def idf_of(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's TfidfTransformer."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    n = counts.shape[0]
    return np.log((1 + n) / (1 + df)) + 1.0


def tfidf_of(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF-IDF, rows L2-normalised (an all-zero row stays zero)."""
    tfidf = counts.copy()
    tfidf.data = (1.0 + np.log(tfidf.data)) * idf[tfidf.indices]
    norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ tfidf


def term_matrices(
    documents: list[list[str]] | TokenStream,
    max_features: int,
    min_df: int,
    max_df: float,
    phrases: list[str] | None = None,
) -> TermMatrices:
    """Counts and TF-IDF of content words (and the given phrases) of each document."""
    stream = documents if isinstance(documents, TokenStream) else stream_of(documents)
    found = stream_terms(stream, phrases or [])
    every = all_counts(found, stream.n_docs)
    columns = fit_vocabulary(every, found.names, max_features, min_df, max_df)
    counts, vocabulary = every[:, columns].tocsr(), found.names[columns]
    idf = idf_of(counts)
    return TermMatrices(tfidf_of(counts, idf), counts, vocabulary, idf)

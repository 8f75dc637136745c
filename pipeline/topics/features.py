"""Term features over the pkuseg tokens of each article: TF-IDF for the geometry, raw counts
for the Naive Bayes refinement, one vocabulary for both."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from spacy.lang.zh.stop_words import STOP_WORDS

from pipeline.text import CJK

# A term is two or more Chinese characters or Latin letters; numbers, dates, punctuation and
# mixed tokens (第1, [图) say nothing about topics.
TERM_RE = re.compile(f"[{CJK}]{{2,}}|[A-Za-z]{{2,}}")
# Corpora smaller than this keep every term: document-frequency cuts need many documents.
MIN_DOCS_FOR_DF_CUTS = 50


@dataclass(frozen=True)
class TermMatrices:
    tfidf: sparse.csr_matrix
    counts: sparse.csr_matrix
    vocabulary: np.ndarray


def content_terms(words: list[str]) -> list[str]:
    """The topic-bearing terms of a word list, Latin lower-cased, stop words removed."""
    return [w.lower() for w in words if TERM_RE.fullmatch(w) and w not in STOP_WORDS]


def article_terms(tokens: pd.DataFrame) -> pd.Series:
    """article_id -> list of content terms, in text order."""
    return tokens.groupby("article_id", sort=True)["text"].apply(lambda t: content_terms(list(t)))


def term_matrices(
    documents: list[list[str]], max_features: int, min_df: int, max_df: float
) -> TermMatrices:
    """TF-IDF (sublinear tf) and counts over pre-split terms. Terms in fewer than `min_df`
    documents or in more than `max_df` of them are dropped (small corpora keep all)."""
    small = len(documents) < MIN_DOCS_FOR_DF_CUTS
    vectorizer = TfidfVectorizer(
        analyzer=lambda words: words,
        max_features=max_features,
        min_df=1 if small else min_df,
        max_df=1.0 if small else max_df,
        sublinear_tf=True,
    )
    tfidf = vectorizer.fit_transform(documents)
    counts = CountVectorizer(
        analyzer=lambda words: words, vocabulary=vectorizer.vocabulary_
    ).fit_transform(documents)
    return TermMatrices(tfidf.tocsr(), counts.tocsr(), vectorizer.get_feature_names_out())

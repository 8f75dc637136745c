"""TF-IDF features over the pkuseg tokens of each article, stop words and noise removed."""

from __future__ import annotations

import re

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.lang.zh.stop_words import STOP_WORDS

# A term must hold a letter; pure numbers, dates and punctuation say nothing about topics.
TERM_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def article_terms(tokens: pd.DataFrame) -> pd.Series:
    """article_id -> list of content terms, in text order."""
    keep = tokens["text"].map(
        lambda t: len(t) >= 2 and t not in STOP_WORDS and bool(TERM_RE.search(t))
    )
    return tokens[keep].groupby("article_id", sort=True)["text"].apply(list)


def tfidf(terms: pd.Series, max_features: int):
    """(matrix, vocabulary) over pre-split terms; sublinear tf dampens repeated words."""
    vectorizer = TfidfVectorizer(
        analyzer=lambda words: words, max_features=max_features, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(terms.tolist())
    return matrix, vectorizer.get_feature_names_out()

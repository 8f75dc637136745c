"""Topics by NMF over TF-IDF: each topic named by its top terms or by a named topic list."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF

from pipeline.params import TopicParams
from pipeline.topics.features import article_terms, tfidf

# An article belongs to every topic that carries at least this share of its weight.
MIN_TOPIC_SHARE = 0.2


@dataclass(frozen=True)
class Topics:
    topics: pd.DataFrame
    article_topics: pd.DataFrame


def name_topics(top_terms: list[list[str]], named: dict[str, tuple[str, ...]]) -> list[str]:
    """A topic takes the name whose keywords it ranks highest; each name is used once.
    Unnamed topics are labelled by their three top terms."""
    scores = []
    for topic, terms in enumerate(top_terms):
        for name, keywords in named.items():
            hits = [rank for rank, term in enumerate(terms) if term in keywords]
            if hits:
                scores.append((-len(hits), min(hits), topic, name))
    labels: dict[int, str] = {}
    for _, _, topic, name in sorted(scores):
        if topic not in labels and name not in labels.values():
            labels[topic] = name
    return [labels.get(t, "/".join(terms[:3])) for t, terms in enumerate(top_terms)]


def fit_topics(tokens: pd.DataFrame, params: TopicParams) -> Topics:
    terms = article_terms(tokens)
    n_topics = min(params.n_topics, len(terms))
    if n_topics == 0:
        return Topics(
            pd.DataFrame(columns=["topic_id", "label", "top_terms", "n_articles"]),
            pd.DataFrame(columns=["article_id", "topic_id", "weight"]),
        )
    matrix, vocabulary = tfidf(terms, params.max_features)
    model = NMF(n_components=n_topics, init="nndsvda", random_state=params.seed, max_iter=500)
    weights = model.fit_transform(matrix)
    # Ties between equal weights break on term order, so labels are stable across runs.
    order = np.argsort(-model.components_, axis=1, kind="stable")
    top_terms = [[str(vocabulary[i]) for i in row[: params.top_terms]] for row in order]
    labels = name_topics(top_terms, params.named_topics)

    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    rows = []
    for article_id, row in zip(terms.index, shares, strict=True):
        best = int(row.argmax())
        for topic, share in enumerate(row):
            if topic == best or share >= MIN_TOPIC_SHARE:
                rows.append((article_id, topic, round(float(share), 6)))
    article_topics = pd.DataFrame(rows, columns=["article_id", "topic_id", "weight"])
    best_topic = shares.argmax(axis=1)
    topics = pd.DataFrame(
        {
            "topic_id": range(n_topics),
            "label": labels,
            "top_terms": top_terms,
            "n_articles": [int((best_topic == t).sum()) for t in range(n_topics)],
        }
    )
    return Topics(topics=topics, article_topics=article_topics)

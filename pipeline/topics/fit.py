"""The topics stage's work: from the tokens table to the topic tables and a saved model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.params import TopicParams
from pipeline.topics.cluster import Clustering, cluster_documents
from pipeline.topics.features import TokenStream, learn_phrases, term_matrices
from pipeline.topics.hierarchy import HIERARCHY_COLUMNS, hierarchy_table, merge_tree
from pipeline.topics.labels import OUTLIER_LABEL, name_topics, top_terms, topic_term_counts
from pipeline.topics.model import TopicModel

# An article belongs to every topic that carries at least this share of its weight.
MIN_TOPIC_SHARE = 0.2
OUTLIER = -1
TOPIC_COLUMNS = ["topic_id", "label", "top_terms", "n_articles"]
ARTICLE_TOPIC_COLUMNS = ["article_id", "topic_id", "weight"]


@dataclass(frozen=True)
class Topics:
    topics: pd.DataFrame
    article_topics: pd.DataFrame
    hierarchy: pd.DataFrame
    model: TopicModel | None


def token_stream(tokens: pd.DataFrame) -> tuple[TokenStream, np.ndarray]:
    """The tokens table (article_id, text; in text order within an article) as a stream over
    its articles sorted by id, and those ids."""
    doc, ids = pd.factorize(tokens["article_id"], sort=True)
    codes, words = pd.factorize(tokens["text"])
    order = np.argsort(doc, kind="stable")
    stream = TokenStream(codes[order], np.asarray(words, dtype=object), doc[order], len(ids))
    return stream, np.asarray(ids, dtype=object)


def article_topic_rows(article_ids: np.ndarray, clustering: Clustering) -> pd.DataFrame:
    """An outlier's one row (-1, weight 1), or the strongest topic and any with weight ≥
    MIN_TOPIC_SHARE."""
    probabilities = clustering.probabilities
    best = probabilities.argmax(axis=1)
    keep = probabilities >= MIN_TOPIC_SHARE
    keep[np.arange(len(best)), best] = True
    keep[clustering.labels == OUTLIER] = False
    docs, topics = np.nonzero(keep)
    outliers = np.flatnonzero(clustering.labels == OUTLIER)
    rows = pd.DataFrame(
        {
            "article_id": np.concatenate([article_ids[docs], article_ids[outliers]]),
            "topic_id": np.concatenate([topics, np.full(len(outliers), OUTLIER)]),
            "weight": np.concatenate(
                [probabilities[docs, topics].round(6), np.ones(len(outliers))]
            ),
        }
    )
    return rows.sort_values(["article_id", "topic_id"], kind="stable").reset_index(drop=True)


def empty_topics() -> Topics:
    return Topics(
        pd.DataFrame(columns=TOPIC_COLUMNS),
        pd.DataFrame(columns=ARTICLE_TOPIC_COLUMNS),
        pd.DataFrame(columns=HIERARCHY_COLUMNS),
        None,
    )


def fit_topics(tokens: pd.DataFrame, params: TopicParams) -> Topics:
    """Topics of the articles in `tokens`: the topics table (the outlier topic -1 first),
    article_topics, the merge tree, and the model that assigns new articles."""
    stream, article_ids = token_stream(tokens)
    if stream.n_docs == 0:
        return empty_topics()
    phrases = learn_phrases(stream, params.phrase_min_count, params.phrase_min_npmi)
    matrices = term_matrices(stream, params.max_features, params.min_df, params.max_df, phrases)
    clustering = cluster_documents(matrices, params.n_topics, params)
    n_topics = clustering.n_topics
    # The outliers are one more class for the labels: their words are then not counted as
    # any topic's, and the -1 row lists what they are about.
    classes = np.where(clustering.labels == OUTLIER, n_topics, clustering.labels)
    counts = topic_term_counts(matrices.counts, classes, n_topics + 1)
    terms = top_terms(counts, matrices.vocabulary, params.top_terms, params.label_min_lift)
    labels = name_topics(terms[:n_topics], params.named_topics, params.label_terms)
    sizes = np.bincount(classes, minlength=n_topics + 1)
    topics = pd.DataFrame(
        {
            "topic_id": [OUTLIER, *range(n_topics)],
            "label": [OUTLIER_LABEL, *labels],
            "top_terms": [terms[n_topics], *terms[:n_topics]],
            "n_articles": [int(sizes[n_topics]), *map(int, sizes[:n_topics])],
        }
    )
    leaf_counts = counts[:n_topics]
    hierarchy = hierarchy_table(
        merge_tree(leaf_counts),
        leaf_counts,
        matrices.vocabulary,
        sizes[:n_topics].tolist(),
        params.top_terms,
        params.label_min_lift,
    )
    model = TopicModel(
        phrases=phrases,
        vocabulary=matrices.vocabulary,
        idf=matrices.idf,
        projection=clustering.projection,
        centroids=clustering.centroids,
        log_weights=clustering.log_weights,
        min_similarity=params.outlier_similarity,
        labels=labels,
    )
    return Topics(topics, article_topic_rows(article_ids, clustering), hierarchy, model)


def topic_months(article_topics: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Topic x month: the articles whose strongest topic it is (outliers as -1), by the
    month of the article's date; undated articles are left out."""
    best = article_topics.sort_values("weight", ascending=False, kind="stable")
    best = best.drop_duplicates("article_id")[["article_id", "topic_id"]]
    dated = best.merge(articles[["article_id", "date"]], on="article_id").dropna(subset=["date"])
    dated["month"] = pd.to_datetime(dated["date"]).dt.to_period("M").dt.to_timestamp()
    counts = dated.groupby(["topic_id", "month"]).size().rename("n_articles").reset_index()
    totals = counts.groupby("month")["n_articles"].transform("sum")
    counts["share"] = (counts["n_articles"] / totals).round(6)
    return counts.sort_values(["month", "topic_id"], kind="stable").reset_index(drop=True)

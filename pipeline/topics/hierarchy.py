"""The topic merge tree: topics joined pairwise by the similarity of their word use (Ward
linkage over their L2-normalised class-based TF-IDF rows, as BERTopic's
hierarchical_topics), so a reader can zoom out from the fitted topics to a few themes.

Leaves are the topics 0..n-1; merge i makes node n+i from two earlier nodes. Cutting the
tree after the first n-k merges gives k groups (`topics_at`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from sklearn.preprocessing import normalize

from pipeline.topics.labels import class_tfidf, top_terms

HIERARCHY_COLUMNS = [
    "node_id",
    "left_id",
    "right_id",
    "distance",
    "n_topics_after",
    "n_articles",
    "label",
    "top_terms",
]


def merge_tree(term_counts: sparse.csr_matrix) -> np.ndarray:
    """scipy linkage matrix of the topics (rows of `term_counts`); empty for one topic."""
    if term_counts.shape[0] < 2:
        return np.zeros((0, 4))
    vectors = normalize(class_tfidf(term_counts))
    return linkage(vectors, method="ward", optimal_ordering=False)


def hierarchy_table(
    tree: np.ndarray,
    term_counts: sparse.csr_matrix,
    vocabulary: np.ndarray,
    n_articles: list[int],
    n_terms: int,
    min_lift: float,
) -> pd.DataFrame:
    """One row per merge: the new node, its two children, the merge distance, how many
    groups remain after it, and the merged node's articles, label and top terms."""
    n_topics = term_counts.shape[0]
    node_counts = [term_counts[i] for i in range(n_topics)]
    node_articles = list(n_articles)
    rows = []
    for step, (left, right, distance, _) in enumerate(tree):
        left, right = int(left), int(right)
        node_counts.append(node_counts[left] + node_counts[right])
        node_articles.append(node_articles[left] + node_articles[right])
        rows.append((n_topics + step, left, right, round(float(distance), 6), n_topics - step - 1))
    terms: list[list[str]] = []
    if rows:
        merged = sparse.vstack(node_counts[n_topics:]).tocsr()
        terms = top_terms(merged, vocabulary, n_terms, min_lift, corpus=term_counts)
    return pd.DataFrame(
        [
            (*row, node_articles[row[0]], "/".join(t[:3]), t)
            for row, t in zip(rows, terms, strict=True)
        ],
        columns=HIERARCHY_COLUMNS,
    )


def topics_at(hierarchy: pd.DataFrame, n_topics: int, n_groups: int) -> dict[int, int]:
    """topic_id -> the node it belongs to when the tree is cut into `n_groups` groups."""
    parent = {}
    for row in hierarchy.itertuples():
        if row.n_topics_after >= n_groups:
            parent[row.left_id] = row.node_id
            parent[row.right_id] = row.node_id

    def root(node: int) -> int:
        while node in parent:
            node = parent[node]
        return node

    return {topic: root(topic) for topic in range(n_topics)}

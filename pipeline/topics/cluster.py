"""Cluster articles into topics: how many, which article where, which are outliers.

Document vectors are LSA (truncated SVD of the TF-IDF, rows L2-normalised). The number of
topics is found from the data: k-means cuts the articles into many small groups
(`micro_per_sqrt` x sqrt(articles)), and groups are merged while their word use is alike
(Ward linkage of their class-based TF-IDF rows, cut at `merge_distance`); a corpus under
MIN_DOCS_FOR_DF_CUTS articles (the dozen seed articles) gets k = ceil(sqrt(articles)), the
usual rule of thumb. `topics.n_topics` asks for a number instead (k-means). Either way a
Complement Naive Bayes classifier, trained on the share of each topic it is surest of,
reassigns every article, a few rounds: it uses the words' counts, which the dense vectors
blur. An article far from its topic's centre (cosine below `outlier_similarity`) or with
no known term is an outlier (-1).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.naive_bayes import ComplementNB
from sklearn.preprocessing import normalize

from pipeline.params import TopicParams
from pipeline.topics.features import MIN_DOCS_FOR_DF_CUTS, TermMatrices
from pipeline.topics.labels import class_tfidf, topic_term_counts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # topic of each document, -1 for an outlier
    probabilities: np.ndarray  # documents x topics, rows sum to 1
    points: np.ndarray  # unit LSA vectors of the documents
    projection: np.ndarray  # LSA dims x terms
    centroids: np.ndarray  # topics x dims, unit length
    log_weights: np.ndarray  # topics x terms, the Naive Bayes model

    @property
    def n_topics(self) -> int:
        return len(self.centroids)


def lsa_vectors(tfidf: sparse.csr_matrix, dims: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(unit document vectors, projection) of a truncated SVD of `tfidf`."""
    n_docs, n_terms = tfidf.shape
    dims = max(1, min(dims, n_docs - 1, n_terms - 1))
    svd = TruncatedSVD(dims, random_state=seed).fit(tfidf)
    return normalize(svd.transform(tfidf)), svd.components_


def micro_topics(points: np.ndarray, params: TopicParams) -> np.ndarray:
    """k-means labels of many small groups: `micro_per_sqrt` x sqrt(documents) of them."""
    k = min(len(points), int(np.ceil(params.micro_per_sqrt * np.sqrt(len(points)))))
    return KMeans(k, n_init=1, random_state=params.seed).fit(points).labels_


def merged_topics(counts: sparse.csr_matrix, micro: np.ndarray, params: TopicParams) -> np.ndarray:
    """The small groups merged while their word use is alike: Ward linkage of their
    class-based TF-IDF rows, cut at `merge_distance`. Returns each document's topic."""
    n_micro = int(micro.max()) + 1
    if n_micro < 2:
        return micro
    vectors = normalize(class_tfidf(topic_term_counts(counts, micro, n_micro)))
    tree = linkage(vectors, method="ward")
    groups = fcluster(tree, params.merge_distance, criterion="distance") - 1
    return groups[micro]


def kmeans_cores(points: np.ndarray, n_topics: int, params: TopicParams) -> np.ndarray:
    """k-means labels of the points with the number of topics asked for."""
    kmeans = KMeans(n_topics, n_init=params.kmeans_n_init, random_state=params.seed)
    return kmeans.fit(points).labels_


def _centroids(points: np.ndarray, labels: np.ndarray, n_topics: int) -> np.ndarray:
    sums = np.zeros((n_topics, points.shape[1]))
    np.add.at(sums, labels[labels >= 0], points[labels >= 0])
    return normalize(sums)


def refine(counts: sparse.csr_matrix, points: np.ndarray, cores: np.ndarray, params: TopicParams):
    """Naive Bayes rounds from the cores: each round learns from the `refine_share` of each
    topic it is surest of (nearest the centre at first, then by its own posterior) and
    reassigns every document. Returns (labels, probabilities, log weights); topics left
    empty are dropped."""
    n_topics = int(cores.max()) + 1
    labels = cores
    centroids = _centroids(points, labels, n_topics)
    confidence = np.einsum("ij,ij->i", points, centroids[labels])
    model = None
    for _ in range(max(1, params.refine_rounds)):
        keep = np.zeros(len(labels), dtype=bool)
        for topic in np.unique(labels):
            members = np.flatnonzero(labels == topic)
            nearest = members[np.argsort(-confidence[members], kind="stable")]
            keep[nearest[: max(1, round(len(members) * params.refine_share))]] = True
        if len(np.unique(labels[keep])) < 2:
            break
        model = ComplementNB(alpha=params.nb_alpha).fit(counts[keep], labels[keep])
        probabilities = model.predict_proba(counts)
        labels = model.classes_[probabilities.argmax(axis=1)]
        confidence = probabilities.max(axis=1)
    if model is None:  # one topic: everything in it
        weights = np.zeros((1, counts.shape[1]))
        return np.zeros(len(labels), dtype=int), np.ones((len(labels), 1)), weights
    probabilities = model.predict_proba(counts)
    labels = probabilities.argmax(axis=1)
    used = np.unique(labels)
    remap = np.full(len(model.classes_), -1)
    remap[used] = np.arange(len(used))
    probabilities = probabilities[:, used]
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return remap[labels], probabilities, model.feature_log_prob_[used]


def cluster_documents(
    matrices: TermMatrices, n_topics: int | None, params: TopicParams
) -> Clustering:
    """Topics of the documents: found from the data (`n_topics` None) or that many."""
    points, projection = lsa_vectors(matrices.tfidf, params.lsa_dims, params.seed)
    n_docs = len(points)
    if n_topics is None and n_docs < MIN_DOCS_FOR_DF_CUTS:
        # Too few articles for word-use statistics of groups: the rule of thumb k = sqrt(n).
        cores = kmeans_cores(points, int(np.ceil(np.sqrt(n_docs))), params)
    elif n_topics is None:
        cores = merged_topics(matrices.counts, micro_topics(points, params), params)
    else:
        cores = kmeans_cores(points, min(n_topics, n_docs), params)
    log.info(
        "%d documents: %d topic cores, %d not in a core", n_docs, cores.max() + 1, (cores < 0).sum()
    )
    labels, probabilities, log_weights = refine(matrices.counts, points, cores, params)
    centroids = _centroids(points, labels, probabilities.shape[1])
    similarity = np.einsum("ij,ij->i", points, centroids[labels])
    empty = np.asarray(matrices.counts.sum(axis=1)).ravel() == 0
    labels = np.where(empty | (similarity < params.outlier_similarity), -1, labels)
    return Clustering(labels, probabilities, points, projection, centroids, log_weights)

"""A fitted topic model as plain arrays in one .npz file (no pickle: loading runs no code),
and `transform`, which assigns new articles to its topics without refitting.

What it holds: the learnt phrases and vocabulary with their IDF, the LSA projection, each
topic's unit centroid in LSA space, the Naive Bayes term weights that give the topics'
probabilities, the outlier threshold, and the topics' ids and labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import softmax
from sklearn.preprocessing import normalize

from pipeline.io import atomic_path
from pipeline.topics.features import TokenStream, count_matrix, stream_terms, tfidf_of

FORMAT_VERSION = 1
# The topics stage writes the model beside its tables: outputs/topic_model.npz.
MODEL_FILE_NAME = "topic_model.npz"


class TopicModelError(ValueError):
    """A model file that is missing or not a zhnews topic model; the message names it."""


@dataclass(frozen=True)
class TopicModel:
    phrases: list[str]
    vocabulary: np.ndarray  # str
    idf: np.ndarray  # per term
    projection: np.ndarray  # LSA dims x terms
    centroids: np.ndarray  # topics x LSA dims, unit length
    log_weights: np.ndarray  # topics x terms: Naive Bayes log weights
    min_similarity: float  # an article less similar than this to its topic is an outlier
    labels: list[str]
    # What it was fitted with (the topics stage's settings, code and tokens; a hash): a run
    # with others refits instead of assigning with it.
    settings: str = ""

    def vectors(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Unit LSA vectors of articles given their term counts."""
        return normalize(tfidf_of(counts, self.idf) @ self.projection.T)

    def probabilities(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Articles x topics: the Naive Bayes posterior of each topic."""
        return softmax(np.asarray(counts @ self.log_weights.T), axis=1)

    def transform(self, stream: TokenStream) -> tuple[np.ndarray, np.ndarray]:
        """(topic of each article, articles x topics probabilities) for new articles; -1
        for an article with no known term or too far from its topic's centroid."""
        counts = count_matrix(stream_terms(stream, self.phrases), stream.n_docs, self.vocabulary)
        probabilities = self.probabilities(counts)
        topics = probabilities.argmax(axis=1)
        similarity = np.einsum("ij,ij->i", self.vectors(counts), self.centroids[topics])
        empty = np.asarray(counts.sum(axis=1)).ravel() == 0
        topics[empty | (similarity < self.min_similarity)] = -1
        return topics, probabilities


def save_model(model: TopicModel, path: Path) -> None:
    """Write the model to `path` (.npz), atomically."""
    meta = {
        "format": FORMAT_VERSION,
        "min_similarity": model.min_similarity,
        "labels": model.labels,
        "settings": model.settings,
    }
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        np.savez_compressed(
            handle,
            meta=np.array(json.dumps(meta, ensure_ascii=False)),
            phrases=np.array(model.phrases, dtype=str),
            vocabulary=np.array(model.vocabulary, dtype=str),
            idf=model.idf,
            projection=model.projection.astype(np.float32),
            centroids=model.centroids.astype(np.float32),
            log_weights=model.log_weights.astype(np.float32),
        )


def load_model(path: Path) -> TopicModel:
    """Read a model written by save_model; a clear error if it is missing or not one."""
    if not path.is_file():
        raise TopicModelError(f"{path}: no topic model; run `dvc repro topics`")
    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("format") != FORMAT_VERSION:
                raise TopicModelError(
                    f"{path}: topic model format {meta.get('format')}, expected {FORMAT_VERSION}"
                )
            return TopicModel(
                phrases=arrays["phrases"].tolist(),
                vocabulary=arrays["vocabulary"].astype(object),
                idf=arrays["idf"],
                projection=arrays["projection"].astype(np.float64),
                centroids=arrays["centroids"].astype(np.float64),
                log_weights=arrays["log_weights"].astype(np.float64),
                min_similarity=float(meta["min_similarity"]),
                labels=list(meta["labels"]),
                settings=meta.get("settings", ""),
            )
    except (OSError, ValueError, KeyError) as error:
        if isinstance(error, TopicModelError):
            raise
        raise TopicModelError(f"{path}: not a zhnews topic model: {error}") from None

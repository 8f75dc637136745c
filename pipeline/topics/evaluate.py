"""Topic clustering measured on labelled news: SogouC.reduced (9 labels) and a THUCNews
sample (10 labels). Segmentation runs in worker processes (pkuseg is single-threaded)."""

from __future__ import annotations

import gzip
import json
import logging
import time
from pathlib import Path

from sklearn import metrics

from pipeline.ner.corpus import CorpusError
from pipeline.parallel import dask_client, map_partitions
from pipeline.params import TopicParams
from pipeline.topics.cluster import cluster_documents
from pipeline.topics.features import content_terms, term_matrices

log = logging.getLogger(__name__)


def read_sogouc(path: Path) -> tuple[list[str], list[str]]:
    """(texts, category ids) of the SogouC JSON Lines; `&nbsp` entities become spaces."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: SogouC file not found")
    texts, labels = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line)
                texts.append(record["text"].replace("&nbsp", " "))
                labels.append(record["category_id"])
            except (ValueError, KeyError) as error:
                raise CorpusError(f"{path}:{number}: {error}") from None
    return texts, labels


def read_thucnews(path: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) of `label<TAB>text` lines."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: THUCNews file not found")
    texts, labels = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        label, sep, text = line.partition("\t")
        if not sep:
            raise CorpusError(f"{path}:{number}: expected label<TAB>text")
        texts.append(text)
        labels.append(label)
    return texts, labels


_loaded: dict = {}
# Texts per partition: enough that the per-partition overhead is small.
TEXTS_PER_PARTITION = 200


def _load(pkuseg_dir: Path) -> None:
    from pipeline.tokenize.nlp import build_nlp

    _loaded["nlp"] = build_nlp(pkuseg_dir, "。")


def _terms_of(texts: list[str]) -> list[list[str]]:
    nlp = _loaded["nlp"]
    return [content_terms([t.text for t in nlp.make_doc(text) if not t.is_space]) for text in texts]


def segment_terms(texts: list[str], pkuseg_dir: Path, workers: int) -> list[list[str]]:
    """Content terms of each text, pkuseg on `workers` Dask processes (order kept)."""
    parts = [texts[i : i + TEXTS_PER_PARTITION] for i in range(0, len(texts), TEXTS_PER_PARTITION)]
    with dask_client(workers) as client:
        done = map_partitions(_terms_of, parts, client, _load, (pkuseg_dir,), "segment texts")
    return [terms for part in done for terms in part]


def evaluate_clustering(
    texts: list[str], labels: list[str], params: TopicParams, pkuseg_dir: Path, workers: int
) -> dict:
    """V-measure, NMI and ARI against the labels with k = number of labels, and the time."""
    started = time.perf_counter()
    terms = segment_terms(texts, pkuseg_dir, workers)
    segmented = time.perf_counter()
    matrices = term_matrices(terms, params.max_features, params.min_df, params.max_df)
    predicted = cluster_documents(matrices, len(set(labels)), params).labels
    finished = time.perf_counter()
    return {
        "n_articles": len(texts),
        "n_chars": sum(map(len, texts)),
        "n_labels": len(set(labels)),
        "v_measure": round(metrics.v_measure_score(labels, predicted), 4),
        "homogeneity": round(metrics.homogeneity_score(labels, predicted), 4),
        "completeness": round(metrics.completeness_score(labels, predicted), 4),
        "nmi": round(metrics.normalized_mutual_info_score(labels, predicted), 4),
        "ari": round(metrics.adjusted_rand_score(labels, predicted), 4),
        "workers": workers,
        "seconds_segmentation": round(segmented - started, 1),
        "seconds_clustering": round(finished - segmented, 1),
        "seconds_total": round(finished - started, 1),
    }

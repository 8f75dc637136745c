"""Compare clustering methods on SogouC (the comparison behind pipeline/topics/cluster.py).

    .venv/bin/python benchmarks/topics_methods.py [--workers 2]

Segments the 5,400 SogouC articles once (pkuseg, content terms as in the topics stage), then
scores each method with k = 9 against the labels: NMF argmax, k-means on TF-IDF, LSA +
k-means (three seeds), and LSA + k-means refined by Naive Bayes (the pipeline's method,
same three seeds). Prints V-measure, NMI and ARI.
"""

from __future__ import annotations

import argparse
import dataclasses

from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF

from pipeline.params import load_params
from pipeline.paths import PKUSEG_DIR, ROOT
from pipeline.topics.cluster import cluster_documents
from pipeline.topics.evaluate import read_sogouc, segment_terms
from pipeline.topics.features import term_matrices


def scores(labels, predicted) -> str:
    v = metrics.v_measure_score(labels, predicted)
    nmi = metrics.normalized_mutual_info_score(labels, predicted)
    ari = metrics.adjusted_rand_score(labels, predicted)
    return f"V {v:.3f}  NMI {nmi:.3f}  ARI {ari:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    params = load_params()
    texts, labels = read_sogouc(ROOT / params.data.sogouc)
    terms = segment_terms(texts, PKUSEG_DIR, args.workers)
    topics = params.topics
    matrices = term_matrices(terms, topics.max_features, topics.min_df, topics.max_df)
    k = len(set(labels))
    nmf = NMF(k, init="nndsvda", random_state=0, max_iter=400).fit_transform(matrices.tfidf)
    print(f"{'NMF':<32}{scores(labels, nmf.argmax(axis=1))}")
    kmeans = KMeans(k, n_init=10, random_state=0).fit(matrices.tfidf)
    print(f"{'k-means on TF-IDF':<32}{scores(labels, kmeans.labels_)}")
    for seed in (0, 1, 2):
        base = dataclasses.replace(topics, seed=seed, refine_rounds=0)
        plain = cluster_documents(matrices, k, base).labels
        refined = cluster_documents(matrices, k, dataclasses.replace(topics, seed=seed)).labels
        print(f"{f'LSA + k-means, seed {seed}':<32}{scores(labels, plain)}")
        print(f"{'  + Naive Bayes refinement':<32}{scores(labels, refined)}")


if __name__ == "__main__":
    main()

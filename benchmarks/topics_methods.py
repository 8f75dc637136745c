"""Compare clustering methods on SogouC and THUCNews (the comparison behind
pipeline/topics/cluster.py).

    .venv/bin/python benchmarks/topics_methods.py [--workers 2] [--cache DIR] [--bertopic]

Segments the labelled corpora (pkuseg, all words; `--cache DIR` keeps them in
DIR/<corpus>_words.parquet for the next run), then scores, against the labels: NMF argmax
and LSA + k-means with k = the number of labels, the pipeline's method with k given and
with the number found (micro k-means groups merged by word use, Naive Bayes refinement),
and with `--bertopic` BERTopic itself (UMAP + HDBSCAN + c-TF-IDF) over the same LSA
vectors, since no sentence-embedding model can be downloaded here (`pip install bertopic`
first; it is not a dependency of zhnews). Prints V-measure, NMI, ARI, topics and outliers.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF

from pipeline.params import load_params
from pipeline.paths import PKUSEG_DIR, ROOT
from pipeline.topics.cluster import cluster_documents, lsa_vectors
from pipeline.topics.evaluate import read_sogouc, read_thucnews, segment_words
from pipeline.topics.features import is_content, learn_phrases, stream_of, term_matrices


def scores(labels, predicted) -> str:
    predicted = np.asarray(predicted)
    v = metrics.v_measure_score(labels, predicted)
    nmi = metrics.normalized_mutual_info_score(labels, predicted)
    ari = metrics.adjusted_rand_score(labels, predicted)
    found = len(set(predicted[predicted >= 0]))
    outliers = (predicted < 0).mean()
    return f"V {v:.3f}  NMI {nmi:.3f}  ARI {ari:.3f}  topics {found:3d}  outliers {outliers:.3f}"


def corpus_words(name, reader, path, workers, cache):
    cached = cache / f"{name}_words.parquet" if cache else None
    if cached and cached.is_file():
        table = pd.read_parquet(cached)
        return [list(w) for w in table["words"]], table["label"].tolist()
    texts, labels = reader(path)
    words = segment_words(texts, PKUSEG_DIR, workers)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        pd.DataFrame({"label": labels, "words": words}).to_parquet(cached)
    return words, labels


def bertopic_labels(words, points, min_topic_size):
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    docs = [
        " ".join(
            w for w, keep in zip(ws, is_content(np.array(ws, dtype=object)), strict=True) if keep
        )
        for ws in words
    ]
    model = BERTopic(
        embedding_model=None,
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=0
        ),
        hdbscan_model=HDBSCAN(min_cluster_size=min_topic_size, prediction_data=True),
        vectorizer_model=CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False),
    )
    topics, _ = model.fit_transform(docs, embeddings=points)
    reduced = model.reduce_outliers(docs, topics, strategy="embeddings", embeddings=points)
    return np.array(topics), np.array(reduced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--bertopic", action="store_true")
    args = parser.parse_args()
    params = load_params()
    topics = params.topics
    for name, reader, path in [
        ("sogouc", read_sogouc, params.data.sogouc),
        ("thucnews", read_thucnews, params.data.thucnews),
    ]:
        words, labels = corpus_words(name, reader, ROOT / path, args.workers, args.cache)
        k = len(set(labels))
        print(f"{name}: {len(words)} articles, {k} labels")
        stream = stream_of(words)
        phrases = learn_phrases(stream, topics.phrase_min_count, topics.phrase_min_npmi)
        matrices = term_matrices(stream, topics.max_features, topics.min_df, topics.max_df, phrases)
        nmf = NMF(k, init="nndsvda", random_state=0, max_iter=400).fit_transform(matrices.tfidf)
        print(f"  {'NMF, k given':<40}{scores(labels, nmf.argmax(axis=1))}")
        points, _ = lsa_vectors(matrices.tfidf, topics.lsa_dims, topics.seed)
        kmeans = KMeans(k, n_init=topics.kmeans_n_init, random_state=topics.seed).fit(points)
        print(f"  {'LSA + k-means, k given':<40}{scores(labels, kmeans.labels_)}")
        for seed in (0, 1, 2):
            seeded = dataclasses.replace(topics, seed=seed)
            given = cluster_documents(matrices, k, seeded).labels
            found = cluster_documents(matrices, None, seeded).labels
            print(f"  {f'pipeline, k given, seed {seed}':<40}{scores(labels, given)}")
            print(f"  {f'pipeline, k found, seed {seed}':<40}{scores(labels, found)}")
        if args.bertopic:
            for size in (10, 20):
                plain, reduced = bertopic_labels(words, points, size)
                print(f"  {f'BERTopic on LSA, min_topic_size {size}':<40}{scores(labels, plain)}")
                print(f"  {'  outliers reassigned':<40}{scores(labels, reduced)}")


if __name__ == "__main__":
    main()

"""Topics measured: on labelled news (SogouC.reduced, 9 labels; a THUCNews sample, 10
labels) against the labels, and on the 人民日报 pages by the number of topics, the NPMI
coherence of their terms and keyword probes. Segmentation of the labelled corpora runs in
worker processes (pkuseg is single-threaded)."""

from __future__ import annotations

import gzip
import json
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn import metrics

from pipeline.ner_corpora.sentences import CorpusError
from pipeline.parallel import dask_client, map_partitions
from pipeline.params import Params, TopicParams
from pipeline.paths import PKUSEG_DIR
from pipeline.topics.cluster import cluster_documents
from pipeline.topics.features import (
    count_matrix,
    learn_phrases,
    stream_of,
    stream_terms,
    term_matrices,
)
from pipeline.topics.fit import fit_topics, token_stream
from pipeline.topics.gold_pages import gold_articles

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


def _words_of(texts: list[str]) -> list[list[str]]:
    nlp = _loaded["nlp"]
    return [[t.text for t in nlp.make_doc(text) if not t.is_space] for text in texts]


def segment_words(texts: list[str], pkuseg_dir: Path, workers: int) -> list[list[str]]:
    """pkuseg words of each text (all of them, in order: phrases need the neighbours), on
    `workers` Dask processes (order kept)."""
    parts = [texts[i : i + TEXTS_PER_PARTITION] for i in range(0, len(texts), TEXTS_PER_PARTITION)]
    with dask_client(workers) as client:
        done = map_partitions(_words_of, parts, client, _load, (pkuseg_dir,), "segment texts")
    return [words for part in done for words in part]


def partition_scores(labels: list[str], predicted: np.ndarray) -> dict:
    """V-measure (outliers as one more cluster), its parts, NMI, ARI, and the V-measure of
    the articles not left as outliers."""
    inside = predicted >= 0
    kept = np.asarray(labels)[inside]
    return {
        "n_topics": int(predicted.max()) + 1,
        "outlier_share": round(float(1 - inside.mean()), 4),
        "v_measure": round(metrics.v_measure_score(labels, predicted), 4),
        "homogeneity": round(metrics.homogeneity_score(labels, predicted), 4),
        "completeness": round(metrics.completeness_score(labels, predicted), 4),
        "nmi": round(metrics.normalized_mutual_info_score(labels, predicted), 4),
        "ari": round(metrics.adjusted_rand_score(labels, predicted), 4),
        "v_measure_without_outliers": round(metrics.v_measure_score(kept, predicted[inside]), 4),
    }


def evaluate_clustering(words: list[list[str]], labels: list[str], params: TopicParams) -> dict:
    """Clustering quality against the labels, with the number of labels given and with the
    number of topics found from the data, and the clustering time of each."""
    stream = stream_of(words)
    result = {"n_articles": len(words), "n_labels": len(set(labels))}
    for name, n_topics in [("given", len(set(labels))), ("found", None)]:
        started = time.perf_counter()
        phrases = learn_phrases(stream, params.phrase_min_count, params.phrase_min_npmi)
        matrices = term_matrices(stream, params.max_features, params.min_df, params.max_df, phrases)
        predicted = cluster_documents(matrices, n_topics, params).labels
        result[name] = partition_scores(labels, predicted)
        result[name]["seconds_clustering"] = round(time.perf_counter() - started, 1)
    return result


def npmi_coherence(
    counts: sparse.csr_matrix, vocabulary: np.ndarray, terms: list[list[str]]
) -> float:
    """Mean NPMI of the pairs of each topic's terms, co-occurrence counted in the articles of
    `counts` (the corpus itself); a pair that never co-occurs scores -1. Mean over topics."""
    present = (counts > 0).astype(np.float64).tocsc()
    n_docs = counts.shape[0]
    index = {str(term): i for i, term in enumerate(vocabulary)}
    scores = []
    for topic_terms in terms:
        columns = [index[t] for t in topic_terms if t in index]
        if len(columns) < 2:
            continue
        sub = present[:, columns]
        together = (sub.T @ sub).toarray() / n_docs
        single = np.diag(together)
        pairs = []
        for i in range(len(columns)):
            for j in range(i + 1, len(columns)):
                joint = together[i, j]
                if joint == 0:
                    pairs.append(-1.0)
                elif joint == 1:
                    pairs.append(1.0)
                else:
                    pairs.append(np.log(joint / (single[i] * single[j])) / -np.log(joint))
        scores.append(float(np.mean(pairs)))
    return round(float(np.mean(scores)), 4) if scores else float("nan")


def keyword_probes(
    titles: pd.Series, topics: pd.Series, labels: dict[int, str], probes: dict[str, tuple[str, ...]]
) -> dict[str, dict]:
    """For each probe word: the articles whose title holds it, and the share of them whose
    topic's label holds the word or one of its close synonyms (Latin case ignored).
    `titles` and `topics` are indexed by article_id."""
    result = {}
    folded = {topic: label.casefold() for topic, label in labels.items()}
    for word, synonyms in probes.items():
        chosen = titles[titles.str.casefold().str.contains(word.casefold(), regex=False)]
        assigned = topics.reindex(chosen.index)
        named = [
            any(s.casefold() in folded.get(int(t), "") for s in (word, *synonyms))
            for t in assigned.fillna(-1)
        ]
        counts = assigned.value_counts()
        result[word] = {
            "n_articles": len(chosen),
            "share_in_named_topics": round(float(np.mean(named)), 4) if named else None,
            "top_topics": {labels.get(int(t), str(t)): int(n) for t, n in counts.head(3).items()},
        }
    return result


def strongest_topics(article_topics: pd.DataFrame) -> pd.Series:
    """article_id -> its strongest topic (-1 for an outlier)."""
    best = article_topics.sort_values(
        ["weight", "topic_id"], ascending=[False, True], kind="stable"
    )
    return best.drop_duplicates("article_id").set_index("article_id")["topic_id"]


def evaluate_pages(
    tokens: pd.DataFrame,
    titles: pd.Series,
    params: TopicParams,
    probes: dict[str, tuple[str, ...]],
) -> dict:
    """Topics fitted on the tokens of a corpus with gold titles (indexed by article_id): the
    number of topics, the outlier share, the NPMI coherence of each topic's top terms on
    the corpus itself, the keyword probes, and the time of the fit."""
    started = time.perf_counter()
    fitted = fit_topics(tokens, params)
    seconds = time.perf_counter() - started
    stream, _ = token_stream(tokens)
    found = stream_terms(stream, fitted.model.phrases)
    counts = count_matrix(found, stream.n_docs, fitted.model.vocabulary)
    topics = fitted.topics[fitted.topics["topic_id"] >= 0]
    labels = dict(zip(fitted.topics["topic_id"], fitted.topics["label"], strict=True))
    best = strongest_topics(fitted.article_topics)
    return {
        "n_articles": int(best.size),
        "n_topics": len(topics),
        "outlier_share": round(float((best == -1).mean()), 4),
        "npmi_top_terms": npmi_coherence(
            counts, fitted.model.vocabulary, topics["top_terms"].tolist()
        ),
        "probes": keyword_probes(titles, best, labels, probes),
        "seconds_topics": round(seconds, 1),
        "topics": [
            {"topic_id": int(t), "label": label, "n_articles": int(n)}
            for t, label, n in zip(
                fitted.topics["topic_id"],
                fitted.topics["label"],
                fitted.topics["n_articles"],
                strict=True,
            )
        ],
    }


def renminribao_tokens(path: Path, params: Params, workers: int) -> tuple[pd.DataFrame, pd.Series]:
    """(tokens table, gold titles by article_id) of every article of the labelled pages,
    cut at the gold spans and tokenized by the tokenize stage's code."""
    from pipeline.segment.gold import read_gold_pages
    from pipeline.tokenize.parallel import tokenize_parts

    articles = gold_articles(read_gold_pages(path))
    parts = []
    with dask_client(workers) as client:
        for _, tokens in tokenize_parts(
            articles,
            PKUSEG_DIR,
            params.tokenize.sentence_end_chars,
            params.tokenize.max_chunk_chars,
            workers,
            client,
        ):
            parts.append(tokens[["article_id", "text"]])
    return pd.concat(parts, ignore_index=True), articles.set_index("article_id")["title"]

"""Topic labels from the words that distinguish a topic: class-based TF-IDF (each topic's
articles taken as one document, as BERTopic does), over content words and learnt phrases.

A label word must also be markedly more frequent in its topic than in the rest of the corpus
(its lift),
which keeps out words every section uses (发展, 工作) without a list that knows them; the
list in generic_words.txt catches the few that a topic's own style makes frequent."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

GENERIC_WORDS_FILE = Path(__file__).with_name("generic_words.txt")
# How the outlier topic (-1) is labelled.
OUTLIER_LABEL = "未归类"


@cache
def generic_words(path: Path = GENERIC_WORDS_FILE) -> frozenset[str]:
    """The words of a word-list file: one a line, '#' starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def topic_term_counts(
    counts: sparse.csr_matrix, labels: np.ndarray, n_topics: int
) -> sparse.csr_matrix:
    """Topics x terms: the summed counts of each topic's articles (labels < 0 left out)."""
    rows = np.flatnonzero(labels >= 0)
    members = sparse.csr_matrix(
        (np.ones(len(rows)), (labels[rows], rows)), shape=(n_topics, counts.shape[0])
    )
    return (members @ counts).tocsr()


def class_tfidf(
    term_counts: sparse.csr_matrix, corpus: sparse.csr_matrix | None = None
) -> np.ndarray:
    """c-TF-IDF: a term's share of its topic's words times log(1 + average words per topic /
    the term's count in all topics). `corpus` (default: the rows themselves) gives the
    topics the averages and counts come from, so merged topics are scored on the same scale."""
    corpus = term_counts if corpus is None else corpus
    dense = term_counts.toarray()
    share = dense / np.maximum(dense.sum(axis=1, keepdims=True), 1)
    frequency = np.maximum(np.asarray(corpus.sum(axis=0)).ravel(), 1)
    return share * np.log1p(corpus.sum() / max(corpus.shape[0], 1) / frequency)


def lift(term_counts: sparse.csr_matrix, corpus: sparse.csr_matrix | None = None) -> np.ndarray:
    """How many times more often each term occurs in each topic's words than in the rest of
    the corpus's words (inf for a term found only in the topic)."""
    corpus = term_counts if corpus is None else corpus
    dense = term_counts.toarray()
    in_topic = dense / np.maximum(dense.sum(axis=1, keepdims=True), 1)
    rest = np.asarray(corpus.sum(axis=0)).ravel() - dense
    rest_total = np.maximum(corpus.sum() - dense.sum(axis=1, keepdims=True), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rest > 0, in_topic / (np.maximum(rest, 0) / rest_total), np.inf)


def _overlaps(term: str, chosen: list[str]) -> bool:
    return any(term in other or other in term for other in chosen)


def top_terms(
    term_counts: sparse.csr_matrix,
    vocabulary: np.ndarray,
    n: int,
    min_lift: float,
    corpus: sparse.csr_matrix | None = None,
) -> list[list[str]]:
    """Each topic's `n` best terms by c-TF-IDF, leaving out generic words, terms below
    `min_lift`, and a term inside an already chosen one or around it (电商 after 跨境电商)."""
    weights, lifts = class_tfidf(term_counts, corpus), lift(term_counts, corpus)
    generic = generic_words()
    result = []
    for topic in range(term_counts.shape[0]):
        chosen: list[str] = []
        for index in np.argsort(-weights[topic], kind="stable"):
            if len(chosen) == n or weights[topic, index] <= 0:
                break
            term = str(vocabulary[index])
            if term in generic or lifts[topic, index] < min_lift or _overlaps(term, chosen):
                continue
            chosen.append(term)
        result.append(chosen)
    return result


def name_topics(
    terms: list[list[str]], named: dict[str, tuple[str, ...]], n_label_terms: int = 3
) -> list[str]:
    """A topic takes the name (named_topics) whose keywords it ranks highest; each name is
    used once. Other topics are labelled by their first `n_label_terms` terms."""
    scores = []
    for topic, topic_terms in enumerate(terms):
        for name, keywords in named.items():
            hits = [rank for rank, term in enumerate(topic_terms) if term in keywords]
            if hits:
                scores.append((-len(hits), min(hits), topic, name))
    labels: dict[int, str] = {}
    for _, _, topic, name in sorted(scores):
        if topic not in labels and name not in labels.values():
            labels[topic] = name
    return [
        labels.get(topic, "/".join(topic_terms[:n_label_terms]))
        for topic, topic_terms in enumerate(terms)
    ]

"""The training material of the NER model: each corpus's train part and dev part (a seeded
share of its training file), and unlabelled modern news for distillation.

Test files and the official dev files of Resume and Weibo are never read here: they are
for evaluate_ner and the benchmark (pipeline/ner_evaluation.py). CLUENER's held-back share
is removed before the dev share is drawn.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.ner.schemes import scheme_of
from pipeline.ner_corpora.cluener import cluener_sentences, read_cluener, split_heldback
from pipeline.ner_corpora.formats import cut_long, read_bmes, read_pd2014, read_weibo
from pipeline.ner_corpora.relabel import project_convention
from pipeline.ner_corpora.sentences import TaggedSentence, read_bio, split_dev
from pipeline.params import CluenerSplitParams


@dataclass(frozen=True)
class CorpusFiles:
    msra_train: Path
    cluener_train: Path
    resume_train: Path
    weibo_train: Path
    pd2014: Path
    renminribao_pages: Path
    weibo_dev: Path | None = None  # for choosing the epoch only


@dataclass(frozen=True)
class Split:
    train: dict[str, list[TaggedSentence]]
    dev: dict[str, list[TaggedSentence]]


def _cut(sentences: list[TaggedSentence]) -> list[TaggedSentence]:
    return [piece for sentence in sentences for piece in cut_long(sentence)]


def cluener_rest(path: Path, heldback_share: float, seed: int) -> list[TaggedSentence]:
    """CLUENER train minus its held-back share (the split evaluate_roles scores on)."""
    rest, _ = split_heldback(read_cluener(path), heldback_share, seed)
    return cluener_sentences(rest)


def training_split(
    files: CorpusFiles,
    dev_share: float,
    seed: int,
    split: CluenerSplitParams,
    name_convention: bool = True,
) -> Split:
    """Train and dev sentences per label scheme, in the project's name convention; People's
    Daily 2014 is split by article. Weibo's official dev file joins the dev sets as
    `weibo:dev` (its train file's 5% share is only 68 sentences)."""
    whole = {
        "msra": read_bio(files.msra_train),
        "cluener": cluener_rest(files.cluener_train, split.heldback_share, split.seed),
        "resume": read_bmes(files.resume_train),
        "weibo": read_weibo(files.weibo_train),
    }
    train, dev = {}, {}
    for name, sentences in whole.items():
        train[name], dev[name] = split_dev(sentences, dev_share, seed)
    # 55 articles: a 5% share would be 3 articles, too few to choose on.
    articles_train, articles_dev = split_dev(read_pd2014(files.pd2014), max(dev_share, 0.15), seed)
    train["pd2014"] = [p for article in articles_train for p in article]
    dev["pd2014"] = [p for article in articles_dev for p in article]
    if files.weibo_dev is not None:
        dev["weibo:dev"] = read_weibo(files.weibo_dev)
    if not name_convention:
        return Split(train={n: _cut(s) for n, s in train.items()},
                     dev={n: _cut(s) for n, s in dev.items()})  # fmt: skip
    return Split(
        train={name: _cut(project_convention(s, name)) for name, s in train.items()},
        dev={name: _cut(project_convention(s, scheme_of(name))) for name, s in dev.items()},
    )


def unlabelled_news(pages: Path, n_chars: int, seed: int) -> list[str]:
    """About `n_chars` of paragraphs (in pieces) from the train pages of 人民日报 2019–2020:
    text with today's names, which LAC knows and the labelled corpora mostly do not."""
    if n_chars <= 0:
        return []
    paragraphs = []
    with gzip.open(pages, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            if page.get("split") == "train":
                paragraphs += [p for p in page["text"].split("\n") if len(p) >= 10]
    random.Random(seed).shuffle(paragraphs)
    texts, total = [], 0
    for paragraph in paragraphs:
        blank = TaggedSentence(tuple(paragraph), ("O",) * len(paragraph))
        for piece in cut_long(blank):
            texts.append(piece.text)
            total += len(piece.chars)
        if total >= n_chars:
            break
    return texts

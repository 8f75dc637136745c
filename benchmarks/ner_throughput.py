"""NER throughput on 1 MB of news text: the zhnews model beside a jieba-POS baseline.

    .venv/bin/pip install -e '.[bench]'   # jieba, for the baseline
    .venv/bin/python benchmarks/ner_throughput.py [--megabytes 1] [--quality]

Text: the sentences of the bundled seed pages, repeated until they reach the size (UTF-8
bytes). Each method runs in its own process so its peak RSS is its own; the time counts
prediction only, after loading. jieba's baseline tags words nr/ns/nt as PERSON/PLACE/ORG.
--quality adds exact-span F1 of both on MSRA test (the evaluation stage's data).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JIEBA_LABELS = {"nr": "PERSON", "ns": "PLACE", "nt": "ORG"}


def seed_sentences() -> list[str]:
    from pipeline.io import read_pages
    from pipeline.params import load_params
    from pipeline.paths import SEEDS_DIR
    from pipeline.segment.tables import segment_corpus

    articles = segment_corpus(read_pages(SEEDS_DIR), load_params().segment).articles
    sentences = []
    for body in articles["body"]:
        for paragraph in body.split("\n"):
            sentences += [s + "。" for s in paragraph.split("。") if s.strip()]
    return sentences


def corpus_of(size_bytes: int) -> list[str]:
    sentences, text, total = seed_sentences(), [], 0
    while total < size_bytes:
        for sentence in sentences:
            text.append(sentence)
            total += len(sentence.encode("utf-8"))
            if total >= size_bytes:
                break
    return text


def jieba_predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    import jieba.posseg

    results = []
    for text in texts:
        spans, position = [], 0
        for word, flag in jieba.posseg.cut(text):
            if flag in JIEBA_LABELS:
                spans.append((position, position + len(word), JIEBA_LABELS[flag]))
            position += len(word)
        results.append(spans)
    return results


def _run(method: str, texts: list[str], queue) -> None:
    if method == "zhnews":
        from pipeline.ner.model import ZhnewsCharNer
        from pipeline.paths import NER_DIR

        model = ZhnewsCharNer(NER_DIR, batch_size=128)
        predict = model.predict
    else:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        predict = jieba_predict
    started = time.perf_counter()
    found = sum(len(spans) for spans in predict(texts))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((method, seconds, found, rss))


def measure(method: str, texts: list[str]) -> tuple[str, float, int, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_run, args=(method, texts, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def quality() -> None:
    from pipeline.ner.corpus import bio_spans, read_bio
    from pipeline.ner.evaluate import evaluate_backend, score_spans
    from pipeline.ner.model import ZhnewsCharNer
    from pipeline.params import load_params
    from pipeline.paths import NER_DIR

    test = read_bio(ROOT / load_params().data.msra_test)
    zhnews = evaluate_backend(ZhnewsCharNer(NER_DIR), test)["overall"]
    gold = [bio_spans(s.tags) for s in test]
    jieba = score_spans(gold, [set(s) for s in jieba_predict([s.text for s in test])])["overall"]
    print("\nexact-span F1 on MSRA test")
    for name, scores in [("zhnews", zhnews), ("jieba-pos", jieba)]:
        p, r, f1 = scores["precision"], scores["recall"], scores["f1"]
        print(f"{name:<10} P {p:.4f}  R {r:.4f}  F1 {f1:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--quality", action="store_true")
    args = parser.parse_args()
    texts = corpus_of(int(args.megabytes * 1_000_000))
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} sentences, {chars} characters, {args.megabytes} MB UTF-8")
    print(f"{'method':<10}{'seconds':>9}{'chars/s':>10}{'entities':>10}{'peak RSS MiB':>14}")
    for method in ["zhnews", "jieba-pos"]:
        name, seconds, found, rss = measure(method, texts)
        print(f"{name:<10}{seconds:>9.2f}{chars / seconds:>10.0f}{found:>10}{rss:>14.0f}")
    if args.quality:
        quality()


if __name__ == "__main__":
    main()

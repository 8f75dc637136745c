"""DVC stage evaluate_ner: exact-span P/R/F1 of the NER model on the test and dev files it
never trained on: MSRA test, People's Daily test, CLUENER's held-back share, Resume dev,
Weibo dev, and the hand-annotated seed sentences."""

import logging
from pathlib import Path

from pipeline.io import write_json
from pipeline.ner.backends import ZhnewsNer, load_ner_from_params
from pipeline.ner_corpora.sentences import read_bio
from pipeline.ner_evaluation import (
    EvaluationFiles,
    EvaluationSet,
    evaluate_native_head,
    evaluate_output,
    evaluation_sets,
)
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, NER_DIR, ROOT

log = logging.getLogger(__name__)


def main(model_dir: Path = NER_DIR, metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    data = params.data
    backend = load_ner_from_params(params.ner, model_dir)
    files = EvaluationFiles.from_params(data, ROOT)
    sets = evaluation_sets(files, params.cluener_split)
    seeds = EvaluationSet("seed_sentences", "msra", read_bio(ROOT / data.ner_seed_sentences))
    # People's Daily test shares most sentences with MSRA train: report the unseen part too.
    seen = {s.text for s in read_bio(ROOT / data.msra_train)}
    results = {"backend": params.ner.backend}
    for evaluation in [*sets, seeds]:
        result = {"output": evaluate_output(backend.predict, evaluation)}
        if isinstance(backend, ZhnewsNer) and evaluation.scheme in backend.runtime.heads:
            result["own_head"] = evaluate_native_head(backend.runtime, evaluation)
        if evaluation.name == "peoples_daily_test":
            unseen = [s for s in evaluation.sentences if s.text not in seen]
            result["n_sentences_in_msra_train"] = len(evaluation.sentences) - len(unseen)
            result["unseen"] = evaluate_output(
                backend.predict, EvaluationSet("unseen", "msra", unseen)
            )
        results[evaluation.name] = result
        log.info(
            "%s: F1 %.4f %s", evaluation.name, result["output"]["overall"]["f1"],
            {k: v["f1"] for k, v in result["output"]["labels"].items()},
        )  # fmt: skip
    write_json(results, metrics / "ner.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage evaluate_ner: exact-span P/R/F1 on MSRA test and People's Daily test."""

import logging
from pathlib import Path

from pipeline.io import write_json
from pipeline.ner.corpus import read_bio
from pipeline.ner.evaluate import evaluate_backend
from pipeline.ner.model import load_ner_from_params
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, NER_DIR, ROOT

log = logging.getLogger(__name__)


def main(model_dir: Path = NER_DIR, metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    backend = load_ner_from_params(params.ner, model_dir)
    # People's Daily test shares most sentences with MSRA train: report the unseen part too.
    seen = {s.text for s in read_bio(ROOT / params.data.msra_train)}
    results = {"backend": params.ner.backend}
    for name, path in [
        ("msra_test", params.data.msra_test),
        ("peoples_daily_test", params.data.peoples_daily_test),
    ]:
        sentences = read_bio(ROOT / path)
        unseen = [s for s in sentences if s.text not in seen]
        results[name] = {
            **evaluate_backend(backend, sentences),
            "n_sentences_in_msra_train": len(sentences) - len(unseen),
            "unseen": evaluate_backend(backend, unseen),
        }
        log.info(
            "%s: F1 %.4f (%d of %d sentences also in MSRA train; F1 on the rest %.4f)",
            name,
            results[name]["overall"]["f1"],
            len(sentences) - len(unseen),
            len(sentences),
            results[name]["unseen"]["overall"]["f1"],
        )
    write_json(results, metrics / "ner.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

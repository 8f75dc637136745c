"""DVC stage evaluate_topics: clustering quality and time on SogouC and THUCNews."""

import logging
from pathlib import Path

from pipeline.io import write_json
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, PKUSEG_DIR, ROOT
from pipeline.topics.evaluate import evaluate_clustering, read_sogouc, read_thucnews

log = logging.getLogger(__name__)


def main(metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    results = {}
    for name, reader, path in [
        ("sogouc", read_sogouc, params.data.sogouc),
        ("thucnews", read_thucnews, params.data.thucnews),
    ]:
        texts, labels = reader(ROOT / path)
        log.info("%s: %d articles, segmenting and clustering", name, len(texts))
        results[name] = evaluate_clustering(
            texts, labels, params.topics, PKUSEG_DIR, params.evaluate_topics.workers
        )
        log.info("%s: %s", name, results[name])
    write_json(results, metrics / "topics.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

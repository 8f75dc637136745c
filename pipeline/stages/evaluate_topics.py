"""DVC stage evaluate_topics: clustering quality on SogouC and THUCNews (label count given
and found), and topics on the 人民日报 pages (count, NPMI coherence, keyword probes).
Slow (it segments about 22 M characters); not part of the tests."""

import logging
from pathlib import Path

from pipeline.io import write_json
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, PKUSEG_DIR, ROOT
from pipeline.topics.evaluate import (
    evaluate_clustering,
    evaluate_pages,
    read_sogouc,
    read_thucnews,
    renminribao_tokens,
    segment_words,
)

log = logging.getLogger(__name__)


def main(metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    workers = params.evaluate_topics.workers
    results = {}
    for name, reader, path in [
        ("sogouc", read_sogouc, params.data.sogouc),
        ("thucnews", read_thucnews, params.data.thucnews),
    ]:
        texts, labels = reader(ROOT / path)
        log.info("%s: %d articles, segmenting and clustering", name, len(texts))
        words = segment_words(texts, PKUSEG_DIR, workers)
        results[name] = evaluate_clustering(words, labels, params.topics)
        log.info("%s: %s", name, results[name])
    tokens, titles = renminribao_tokens(ROOT / params.data.renminribao_pages, params, workers)
    results["renminribao"] = evaluate_pages(
        tokens, titles, params.topics, params.evaluate_topics.probes
    )
    write_json(results, metrics / "topics.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

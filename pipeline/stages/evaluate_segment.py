"""DVC stage evaluate_segment: article P/R/F1 of page splitting on the dev pages of
data.renminribao_pages (clean, and with seeded simulated print noise) and on the seed
pages -> outputs/metrics/segment.json."""

import logging
import time
from pathlib import Path

from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.io import write_json
from pipeline.params import load_params
from pipeline.paths import METRICS_DIR, ROOT, SEEDS_DIR
from pipeline.segment.evaluate import evaluate_gold_pages, evaluate_seeds, read_seed_titles
from pipeline.segment.gold import read_gold_pages
from pipeline.segment.metadata import page_metas
from pipeline.segment.tagger import segment_line_labeller

log = logging.getLogger(__name__)


def main(seeds: Path = SEEDS_DIR, metrics: Path = METRICS_DIR) -> None:
    params = load_params()
    segment = params.segment
    settings = params.evaluate_segment
    line_model = segment_line_labeller(segment, ROOT)
    dev = read_gold_pages(ROOT / params.data.renminribao_pages, split="dev")
    results = {}
    for name, noise_seed in [("dev_clean", None), ("dev_noisy", settings.noise_seed)]:
        started = time.perf_counter()
        results[name] = evaluate_gold_pages(dev, segment, line_model, noise_seed)
        log.info("%s: %s (%.0f s)", name, results[name], time.perf_counter() - started)
    pages, _ = read_pages_checked(seeds, InputLimits(segment.max_page_chars, segment.min_cjk_share))
    metas = page_metas(seeds, [p.page_id for p in pages], segment.manifest, segment.path_pattern)
    titles = read_seed_titles(ROOT / settings.seed_titles)
    results["seeds"] = evaluate_seeds(pages, metas, titles, segment, line_model)
    log.info("seeds: %s", results["seeds"])
    write_json(results, metrics / "segment.json")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""Page splitting speed on one core: the 联谊报 line rules on the seed pages (repeated to
about 1 MB, each copy its own page) and the line models (the tagger params.yaml runs, and
the CRF) on the dev pages of ../shared/data/renminribao_pages, clean and with simulated
print noise.

    .venv/bin/python benchmarks/segment_speed.py [--json benchmarks/results/segment_speed.json]

Time is segment_corpus alone (pages already in memory, line model loaded), best of 3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.inputs import InputLimits, read_pages_checked  # noqa: E402
from pipeline.params import load_params  # noqa: E402
from pipeline.paths import SEEDS_DIR  # noqa: E402
from pipeline.records import PageText  # noqa: E402
from pipeline.segment.gold import read_gold_pages  # noqa: E402
from pipeline.segment.lines import line_classifier  # noqa: E402
from pipeline.segment.metadata import PageMeta  # noqa: E402
from pipeline.segment.noise import NoiseSettings, noisy_page  # noqa: E402
from pipeline.segment.tables import segment_corpus  # noqa: E402
from pipeline.segment.tagger import load_line_labeller  # noqa: E402


def _time(pages, params, model, metas=None) -> dict:
    n_chars = sum(len(p.text) for p in pages)
    best = min(_once(pages, params, model, metas) for _ in range(3))
    return {"pages": len(pages), "chars": n_chars, "seconds": round(best, 3),
            "chars_per_s": round(n_chars / best)}  # fmt: skip


def _once(pages, params, model, metas) -> float:
    started = time.perf_counter()
    segment_corpus(pages, params, metas, model)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    params = load_params()
    segment = params.segment
    models = {
        kind: load_line_labeller(ROOT / segment.line_model, kind, line_classifier(segment))
        for kind in ("tagger", "crf")
    }
    seeds, _ = read_pages_checked(
        SEEDS_DIR, InputLimits(segment.max_page_chars, segment.min_cjk_share)
    )
    copies = 1_000_000 // sum(len(p.text) for p in seeds) + 1
    rules_pages = [replace(p, page_id=f"{p.page_id}_{k}") for k in range(copies) for p in seeds]
    # Each copy is another day's issue, so copies are not merged across the repeats.
    days = {
        p.page_id: PageMeta("联谊报", date(2000, 1, 1) + timedelta(days=k // len(seeds)))
        for k, p in enumerate(rules_pages)
    }
    dev = read_gold_pages(ROOT / params.data.renminribao_pages, split="dev")
    model_only = replace(segment, splitters={}, default_splitter="model")
    clean = [PageText(p.page_id, p.page_id, p.text) for p in dev]
    noisy = [
        PageText(p.page_id, p.page_id, noisy_page(p, random.Random(i), NoiseSettings()).text)
        for i, p in enumerate(dev)
    ]
    results = {"rules_on_seed_pages": _time(rules_pages, segment, None, days)}
    for kind, model in models.items():
        results[f"{kind}_on_dev_pages_clean"] = _time(clean, model_only, model)
        results[f"{kind}_on_dev_pages_noisy"] = _time(noisy, model_only, model)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Speed of `pipeline.load()`: the time to load it, then each seed article's body through
it (the tokenize and extract stages' code on one text), against the NER component alone
(zhnews_ner, the model's own spans) on the same bodies.

    .venv/bin/python benchmarks/api_speed.py [--json benchmarks/results/api_speed.json]

Per-text figures are process CPU seconds (the machine may be shared), best of 3 passes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import load  # noqa: E402
from pipeline.inputs import InputLimits, read_pages_checked  # noqa: E402
from pipeline.params import load_params  # noqa: E402
from pipeline.paths import NER_DIR, SEEDS_DIR  # noqa: E402
from pipeline.segment.tables import segment_corpus  # noqa: E402
from pipeline.spacy_components import build_ner_nlp  # noqa: E402


def cpu_per_pass(nlp, texts: list[str], passes: int = 3) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for text in texts:
            nlp(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    params = load_params()
    limits = InputLimits(params.segment.max_page_chars, params.segment.min_cjk_share)
    articles = segment_corpus(read_pages_checked(SEEDS_DIR, limits)[0], params.segment).articles
    bodies = articles.loc[articles["kind"] == "article", "body"].tolist()
    wall, cpu = time.perf_counter(), time.process_time()
    nlp = load(paper="联谊报")
    loaded = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
    chars = sum(map(len, bodies))
    roles = cpu_per_pass(nlp, bodies)
    ner = cpu_per_pass(build_ner_nlp(NER_DIR), bodies)
    result = {
        "load": {k: round(v, 2) for k, v in loaded.items()},
        "texts": len(bodies),
        "chars": chars,
        "load_pipeline_cpu_s_per_text": round(roles / len(bodies), 4),
        "load_pipeline_chars_per_cpu_s": round(chars / roles),
        "zhnews_ner_cpu_s_per_text": round(ner / len(bodies), 4),
        "zhnews_ner_chars_per_cpu_s": round(chars / ner),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

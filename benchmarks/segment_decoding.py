"""How the line tagger's labels are decoded, chosen on the dev pages: article F1 on the dev
pages of ../shared/data/renminribao_pages (clean and with the evaluate_segment noise seed)
for each transition weight and heading bias (train_segment.tagger in params.yaml).

    .venv/bin/python benchmarks/segment_decoding.py [--model models/segment]
        [--json benchmarks/results/segment_decoding.json]

The network is the one in --model (with the CRF there for heading roles, as segment runs
it); only its decoding arrays are swapped per setting.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.params import load_params  # noqa: E402
from pipeline.segment.evaluate import evaluate_gold_pages  # noqa: E402
from pipeline.segment.gold import read_gold_pages  # noqa: E402
from pipeline.segment.lines import line_classifier  # noqa: E402
from pipeline.segment.noise import NoiseSettings  # noqa: E402
from pipeline.segment.tagger import load_line_labeller  # noqa: E402
from pipeline.segment.training import (  # noqa: E402
    TaggerSettings,
    decoding,
    label_transitions,
    training_sequences,
)

GRID = [(0.0, 0.0), (0.3, 0.0), (0.5, 0.5), (0.5, 1.0), (0.3, 1.5), (0.5, 1.5), (0.8, 1.5),
        (0.5, 2.0), (0.5, 2.5)]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    params = load_params()
    settings = params.train_segment
    model_dir = args.model or ROOT / params.segment.line_model
    tagger = load_line_labeller(model_dir, "tagger", line_classifier(params.segment))
    pages = read_gold_pages(ROOT / params.data.renminribao_pages, split="train")
    noise = NoiseSettings(plain_headings=settings.tagger["plain_headings"])  # as train_segment
    sequences = training_sequences(pages, noise, settings.noisy_copies, settings.seed)
    transitions = label_transitions(sequences)
    dev = read_gold_pages(ROOT / params.data.renminribao_pages, split="dev")
    results = []
    for weight, bias in GRID:
        chosen = TaggerSettings(**settings.tagger | {"transition_weight": weight,
                                                     "heading_bias": bias})  # fmt: skip
        decode = decoding(transitions, chosen)
        model = replace(tagger, label_bias=decode["label_bias"], transitions=decode["transitions"])
        row = {"transition_weight": weight, "heading_bias": bias}
        for name, seed in (("clean", None), ("noisy", params.evaluate_segment.noise_seed)):
            row[name] = evaluate_gold_pages(dev, params.segment, model, seed)["f1"]
        print(row, flush=True)
        results.append(row)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Where tokenize and extract spend their time: cProfile of each stage in one process on
a corpus built like whole_pipeline.py's, and the share of each stage's time that is not
its model's (spaCy + pkuseg's `Language.pipe`; the NER runtime's `spans`): Python per
character that could go.

    CI=true .venv/bin/python benchmarks/profile_stages.py [--mb 1] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from whole_pipeline import build_corpus

from pipeline.stages import extract, segment, tokenize

# The model's own entry point in each stage: (file ending, function name).
MODEL_CALLS = {"tokenize": ("spacy/language.py", "pipe"), "extract": ("ner/runtime.py", "spans")}


def model_seconds(stats: pstats.Stats, stage: str) -> float:
    """Cumulative seconds inside the stage's model call."""
    ending, name = MODEL_CALLS[stage]
    return sum(
        cumulative
        for (file, _, function), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
        if file.endswith(ending) and function == name
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        pages, out = Path(work, "pages"), Path(work, "out")
        out.mkdir()
        print(f"{build_corpus(pages, args.mb):,} characters")
        segment.main(seeds=pages, out=out, metrics=out / "metrics")
        for name, stage in (("tokenize", tokenize), ("extract", extract)):
            profile = cProfile.Profile()
            profile.runcall(stage.main, out=out, workers=1)
            stats = pstats.Stats(profile)
            total = stats.total_tt  # type: ignore[attr-defined]
            model = model_seconds(stats, name)
            print(
                f"===== {name}: {total:.1f} s, model {model:.1f} s, other {1 - model / total:.0%}"
            )
            stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()

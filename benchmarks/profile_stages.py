"""Where tokenize and extract spend their time: cProfile of each stage in one process on
a corpus built like whole_pipeline.py's.

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
            print(f"===== {name}")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()

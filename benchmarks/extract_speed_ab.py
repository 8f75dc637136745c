"""The extract stage's speed, this checkout against an earlier commit, in one run.

    .venv/bin/python benchmarks/extract_speed_ab.py [--base 29ddb76] [--mb 1] [--repeats 3]
        [--json FILE]

Lays out the whole-pipeline benchmark's corpus (benchmarks/whole_pipeline.py: the seeds and
SogouC articles as 联谊报-style pages), runs segment and tokenize once, then the extract
stage (one worker) alternately from a checkout of --base (a git worktree beside this one,
so ../shared resolves the same) and from this checkout, --repeats times each, and reports
each side's median wall time and characters per second. Alternating keeps a busy machine's
load the same for both sides; the ratio is what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from whole_pipeline import ROOT, build_corpus, run_stage


def extract_seconds(tree: Path, out: Path) -> float:
    code = "extract.main(out=Path(a[1]), workers=int(a[2]))"
    env = {"PYTHONPATH": str(tree)}
    script = (
        "import sys; from pathlib import Path; from pipeline.stages import extract; "
        f"a = sys.argv[1:]; {code}"
    )
    started = os.times().elapsed
    subprocess.run(
        [sys.executable, "-c", script, "-", str(out), "1"],
        cwd=tree, env={**os.environ, "CI": "true", **env}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return os.times().elapsed - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="29ddb76")
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    base = ROOT.parent / f"zhnews_base_{args.base}"
    if not base.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True
        )
    with tempfile.TemporaryDirectory() as folder:
        pages, out = Path(folder, "pages"), Path(folder, "out")
        chars = build_corpus(pages, args.mb)
        run_stage(
            "segment.main(seeds=Path(a[0]), out=Path(a[1]), metrics=Path(a[1]) / 'metrics')",
            pages,
            out,
            1,
        )
        run_stage("tokenize.main(out=Path(a[1]), workers=int(a[2]))", pages, out, 1)
        times: dict[str, list[float]] = {"base": [], "this": []}
        for _ in range(args.repeats):
            times["base"].append(extract_seconds(base, out))
            times["this"].append(extract_seconds(ROOT, out))
    result = {"characters": chars, "base": args.base}
    for side, seconds in times.items():
        median = statistics.median(seconds)
        result[side] = {
            "seconds": [round(s, 2) for s in seconds],
            "chars_per_s": round(chars / median),
        }
    result["this_over_base"] = round(
        result["this"]["chars_per_s"] / result["base"]["chars_per_s"], 3
    )
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

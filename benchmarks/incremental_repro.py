"""What a new day's pages cost: the table stages on N pages, then again after 10 more pages
are added (the stage cache of pipeline/stage_cache.py holds the first run's per-page
results), against a run from scratch on all N + 10 pages.

    CI=true .venv/bin/python benchmarks/incremental_repro.py [--pages 2000] [--added 10]
        [--workers 2] [--json FILE]

The corpus is whole_pipeline.py's (the seed pages, then SogouC articles laid out as
联谊报 pages); the added pages are the corpus's last ones (the next issue's). Each stage
runs in its own process through its entry point, as `dvc repro` runs it (DVC's own
hashing of the files is not counted). Prints each stage's seconds in the three runs, the
incremental run as a share of the full one, the load average, and which tables of the
incremental run differ from the full run's (pipeline/digest.py): none but the topic
tables, and those only without --refit (topics.refit: false assigns the new articles
with the model fitted on the first run instead of fitting again).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from whole_pipeline import STAGES, build_corpus, run_stage

from pipeline.digest import folder_digests

TOPIC_TABLES = {"topics", "article_topics", "topic_hierarchy", "topic_months"}


def run_stages(pages: Path, out: Path, workers: int, refit: bool) -> dict[str, float]:
    """Seconds of each table stage, pages -> out, and their total."""
    out.mkdir(exist_ok=True)
    stages = [
        (name, code.replace("out=Path(a[1]))", f"out=Path(a[1]), refit={refit})"))
        if name == "topics"
        else (name, code)
        for name, code in STAGES
    ]
    seconds = {name: run_stage(code, pages, out, workers)["seconds"] for name, code in stages}
    seconds["total"] = round(sum(seconds.values()), 1)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages before the new ones")
    parser.add_argument("--added", type=int, default=10, help="pages added")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument(
        "--refit", action="store_true", help="topics refit (params topics.refit: true)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhnews-incremental-"))
    pages, held_back = work / "pages", work / "held_back"
    n_chars = build_corpus(pages, float("inf"), args.pages + args.added)
    held_back.mkdir()
    for path in sorted(pages.glob("*.txt"))[-args.added :]:
        path.rename(held_back / path.name)
    print(f"corpus: {args.pages:,} pages + {args.added}, {n_chars:,} characters in all")
    runs = {"first": run_stages(pages, work / "out", args.workers, args.refit)}
    for path in held_back.iterdir():
        path.rename(pages / path.name)
    runs["incremental"] = run_stages(pages, work / "out", args.workers, args.refit)
    runs["full"] = run_stages(pages, work / "full", args.workers, args.refit)
    digests = [folder_digests(work / name) for name in ("out", "full")]
    differ = sorted(name for name in digests[1] if digests[0].get(name) != digests[1][name])
    results = {
        "pages": args.pages,
        "added": args.added,
        "n_chars": n_chars,
        "workers": args.workers,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "seconds": runs,
        "incremental_share": round(runs["incremental"]["total"] / runs["full"]["total"], 3),
        "topics_refit": args.refit,
        "tables_that_differ": differ,
        "tables_equal_but_topics": not set(differ) - TOPIC_TABLES,
    }
    print(f"{'stage':<10}{'first':>10}{'+' + str(args.added) + ' pages':>12}{'full':>10}")
    for name in runs["full"]:
        print(f"{name:<10}" + "".join(f"{runs[r][name]:>10.1f}" for r in runs))
    print(
        f"incremental / full: {results['incremental_share']:.1%}; tables that differ from the "
        f"full run's: {differ or 'none'}; load average {results['load_average']}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

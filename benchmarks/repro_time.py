"""Time `dvc repro` on the bundled seeds: each stage forced in order, wall time and peak RSS.

    .venv/bin/python benchmarks/repro_time.py

Runs `dvc repro --force --single-item STAGE` for every stage of dvc.yaml in order, so the
figures are those of a full rebuild (fetch_models only re-checks its checksums when the
model is present; the frozen train_ner stage is listed, not run). Prints a table; nothing
is written but the pipeline's own outputs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def run_stage(dvc: str, stage: str) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one forced stage, the stage's own Python included."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [dvc, "repro", "--force", "--single-item", stage],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # dvc.yaml says `python`: the interpreter running this script, with its packages.
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"stage {stage} failed:\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    dvc = shutil.which("dvc", path=str(Path(sys.executable).parent)) or "dvc"
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    seeds = sum(len(p.read_text(encoding="utf-8")) for p in (ROOT / "seeds").glob("*.txt"))
    print(f"seeds: {seeds} characters; {os.cpu_count()} CPUs")
    print(f"{'stage':<14}{'seconds':>9}{'peak RSS MiB':>14}")
    total = 0.0
    for stage, spec in stages.items():
        if spec.get("frozen"):  # dvc repro never runs it, even forced (make train-ner does)
            print(f"{stage:<14}{'frozen':>9}")
            continue
        seconds, rss = run_stage(dvc, stage)
        total += seconds
        print(f"{stage:<14}{seconds:>9.2f}{rss:>14.0f}")
    print(f"{'total':<14}{total:>9.2f}")


if __name__ == "__main__":
    main()

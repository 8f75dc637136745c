"""Kill a stage at every step of its publish: `python -m tests.kill_driver STAGE TEMPLATE
SEEDS WORK` runs STAGE once on a copy of TEMPLATE (WORK/new, counting the steps that
pipeline/io.py fault_point marks), then for each step k a forked child on a fresh copy
(WORK/kill<k>) that SIGKILLs itself at step k; the state it left is copied to
WORK/killed<k>, then the stage is run again on WORK/kill<k>. Children run a few at a
time (half the CPUs, at most 4), each in its own folder. Prints JSON: the number of
steps and, per step, whether the child died by SIGKILL and whether the rerun succeeded.

The children are forked from this process after its first run, so each starts with the
models loaded: 25-30 kills cost seconds, not minutes (tests/test_faults.py)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import traceback
from pathlib import Path

from pipeline import io
from pipeline.stages import extract, segment


def run_stage(stage: str, out: Path, seeds: Path) -> None:
    if stage == "segment":
        segment.main(seeds=seeds, out=out, metrics=out / "metrics")
    else:
        extract.main(out=out, workers=1)


def start_child(stage: str, out: Path, seeds: Path, kill_at: int | None) -> int:
    """A forked child that runs the stage (killing itself at step kill_at); its pid."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            io._steps_taken = 0
            if kill_at is None:
                os.environ.pop(io.KILL_AT_STEP_ENV, None)
            else:
                os.environ[io.KILL_AT_STEP_ENV] = str(kill_at)
            run_stage(stage, out, seeds)
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    return pid


def run_children(stage: str, seeds: Path, jobs: list[tuple[Path, int | None]]) -> list[int]:
    """Wait statuses of the jobs (out folder, kill step), a few children at a time."""
    parallel = max(1, min(4, (os.cpu_count() or 1) // 2))
    statuses: dict[int, int] = {}
    running: dict[int, int] = {}
    for index, (out, kill_at) in enumerate(jobs):
        if len(running) >= parallel:
            pid, status = os.wait()
            statuses[running.pop(pid)] = status
        running[start_child(stage, out, seeds, kill_at)] = index
    while running:
        pid, status = os.wait()
        statuses[running.pop(pid)] = status
    return [statuses[i] for i in range(len(jobs))]


def main() -> None:
    stage, template, seeds, work = (
        sys.argv[1],
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        Path(sys.argv[4]),
    )
    logging.basicConfig(level=logging.ERROR)
    shutil.copytree(template, work / "new")
    os.environ[io.KILL_AT_STEP_ENV] = "list"
    run_stage(stage, work / "new", seeds)
    steps = range(1, io._steps_taken + 1)
    del os.environ[io.KILL_AT_STEP_ENV]
    for step in steps:
        shutil.copytree(template, work / f"kill{step}")
    killed = run_children(stage, seeds, [(work / f"kill{step}", step) for step in steps])
    for step in steps:
        shutil.copytree(work / f"kill{step}", work / f"killed{step}")
    reruns = run_children(stage, seeds, [(work / f"kill{step}", None) for step in steps])
    results = [
        {
            "step": step,
            "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
            "rerun_ok": os.WIFEXITED(rerun) and os.WEXITSTATUS(rerun) == 0,
        }
        for step, status, rerun in zip(steps, killed, reruns, strict=True)
    ]
    print(json.dumps({"steps": len(steps), "results": results}))


if __name__ == "__main__":
    main()

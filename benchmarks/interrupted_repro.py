"""Kill `dvc repro` during the extract stage, then check that the previous tables are intact
and that the next `dvc repro` completes.

    .venv/bin/python benchmarks/interrupted_repro.py [--after SECONDS]

Run from the repository root with the pipeline built (`make repro`). Prints what it checked;
exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "outputs"


def digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in OUTPUTS.glob("*.parquet")}


def dvc(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "dvc"), *args], cwd=ROOT, env=env, start_new_session=True,
        **kwargs,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--after", type=float, default=4.0, help="seconds before the kill")
    args = parser.parse_args()
    before = digests()
    run = dvc("repro", "--force", "--single-item", "extract", stdout=subprocess.DEVNULL,
              stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(args.after)
    if run.poll() is not None:
        print(f"extract finished within {args.after} s; use a smaller --after")
        return 2
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    after = digests()
    changed = sorted(name for name in before if after.get(name) != before[name])
    print(f"killed extract after {args.after} s; tables changed: {changed or 'none'}")
    leftovers = sorted(p.name for p in OUTPUTS.glob(".*.tmp"))
    print(f"temporary files left by the kill: {leftovers or 'none'}")
    for path in OUTPUTS.glob(".*.tmp"):
        path.unlink()
    started = time.perf_counter()
    status = dvc("repro").wait()
    print(f"next `dvc repro`: exit {status} in {time.perf_counter() - started:.1f} s")
    clean = dvc("status", "--quiet").wait()
    print(f"`dvc status` afterwards: {'up to date' if clean == 0 else 'changes pending'}")
    return 0 if not changed and status == 0 and clean == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

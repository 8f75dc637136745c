"""Whole-pipeline benchmark on a large corpus, with 1 and 2 Dask workers side by side.

    .venv/bin/python benchmarks/whole_pipeline.py [--mb 50] [--workers 1 2] [--external]
        [--keep DIR] [--json FILE]

--external adds a run on an external scheduler with 2 workers started on this machine
(`dask scheduler`, 2 × `dask worker`), as on several machines sharing the repository. The
scheduler's overhead per partition is measured too: 2,000 empty partitions on a
LocalCluster of 2 workers.

Builds a corpus of pages: the seed pages plus SogouC.reduced articles
(`../shared/data/sogouc_reduced_subset`) laid out as 联谊报-style pages (masthead, dateline,
section, headline = the article's first line, 联谊报讯 + body, a byline; 6 articles a page,
8 pages an issue), repeated with new dates until it reaches --mb megabytes of UTF-8. Then
runs segment, tokenize, extract and topics on it, each stage in its own process, once per
worker count, and prints per stage: wall time, characters per second (corpus characters /
wall), CPU use (user+sys / wall, so 2.0 means both cores busy) and peak RSS of the largest
single process (ru_maxrss: the stage's process or one of its workers).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOGOUC = ROOT / "../shared/data/sogouc_reduced_subset/sogouc_reduced_600x9.jsonl.gz"
ARTICLES_PER_PAGE = 6
PAGES_PER_ISSUE = 8
REPORTERS = [
    "本报记者 董思婷",
    "本报记者 徐文燕",
    "通讯员 李北老；本报记者 徐建平",
    "本报记者 周霜",
]
STAGES = [
    ("segment", "segment.main(seeds=Path(a[0]), out=Path(a[1]), metrics=Path(a[1]) / 'metrics')"),
    ("tokenize", "tokenize.main(out=Path(a[1]), workers=int(a[2]))"),
    ("extract", "extract.main(out=Path(a[1]), workers=int(a[2]))"),
    ("topics", "topics.main(out=Path(a[1]))"),
]


def sogouc_articles() -> list[tuple[str, str]]:
    """(headline, body paragraphs) of each SogouC article, full-width indents removed."""
    out = []
    with gzip.open(SOGOUC, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"].replace("&nbsp", " ").replace("\r\n", "\n")
            paragraphs = [p.strip(" \u3000\t") for p in text.split("\n")]
            paragraphs = [p for p in paragraphs if p]
            if len(paragraphs) >= 2:
                out.append((paragraphs[0][:30], "\n".join(paragraphs[1:])))
    return out


def build_corpus(folder: Path, megabytes: float, max_pages: int | None = None) -> int:
    """Write pages into `folder` until they hold `megabytes` of UTF-8 (or are `max_pages`
    pages, the seeds included); returns characters."""
    folder.mkdir(parents=True)
    total_bytes = total_chars = 0
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        total_chars += len(seed.read_text(encoding="utf-8"))
        total_bytes += seed.stat().st_size
    articles = sogouc_articles()
    n_seeds = len(list(folder.glob("*.txt")))
    page = 0
    while total_bytes < megabytes * 1_000_000 and (max_pages is None or page + n_seeds < max_pages):
        issue_day = date(2020, 1, 1) + timedelta(days=page // PAGES_PER_ISSUE)
        weekday = "一二三四五六日"[issue_day.weekday()]
        lines = [
            "联谊报",
            f"{issue_day.year}年{issue_day.month}月{issue_day.day}日 星期{weekday}",
            "综合新闻",
        ]
        for k in range(ARTICLES_PER_PAGE):
            title, body = articles[(page * ARTICLES_PER_PAGE + k) % len(articles)]
            lines += ["", title, f"联谊报讯 {body}", REPORTERS[(page + k) % len(REPORTERS)]]
        text = "\n".join(lines) + "\n"
        (folder / f"bench_{page:06d}.txt").write_text(text, encoding="utf-8")
        total_chars += len(text)
        total_bytes += len(text.encode("utf-8"))
        page += 1
    return total_chars


def run_stage(
    code: str, pages: Path, out: Path, workers: int, env: dict[str, str] | None = None
) -> dict:
    module = code.split(".")[0]
    script = (
        "import sys; from pathlib import Path; "
        f"from pipeline.stages import {module}; a = sys.argv[1:]; {code}"
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(pages), str(out), str(workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "CI": "true", **(env or {})},
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"stage failed:\n{process.stderr.read().decode()[-3000:]}")
    return {
        "seconds": round(wall, 1),
        "cpu": round((usage.ru_utime + usage.ru_stime) / wall, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
    }


@contextmanager
def external_cluster() -> Iterator[str]:
    """A `dask scheduler` and two single-threaded `dask worker`s on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    processes = [
        subprocess.Popen([*scheduler, "--port", str(port), "--dashboard-address", ":0"], **quiet)
    ]
    processes += [subprocess.Popen([*worker, "--no-dashboard"], **quiet) for _ in range(2)]
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=60)


def _nothing(item: int) -> int:
    return item


def _no_setup() -> None:
    pass


def scheduler_overhead(partitions: int = 2000) -> float:
    """Milliseconds of scheduling per partition: empty partitions on 2 local workers."""
    from pipeline.parallel import dask_client, map_partitions

    with dask_client(2) as client:
        map_partitions(_nothing, list(range(20)), client, _no_setup)  # warm up
        started = time.perf_counter()
        map_partitions(_nothing, list(range(partitions)), client, _no_setup)
        return round((time.perf_counter() - started) / partitions * 1000, 2)


def model_bound(out: Path, n_chars: int) -> dict:
    """The two models alone on the corpus, one thread each (this process): the NER model
    on every sentence, spaCy + pkuseg on every paragraph; characters are the corpus's, as
    for the pipeline. A pipeline bound by the two models does 1 / (1/ner + 1/pkuseg)
    characters a second per worker."""
    import pandas as pd
    from threadpoolctl import threadpool_limits

    from pipeline.ner.backends import ZhnewsNer
    from pipeline.params import load_params
    from pipeline.paths import NER_DIR, PKUSEG_DIR
    from pipeline.tokenize.nlp import build_nlp
    from pipeline.tokenize.sentences import paragraphs

    params = load_params().tokenize
    articles = pd.read_parquet(out / "articles.parquet", columns=["body"])
    texts = [
        text for body in articles["body"] for _, text in paragraphs(body, params.max_chunk_chars)
    ]
    sentences = pd.read_parquet(out / "sentences.parquet", columns=["text"])["text"].tolist()
    with threadpool_limits(1):
        nlp = build_nlp(PKUSEG_DIR, params.sentence_end_chars)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        pkuseg = n_chars / (time.perf_counter() - started)
        ner = ZhnewsNer(NER_DIR, threads=1)
        started = time.perf_counter()
        for start in range(0, len(sentences), 2000):
            ner.predict(sentences[start : start + 2000])
        ner_speed = n_chars / (time.perf_counter() - started)
    return {
        "ner_chars_per_second": round(ner_speed),
        "pkuseg_chars_per_second": round(pkuseg),
        "ideal_per_worker": round(1 / (1 / ner_speed + 1 / pkuseg)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB of UTF-8")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument(
        "--external", action="store_true", help="add a run on an external scheduler"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhnews-bench-"))
    pages = args.keep or work / "pages"
    n_chars = build_corpus(pages, args.mb)
    n_pages = len(list(pages.glob("*.txt")))
    print(f"corpus: {n_pages:,} pages, {n_chars:,} characters, {args.mb:g} MB  ({pages})")
    results: dict = {"n_pages": n_pages, "n_chars": n_chars, "runs": {}}
    runs = [(str(w), w, None) for w in args.workers]
    if args.external:
        runs.append(("external", 2, "external"))
    for label, workers, mode in runs:
        out = work / f"out_{label}"
        out.mkdir()
        run = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
        with external_cluster() if mode else nullcontext() as address:
            env = {"ZHNEWS_DASK_ADDRESS": address} if address else None
            for name, code in STAGES:
                run[name] = run_stage(code, pages, out, workers, env)
                print(f"  {label} {name}: {run[name]}", flush=True)
        stages = [run[name] for name, _ in STAGES]
        total = sum(stage["seconds"] for stage in stages)
        for stage in stages:
            stage["chars_per_second"] = round(n_chars / stage["seconds"])
        run["total"] = {"seconds": round(total, 1), "chars_per_second": round(n_chars / total)}
        run["workers"] = workers
        run["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        results["runs"][label] = run
    results["scheduler_overhead_ms_per_partition"] = scheduler_overhead()
    print(f"scheduler overhead: {results['scheduler_overhead_ms_per_partition']} ms a partition")
    bound = results["bound"] = model_bound(work / f"out_{runs[0][0]}", n_chars)
    print(
        f"models alone, one thread: NER {bound['ner_chars_per_second']:,} chars/s, spaCy + "
        f"pkuseg {bound['pkuseg_chars_per_second']:,}; ideal {bound['ideal_per_worker']:,} "
        "chars/s per worker"
    )
    for label, run in results["runs"].items():
        ideal = bound["ideal_per_worker"] * run["workers"]
        run["total"]["share_of_bound"] = round(run["total"]["chars_per_second"] / ideal, 3)
        print(
            f"  {label}: {run['total']['chars_per_second']:,} chars/s = "
            f"{run['total']['share_of_bound']:.2f} of the bound of {run['workers']} workers "
            f"({ideal:,}); load average before {run['load_average_before']}, after "
            f"{run['load_average_after']}"
        )
    if "1" in results["runs"] and "2" in results["runs"]:
        one, two = (results["runs"][w]["total"]["seconds"] for w in ("1", "2"))
        results["speedup_2_workers"] = round(one / two, 2)
        print(f"2 workers / 1 worker: {results['speedup_2_workers']}x")
    labels = [label for label, _, _ in runs]
    print(f"\n{'stage':<10}" + "".join(f"{label:>44}" for label in labels))
    print(f"{'':<10}" + f"{'s':>10}{'chars/s':>12}{'cpu':>8}{'RSS MiB':>14}" * len(labels))
    for name in [*(s for s, _ in STAGES), "total"]:
        cells = ""
        for label in labels:
            stage = results["runs"][label][name]
            cells += f"{stage['seconds']:>10.1f}{stage['chars_per_second']:>12,}"
            cells += f"{stage.get('cpu', ''):>8}{stage.get('peak_rss_mib', ''):>14}"
        print(f"{name:<10}{cells}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

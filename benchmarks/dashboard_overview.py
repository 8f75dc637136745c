"""How long the dashboard's overview and article view take to build on the outputs of a
large corpus.

    .venv/bin/python benchmarks/dashboard_overview.py [--copies 2000] [--json FILE]

The seed outputs (outputs/*.parquet, 9,619 characters of pages) are copied `--copies`
times with new page and article ids (2,000 copies: 19 M characters, the size of the 50 MB
benchmark corpus), written to a temp folder, then read and turned into the overview as the
app does on start and on every filter change: load_outputs, then the overview's tables,
summary, topic chart and network. Best of 3. Then the article view (the page an article
link opens: its fields, highlighted body and role links) for 20 articles spread over the
tables, on the loaded tables as the running app has them: the slowest of the 20.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline.dashboard.pages.articles import article_page
from pipeline.dashboard.pages.overview import overview_page
from pipeline.dashboard.requests import Route
from pipeline.dashboard.tables import load_outputs
from pipeline.paths import OUTPUTS_DIR

TABLES = ("pages", "articles", "mentions", "roles", "entities", "topics", "article_topics")


def scaled_outputs(folder: Path, copies: int) -> int:
    """The seed tables, `copies` times over with fresh ids, written to `folder`; returns the
    characters of page text they stand for."""
    pages = pd.read_parquet(OUTPUTS_DIR / "pages.parquet")
    for name in TABLES:
        table = pd.read_parquet(OUTPUTS_DIR / f"{name}.parquet")
        if name in ("entities", "topics"):
            table.to_parquet(folder / f"{name}.parquet", index=False)
            continue
        parts = []
        for k in range(copies):
            part = table.copy()
            for column in ("page_id", "article_id"):
                if column in part:
                    part[column] = part[column].astype(str) + f"_{k}"
            parts.append(part)
        pd.concat(parts, ignore_index=True).to_parquet(folder / f"{name}.parquet", index=False)
    return int(pages["n_chars"].sum()) * copies if "n_chars" in pages else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zhnews-dash-"))
    try:
        chars = scaled_outputs(folder, args.copies)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            overview_page(load_outputs(folder))
            best = min(best, time.perf_counter() - started)
        data = load_outputs(folder)
        ids = data.tables["articles"]["article_id"]
        article_page(data, Route("article", ids.iloc[0]))  # the first builds the article index
        slowest = 0.0
        for article_id in ids.iloc[:: max(len(ids) // 20, 1)][:20]:
            started = time.perf_counter()
            article_page(data, Route("article", article_id))
            slowest = max(slowest, time.perf_counter() - started)
        mentions = len(data.tables["mentions"])
        result = {"copies": args.copies, "page_chars": chars, "mentions": mentions,
                  "overview_seconds": round(best, 2),
                  "article_view_seconds": round(slowest, 3)}  # fmt: skip
        print(json.dumps(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

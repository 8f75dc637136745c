"""Topics on all 人民日报 pages: the figures of evaluate_topics' renminribao part, plus the
clustering step's speed and peak memory, from cached tokens.

    .venv/bin/python benchmarks/topics_renminribao.py CACHE.parquet [--json OUT] [--set K=V …]

CACHE.parquet comes from benchmarks/topics_renminribao_tokens.py (tokenizing is the slow
part and is done once). Prints the number of topics, outlier share, NPMI coherence, keyword
probes, each topic's label and size; and the topics stage's work on these tokens (phrases,
features, clustering, labels, merge tree, model) in seconds and characters per second, with
the process's peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import time
from pathlib import Path

import pandas as pd
import yaml

from pipeline.params import load_params
from pipeline.paths import ROOT
from pipeline.segment.gold import read_gold_pages
from pipeline.topics.evaluate import evaluate_pages
from pipeline.topics.gold_pages import gold_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tokens", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--set", nargs="*", default=[], help="topics params to override: n_topics=100 …"
    )
    args = parser.parse_args()
    params = load_params()
    overrides = {k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in args.set)}
    topics = dataclasses.replace(params.topics, **overrides)
    tokens = pd.read_parquet(args.tokens, columns=["article_id", "text"])
    titles = pd.read_parquet(args.tokens.with_suffix(".titles.parquet"))["title"]
    articles = gold_articles(read_gold_pages(ROOT / params.data.renminribao_pages))
    n_chars = int(articles["n_chars"].sum())
    cpu = time.process_time()
    result = evaluate_pages(tokens, titles, topics, params.evaluate_topics.probes)
    result["cpu_seconds_total"] = round(time.process_time() - cpu, 1)
    result["n_chars"] = n_chars
    result["chars_per_second_topics"] = round(n_chars / result["seconds_topics"])
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    listing = result.pop("topics")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    for topic in sorted(listing, key=lambda t: -t["n_articles"]):
        print(f"{topic['topic_id']:4d} {topic['n_articles']:6d}  {topic['label']}")
    if args.json:
        result["topics"] = listing
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()

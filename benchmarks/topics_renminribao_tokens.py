"""Tokenize the 人民日报 gold articles once, for topic experiments and benchmarks.

    nice -n 10 .venv/bin/python benchmarks/topics_renminribao_tokens.py CACHE.parquet

Reads data.renminribao_pages (all 2,024 pages), cuts the articles at the gold spans and
runs the tokenize stage's own code (spaCy + pkuseg, tokenize.* params) on their bodies
with `--workers` processes (about 35 CPU-minutes on the 2-core build machine). Writes the
tokens (article_id, text) to the path given and the gold titles beside it
(….titles.parquet); benchmarks/topics_renminribao.py reads both.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.params import load_params
from pipeline.paths import ROOT
from pipeline.topics.evaluate import renminribao_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tokens", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    params = load_params()
    tokens, titles = renminribao_tokens(ROOT / params.data.renminribao_pages, params, args.workers)
    args.tokens.parent.mkdir(parents=True, exist_ok=True)
    tokens.to_parquet(args.tokens, index=False)
    titles.to_frame().to_parquet(args.tokens.with_suffix(".titles.parquet"))


if __name__ == "__main__":
    main()

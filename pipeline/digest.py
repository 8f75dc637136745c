"""Fingerprints of the output tables: one SHA-256 per table over its column names, dtypes
and every value, so two runs can be compared (a refactor must leave the seed tables as
they were: tests/test_stages.py checks them against tests/data/seed_table_digests.json).

    python -m pipeline.digest outputs            # print the digests of the tables in outputs/
    python -m pipeline.digest outputs --write tests/data/seed_table_digests.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd

from pipeline.catalog import BY_NAME, TABLES
from pipeline.io import write_json


def table_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of the table's columns, dtypes and values in row order (lists as JSON)."""
    digest = hashlib.sha256()
    digest.update(json.dumps([[c, str(t)] for c, t in frame.dtypes.items()]).encode())
    for row in frame.itertuples(index=False):
        cells = [v.tolist() if hasattr(v, "tolist") else v for v in row]
        digest.update(json.dumps(cells, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def folder_digests(folder: Path) -> dict[str, str]:
    """Table name -> digest for every catalog table in `folder`, by name."""
    present = sorted(t.name for t in TABLES if t.path(folder).exists())
    return {name: table_digest(pd.read_parquet(BY_NAME[name].path(folder))) for name in present}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of output tables")
    parser.add_argument("--write", type=Path, help="write the digests to this JSON file")
    args = parser.parse_args()
    digests = folder_digests(args.folder)
    if args.write:
        write_json(digests, args.write)
    print(json.dumps(digests, indent=2))


if __name__ == "__main__":
    main()

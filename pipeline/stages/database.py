"""DVC stage database: outputs/*.parquet -> outputs/zhnews.duckdb (tables for SQL tools)."""

import logging
from pathlib import Path

from pipeline.database import build_database
from pipeline.paths import OUTPUTS_DIR


def main(out: Path = OUTPUTS_DIR) -> None:
    build_database(out, out / "zhnews.duckdb")


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

"""DVC stage database: outputs/*.parquet -> outputs/zhnews.duckdb (tables for SQL tools),
and outputs/zhnews.duckdb.json, the deterministic record of it that DVC tracks."""

import logging
from pathlib import Path

from pipeline.database import build_database, write_database_summary
from pipeline.paths import OUTPUTS_DIR


def main(out: Path = OUTPUTS_DIR) -> None:
    database = out / "zhnews.duckdb"
    write_database_summary(out, build_database(out, database), database)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main()

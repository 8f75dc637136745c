"""outputs/zhnews.duckdb: every output table copied into one DuckDB file, so Superset,
Metabase or DBeaver users can query the outputs with SQL without reading parquet.

`views.sql` (beside this module, written by `python -m pipeline.docs` from `views_sql()`)
defines the same names as views over the parquet files instead, for tools that should
always see the latest tables.

DuckDB writes a random identifier into each new file, so the file differs between two
builds of identical tables. DVC therefore tracks `zhnews.duckdb.json` (each table's row
count and the SHA-256 of the parquet file it was copied from), which is identical for
identical tables, and not the database file itself.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import duckdb

from pipeline.catalog import BY_NAME, TABLES
from pipeline.io import atomic_path, settle_outputs, write_json

log = logging.getLogger(__name__)

# One join analysts ask for all the time: each role with the article stating it.
PERSON_ROLES_VIEW = """CREATE OR REPLACE VIEW person_roles AS
SELECT r.person, r.title, r.org_full, r.role_text, r.method, a.title AS article_title,
       a.date, a.page_id, r.article_id
FROM roles r LEFT JOIN articles a USING (article_id);
"""
VIEWS_HEADER = """\
-- Views over the parquet outputs, for DuckDB (CLI, DBeaver, Superset/Metabase DuckDB drivers).
-- Written by `python -m pipeline.docs` from pipeline/catalog.py; do not edit by hand.
-- Run from the repository root:  duckdb -init pipeline/database/views.sql
-- or in Python:  duckdb.connect().execute(open("pipeline/database/views.sql").read())
"""


def build_database(outputs: Path, target: Path) -> list[str]:
    """Copy the tables found in `outputs` into a new DuckDB file at `target` (atomically);
    returns the table names written. A missing table is skipped with a warning."""
    settle_outputs(outputs)
    written = []
    with atomic_path(target, placeholder=False) as tmp, duckdb.connect(str(tmp)) as connection:
        for table in TABLES:
            path = table.path(outputs)
            if not path.exists():
                log.warning("%s: missing, table %s not created", path, table.name)
                continue
            connection.execute(
                f"CREATE TABLE {table.name} AS SELECT * FROM read_parquet(?)", [str(path)]
            )
            written.append(table.name)
        if {"roles", "articles"} <= set(written):
            connection.execute(PERSON_ROLES_VIEW)
    log.info("wrote %s (%d tables)", target, len(written))
    return written


def views_sql(folder: str = "outputs") -> str:
    """The text of views.sql: one view per catalog table over its parquet file in `folder`
    (relative to where DuckDB runs), and person_roles."""
    views = [
        f"CREATE OR REPLACE VIEW {t.name} AS SELECT * FROM read_parquet('{folder}/{t.file_name}');"
        for t in TABLES
    ]
    return VIEWS_HEADER + "\n".join(views) + "\n" + PERSON_ROLES_VIEW


def write_database_summary(outputs: Path, tables: list[str], target: Path) -> None:
    """What the database was built from, deterministically: per table its row count and
    the SHA-256 of its parquet file (DVC's record of the database stage)."""
    import pyarrow.parquet as parquet

    summary = {}
    for name in tables:
        path = BY_NAME[name].path(outputs)
        summary[name] = {
            "rows": parquet.ParquetFile(path).metadata.num_rows,
            "parquet_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    write_json(
        {"database": target.name, "tables": summary}, target.with_name(f"{target.name}.json")
    )

"""outputs/zhnews.duckdb: every output table copied into one DuckDB file, so Superset,
Metabase or DBeaver users can query the outputs with SQL without reading parquet.

`views.sql` (beside this module) defines the same names as views over the parquet files
instead, for tools that should always see the latest tables.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from pipeline.io import atomic_path

log = logging.getLogger(__name__)

TABLES = (
    "pages", "articles", "page_spans", "problems", "sentences", "tokens", "mentions",
    "roles", "entities", "topics", "article_topics", "extract_problems",
)  # fmt: skip
VIEWS_SQL = Path(__file__).with_name("views.sql")
# One join analysts ask for all the time: each role with the article stating it.
PERSON_ROLES_VIEW = """
CREATE VIEW person_roles AS
SELECT r.person, r.title, r.org_full, r.role_text, r.method, a.title AS article_title,
       a.date, a.page_id, r.article_id
FROM roles r LEFT JOIN articles a USING (article_id)
"""


def build_database(outputs: Path, target: Path) -> list[str]:
    """Copy the tables found in `outputs` into a new DuckDB file at `target` (atomically);
    returns the table names written. A missing table is skipped with a warning."""
    written = []
    with atomic_path(target, placeholder=False) as tmp, duckdb.connect(str(tmp)) as connection:
        for name in TABLES:
            path = outputs / f"{name}.parquet"
            if not path.exists():
                log.warning("%s: missing, table %s not created", path, name)
                continue
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [str(path)])
            written.append(name)
        if {"roles", "articles"} <= set(written):
            connection.execute(PERSON_ROLES_VIEW)
    log.info("wrote %s (%d tables)", target, len(written))
    return written

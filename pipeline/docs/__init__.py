"""The generated documentation: docs/tables.md (from pipeline/catalog.py, the pandera
schemas and columns.yaml), docs/evaluation.md (from outputs/metrics/*.json) and
pipeline/database/views.sql (from the catalog). `python -m pipeline.docs` writes them;
tests/test_docs.py checks the committed files equal what it writes."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.catalog import TABLES, Table
from pipeline.database import views_sql
from pipeline.docs.evaluation import evaluation_markdown, markdown_table
from pipeline.paths import METRICS_DIR, ROOT

HERE = Path(__file__).resolve().parent
# Schema dtypes as a reader of the parquet files sees them; object columns hold lists.
TYPE_NAMES = {
    "string[pyarrow]": "str", "str": "str", "int64": "int", "Int64": "int", "float64": "float",
    "datetime64[ns]": "timestamp", "object": "list of str",
}  # fmt: skip
COLUMNS_FILE = HERE / "columns.yaml"
TABLES_INTRO = HERE / "tables_intro.md"


def column_meanings() -> dict[str, dict]:
    """Table name -> {"columns": {column: meaning}, "notes": text}, from columns.yaml."""
    return yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))


def column_type(table: Table, column: str) -> str:
    """The schema's type of a column, its allowed values and whether it may be null."""
    spec = table.schema.to_schema().columns[column]
    allowed = next(
        (c.statistics["allowed_values"] for c in spec.checks if "allowed_values" in c.statistics),
        None,
    )
    kind = (
        " \\| ".join(f"`{v}`" for v in allowed)
        if allowed
        else TYPE_NAMES.get(str(spec.dtype), str(spec.dtype))
    )
    return kind + (", nullable" if spec.nullable else "")


def table_section(table: Table, meanings: dict) -> str:
    rows = [
        [f"`{c}`", column_type(table, c), meanings["columns"][c].replace("|", "\\|")]
        for c in table.columns
    ]
    parts = [
        f"### `{table.name}` — {table.description}",
        f"Written by `{table.stage}` to `outputs/{table.file_name}`; schema "
        f"`{table.schema.__name__}`; key: {', '.join(f'`{k}`' for k in table.key)}.",
    ]
    if meanings.get("notes"):
        parts.append(meanings["notes"])
    parts.append(markdown_table(["column", "type", "meaning"], rows))
    return "\n\n".join(parts)


def tables_markdown() -> str:
    meanings = column_meanings()
    sections = [table_section(t, meanings[t.name]) for t in TABLES]
    return TABLES_INTRO.read_text(encoding="utf-8") + "\n" + "\n\n".join(sections) + "\n"


def generated_files(root: Path = ROOT, metrics_dir: Path = METRICS_DIR) -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {
        root / "docs/tables.md": tables_markdown(),
        root / "docs/evaluation.md": evaluation_markdown(metrics_dir),
        root / "pipeline/database/views.sql": views_sql(),
    }

"""The generated documentation is up to date and covers every column of every table."""

import pytest

from pipeline.catalog import TABLES
from pipeline.docs import column_meanings, generated_files
from pipeline.paths import ROOT


@pytest.mark.parametrize("path", list(generated_files()), ids=lambda p: p.name)
def test_committed_file_is_what_the_generator_writes(path):
    """docs/tables.md, docs/evaluation.md and views.sql: run `python -m pipeline.docs`."""
    assert path.read_text(encoding="utf-8") == generated_files()[path]


def test_every_column_has_a_meaning_and_no_meaning_is_for_a_column_gone():
    meanings = column_meanings()
    assert set(meanings) == {t.name for t in TABLES}
    for table in TABLES:
        documented = meanings[table.name]["columns"]
        assert list(documented) == table.columns, table.name
        assert all(m.strip() for m in documented.values()), table.name


def test_evaluation_figures_come_from_the_metrics_files(tmp_path):
    """A figure changed in a metrics file changes the page; a missing file drops its part."""
    import json
    import shutil

    metrics = ROOT / "outputs/metrics"
    shutil.copy(metrics / "roles.json", tmp_path / "roles.json")
    page = generated_files(metrics_dir=tmp_path)[ROOT / "docs/evaluation.md"]
    assert "| seed_links | 65 | 1.000 | 1.000 | 1.000 |" in page
    assert "## Role links" in page and "## Named entities" not in page
    roles = json.loads((tmp_path / "roles.json").read_text())
    roles["seed_links"]["f1"] = 0.5
    (tmp_path / "roles.json").write_text(json.dumps(roles))
    page = generated_files(metrics_dir=tmp_path)[ROOT / "docs/evaluation.md"]
    assert "| seed_links | 65 | 1.000 | 1.000 | 0.500 |" in page


def test_the_views_cover_every_table_and_read_in_duckdb(stage_outputs):
    """Over the seed tables the stages write (a clean clone has no outputs/*.parquet)."""
    import duckdb

    from pipeline.database import views_sql

    connection = duckdb.connect()
    connection.execute(views_sql(str(stage_outputs)))
    views = {row[0] for row in connection.sql("SELECT view_name FROM duckdb_views()").fetchall()}
    assert {t.name for t in TABLES} | {"person_roles"} <= views

"""The catalog agrees with dvc.yaml and the schemas, so a table is declared once."""

import yaml

from pipeline.catalog import BY_NAME, TABLES, problems_frame
from pipeline.paths import ROOT
from pipeline.records import Problem


def _parquet_outs() -> dict[str, set[str]]:
    """Stage -> the parquet files dvc.yaml lists as its outputs."""
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    outs = {}
    for name, stage in stages.items():
        paths = [next(iter(o)) if isinstance(o, dict) else o for o in stage.get("outs", [])]
        outs[name] = {p for p in paths if p.startswith("outputs/") and p.endswith(".parquet")}
    return outs


def test_every_catalog_table_is_an_output_of_its_stage_and_no_other():
    outs = _parquet_outs()
    for table in TABLES:
        assert f"outputs/{table.file_name}" in outs[table.stage], table.name
    declared = {p for paths in outs.values() for p in paths}
    assert declared == {f"outputs/{t.file_name}" for t in TABLES}


def test_key_columns_are_columns_of_their_table():
    for table in TABLES:
        assert table.key and set(table.key) <= set(table.columns), table.name


def test_problem_records_become_rows_of_both_problem_tables():
    problems = [Problem("seeds/x.txt", "x", "error", "empty", "seeds/x.txt: empty")]
    frame = problems_frame(problems)
    for name in ("problems", "extract_problems"):
        validated = BY_NAME[name].schema.validate(frame)
        assert list(validated.columns) == BY_NAME[name].columns
        assert validated.iloc[0].to_dict()["detail"] == "seeds/x.txt: empty"
    assert list(problems_frame([]).columns) == BY_NAME["problems"].columns

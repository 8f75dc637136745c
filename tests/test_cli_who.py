"""`zhnews who` and `zhnews run` as a person meets them: help without type tags, the stages
listed, not-found on stderr with the closest names, 80 columns."""

import re

import pandas as pd
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from pipeline.cli import STAGES, app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "ner", "who", "dashboard", "doctor", "--help"])
def test_help_has_no_type_tags(command):
    result = runner.invoke(app, [command, "--help"] if command != "--help" else ["--help"],
                           env={"COLUMNS": "80"})  # fmt: skip
    assert result.exit_code == 0
    assert not re.search(r"<(bool|str|int|path|list\[str\])>|\{[a-z_]+\}", result.output)
    assert all(cell_len(line) <= 80 for line in result.output.splitlines())


def test_run_help_lists_every_stage_and_refuses_an_unknown_one():
    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "80"})
    text = " ".join(result.output.split())
    assert {"segment", "tokenize", "extract", "topics", "database"} <= set(STAGES)
    assert all(stage in text for stage in STAGES)
    result = runner.invoke(app, ["run", "extrct"])
    assert result.exit_code == 1
    assert "No stage named 'extrct'; did you mean extract?" in result.stderr
    assert result.stdout == ""


def test_who_not_found_goes_to_stderr_with_the_closest_names(stage_outputs):
    result = runner.invoke(app, ["who", "张锋", "--outputs", str(stage_outputs)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "No one named like '张锋'" in result.stderr and "张峰" in result.stderr


def test_who_finds_anyone_in_entities_and_fits_80_columns(stage_outputs):
    # A person the entities table has but no role link names: found all the same.
    entities = pd.read_parquet(stage_outputs / "entities.parquet")
    titled = set(pd.read_parquet(stage_outputs / "roles.parquet")["person"])
    untitled = sorted(set(entities.query("label == 'PERSON'")["name"]) - titled)[0]
    result = runner.invoke(app, ["who", untitled, "--outputs", str(stage_outputs)],
                           env={"COLUMNS": "80"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert untitled in result.output and "no titles found" in result.output
    result = runner.invoke(app, ["who", "张峰", "--outputs", str(stage_outputs)],
                           env={"COLUMNS": "80"})  # fmt: skip
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), max(lines, key=cell_len)
    flat = "".join(line.strip("│ ") for line in lines)
    # The source sentence, whole, and both titles with their organisations.
    assert "市政协委员、晶睿电子科技公司董事" in flat.replace("│", "").replace(" ", "")
    for text in ("委员", "丽水市政协", "董事长", "晶睿电子科技公司", "page 1"):
        assert text in result.output

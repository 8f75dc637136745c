"""The zhnews command: who, doctor and every command's help, on the seed tables."""

import pytest
from typer.testing import CliRunner

from pipeline.cli import app, installation_checks

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "ner", "who", "dashboard", "doctor"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_who_lists_a_persons_titles_and_organisations(stage_outputs):
    result = runner.invoke(
        app, ["who", "张峰", "--outputs", str(stage_outputs)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    for text in ("委员", "丽水市政协", "董事长", "晶睿电子科技公司", "浙江省政协"):
        assert text in result.output


def test_who_says_when_no_one_is_found(stage_outputs):
    result = runner.invoke(app, ["who", "无此人", "--outputs", str(stage_outputs)])
    assert result.exit_code == 1 and "No one named like" in result.output


def test_who_names_the_missing_table(tmp_path):
    result = runner.invoke(app, ["who", "张峰", "--outputs", str(tmp_path)])
    assert result.exit_code != 0 and "roles.parquet" in result.output


def test_doctor_passes_on_this_installation():
    checks = installation_checks()
    assert all(ok for ok, _, _ in checks), [what for ok, what, _ in checks if not ok]
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0 and "NER model in models/ner" in result.output

"""Reading pages (the stage's own reader) and writing tables: clear errors, atomic writes."""

import json

import pandas as pd
import pytest

from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.io import write_json, write_table
from pipeline.params import load_params
from pipeline.schemas import SentenceTable


def _sentences(text="第一句。"):
    return pd.DataFrame(
        {"article_id": ["a"], "sentence_idx": [0], "start": [0], "end": [len(text)], "text": [text]}
    )


def test_failed_write_keeps_previous_table(tmp_path):
    path = tmp_path / "sentences.parquet"
    write_table(_sentences(), SentenceTable, path)
    bad = _sentences().assign(sentence_idx=-1)
    with pytest.raises(ValueError, match=r"sentences\.parquet.*SentenceTable"):
        write_table(bad, SentenceTable, path)
    assert pd.read_parquet(path)["text"].tolist() == ["第一句。"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences.parquet"]


def test_write_json_is_stable(tmp_path):
    path = tmp_path / "m.json"
    write_json({"b": 1, "a": "丽水"}, path)
    first = path.read_bytes()
    write_json({"a": "丽水", "b": 1}, path)
    assert path.read_bytes() == first and json.loads(first)["a"] == "丽水"


def _read(folder):
    return read_pages_checked(folder, InputLimits(max_page_chars=10_000, min_cjk_share=0.2))


def test_undecodable_page_names_file(tmp_path):
    (tmp_path / "good.txt").write_text("联谊报讯 张峰说。", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("联谊报讯".encode() + b"\x80\x80")
    pages, problems = _read(tmp_path)
    assert [p.page_id for p in pages] == ["good"]
    (problem,) = problems
    assert problem.severity == "error" and "bad.txt" in problem.detail


def test_bom_is_dropped(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeff联谊报".encode())
    (page,), _ = _read(tmp_path)
    assert page.text == "联谊报"


def test_missing_or_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        _read(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="holds no"):
        _read(tmp_path)


def test_params_error_names_file_and_section(tmp_path):
    broken = tmp_path / "params.yaml"
    broken.write_text("segment: {max_title_chars: 40}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"params\.yaml: section 'fetch_models'"):
        load_params(broken)

"""Page metadata from a manifest, a path pattern and the page's own text."""

from datetime import date

import pytest

from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.segment.metadata import (
    PageMeta,
    PageMetadataError,
    meta_from_path,
    page_metas,
    paper_in_text,
    read_manifest,
)


def test_path_pattern_gives_paper_date_and_page():
    meta = meta_from_path("人民日报/20191015/04.txt", "{paper}/{date:%Y%m%d}/{page_no}.txt")
    assert meta == PageMeta("人民日报", date(2019, 10, 15), 4)


def test_path_outside_the_pattern_gives_nothing():
    assert meta_from_path("notes/readme.txt", "{paper}/{date:%Y%m%d}/{page_no}.txt") == PageMeta()
    assert meta_from_path("人民日报/2019-13-45/04.txt", "{paper}/{date}/{page_no}.txt").date is None
    assert meta_from_path("a.txt", None) == PageMeta()


def test_manifest_comes_before_the_path_pattern(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "path,paper,date,page_no\n2019/1015/04.txt,光明日报,2019-10-15,\n", encoding="utf-8"
    )
    metas = page_metas(
        tmp_path, ["2019/1015/04", "2019/1016/01"], "manifest.csv", "{date:%Y/%m%d}/{page_no}.txt"
    )
    assert metas["2019/1015/04"] == PageMeta("光明日报", date(2019, 10, 15), 4)
    assert metas["2019/1016/01"] == PageMeta(None, date(2019, 10, 16), 1)


def test_bad_manifest_names_the_file_and_line(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("path,date\na.txt,2019-10-15\nb.txt,15/10/2019\n", encoding="utf-8")
    with pytest.raises(PageMetadataError, match=r"manifest\.csv:3"):
        read_manifest(path)
    path.write_text("file,date\na.txt,2019-10-15\n", encoding="utf-8")
    with pytest.raises(PageMetadataError, match="path"):
        read_manifest(path)


def test_paper_named_by_masthead_or_source_tag():
    assert paper_in_text(["联谊报", "国内统一刊号…"], ("联谊报",)) == "联谊报"
    assert paper_in_text(["标题", "联谊报讯 近日，…"], ("联谊报",)) == "联谊报"
    assert paper_in_text(["标题", "据联谊报报道，…"], ("联谊报",)) is None


def test_nested_corpus_is_read_with_path_ids(tmp_path):
    day = tmp_path / "pages" / "联谊报" / "20250418"
    day.mkdir(parents=True)
    (day / "01.txt").write_text("联谊报\n\n省政协召开专题协商会\n", encoding="utf-8")
    (tmp_path / "pages" / "manifest.csv").write_text("path,paper\n", encoding="utf-8")
    pages, problems = read_pages_checked(tmp_path / "pages", InputLimits(10_000, 0.2))
    assert [p.page_id for p in pages] == ["联谊报/20250418/01"]
    assert problems == []  # the manifest is not a page

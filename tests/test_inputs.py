"""Bad input: every kind of file an analyst may drop into seeds/ is read correctly or
skipped with a problem row naming the file; the good pages still come through whole."""

import pandas as pd
import pytest

from pipeline.inputs import InputLimits, decode, read_pages_checked
from pipeline.paths import SEEDS_DIR
from pipeline.schemas import ArticleTable, PageSpanTable, ProblemTable
from pipeline.stages import segment

LIMITS = InputLimits(max_page_chars=2_000_000, min_cjk_share=0.2)
SEED = sorted(SEEDS_DIR.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A folder with one good page and one of each kind of bad input."""
    folder = tmp_path_factory.mktemp("messy") / "pages"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a_good.txt").write_text(text, encoding="utf-8")
    (folder / "b_bom.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("联谊报", "联谊报 ").encode())
    (folder / "c_gbk.txt").write_bytes(text.replace("委员", "委员们").encode("gb18030"))
    (folder / "d_crlf.txt").write_bytes(
        text.replace("政协", "政协会").replace("\n", "\r\n").encode()
    )
    (folder / "e_empty.txt").write_bytes(b"")
    (folder / "f_blank.txt").write_text(" \n\n", encoding="utf-8")
    (folder / "g_control.txt").write_text(
        text.replace("。", "。\x07", 3).replace("省", "省\x00", 1) + "附", encoding="utf-8"
    )
    (folder / "h_binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "i_copy.txt").write_text(text, encoding="utf-8")
    (folder / "j_english.txt").write_text("date,value\n2024-01-01,3\n" * 50, encoding="utf-8")
    (folder / "k_huge_line.txt").write_text("浙江省政协委员" * 300_000, encoding="utf-8")
    (folder / "l_notes.csv").write_text("not a page", encoding="utf-8")
    (folder / "m_undecodable.txt").write_bytes(
        "联谊报".encode() + b"\x81\x20\xff\xfe\x80" * 3 + "委员".encode()
    )
    return folder


@pytest.fixture(scope="module")
def stage_out(messy, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    segment.main(seeds=messy, out=out, metrics=out / "metrics")
    return out


def _problems(out):
    frame = pd.read_parquet(out / "problems.parquet")
    ProblemTable.validate(frame)
    return frame


def test_each_bad_file_gets_its_problem(stage_out):
    problems = _problems(stage_out)
    by_file = {(p.source_path.split("/")[-1], p.problem): p.severity for p in problems.itertuples()}
    assert by_file == {
        ("c_gbk.txt", "encoding"): "warning",
        ("d_crlf.txt", "line_ends"): "warning",
        ("e_empty.txt", "empty"): "error",
        ("f_blank.txt", "empty"): "error",
        ("g_control.txt", "control_chars"): "warning",
        ("h_binary.txt", "binary"): "error",
        ("i_copy.txt", "duplicate"): "error",
        ("j_english.txt", "not_a_page"): "error",
        ("k_huge_line.txt", "too_large"): "error",
        ("l_notes.csv", "ignored"): "warning",
        ("m_undecodable.txt", "undecodable"): "error",
    }
    assert all(row.detail.startswith(row.source_path) for row in problems.itertuples())


def test_good_and_repaired_pages_are_processed_whole(stage_out):
    pages = pd.read_parquet(stage_out / "pages.parquet")
    assert sorted(pages["page_id"]) == ["a_good", "b_bom", "c_gbk", "d_crlf", "g_control"]
    articles = ArticleTable.validate(pd.read_parquet(stage_out / "articles.parquet"))
    spans = PageSpanTable.validate(pd.read_parquet(stage_out / "page_spans.parquet"))
    # Every character of every kept page is accounted for.
    covered = spans.assign(n=spans["end"] - spans["start"]).groupby("page_id")["n"].sum()
    assert covered.to_dict() == pages.set_index("page_id")["n_chars"].to_dict()
    gbk_bodies = articles.loc[articles["page_id"] == "c_gbk", "body"]
    assert gbk_bodies.str.contains("委员们").any()
    assert not articles["body"].str.contains("\r|\x07|\x00").any()


def test_one_megabyte_single_line_is_processed(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    line = SEED.read_text(encoding="utf-8").replace("\n", "")
    (folder / "one_line.txt").write_text((line * 80)[:350_000], encoding="utf-8")
    pages, problems = read_pages_checked(folder, LIMITS)
    assert problems == [] and len(pages[0].text) == 350_000


def test_decode_reports_the_encoding():
    assert decode("政协".encode("gb18030")) == ("政协", "gb18030")
    assert decode("\ufeff政协".encode()) == ("政协", "utf-8-sig")
    assert decode("政协".encode("utf-16")) == ("政协", "utf-16")


def test_folder_with_nothing_readable_says_why(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(
        FileNotFoundError, match=r"no readable \*\.txt pages\n.*empty\.txt: empty file"
    ):
        read_pages_checked(tmp_path, LIMITS)

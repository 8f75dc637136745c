"""Splitting pages of papers the line rules were not written for, with the line model."""

from datetime import date

import pytest

from pipeline.paths import ROOT
from pipeline.records import PageText
from pipeline.segment.metadata import PageMeta
from pipeline.segment.tables import segment_corpus

# A page in 人民日报's typography written for this test (the text is invented): a headline
# stack, datelines with credits, a photo with its credit, a commentary with a column tag.
OTHER_PAPER_PAGE = ROOT / "tests" / "data" / "segment" / "other_paper_page.txt"


@pytest.fixture(scope="module")
def other_paper(params, line_model):
    page = PageText("光明日报/20250305/03", "pages/光明日报/20250305/03.txt",
                    OTHER_PAPER_PAGE.read_text(encoding="utf-8"))  # fmt: skip
    meta = {page.page_id: PageMeta("光明日报", date(2025, 3, 5), None)}
    return segment_corpus([page], params.segment, meta, line_model)


def test_unknown_paper_is_split_by_the_line_model(other_paper):
    page = other_paper.pages.iloc[0]
    assert (page.splitter, page.paper, page.page_no) == ("model", "光明日报", 3)
    assert page.date.date() == date(2025, 3, 5)


def test_each_article_of_the_other_paper_is_found(other_paper):
    articles = other_paper.articles
    assert articles["kind"].tolist() == ["article"] * 4
    assert articles["title"].tolist() == [
        "山区县探索“共富工坊”新路子",
        "前两月规模以上工业增加值增长5.8%",
        "春耕备耕正当时",
        "让基层减负真正落地见效",
    ]


def test_headline_stack_dateline_and_credits(other_paper):
    first = other_paper.articles.iloc[0]
    assert (first.kicker, first.subtitle) == ("聚焦乡村振兴", "带动三万余名农民就近就业")
    assert first.source_tag == "本报杭州3月4日电"
    assert (first.source_place, first.source_date.date()) == ("杭州", date(2025, 3, 4))
    assert first.reporters == ["李明远"]
    assert first.body.startswith("记者从省农业农村厅获悉")


def test_types_and_column_tag(other_paper):
    articles = other_paper.articles.set_index("title")
    assert articles["type"].tolist() == ["news", "news", "photo", "commentary"]
    assert articles.loc["让基层减负真正落地见效", "column_tag"] == "人民论坛"
    assert articles.loc["春耕备耕正当时", "reporters"] == ["张华"]


def test_every_character_of_the_other_paper_is_accounted_for(other_paper):
    spans = other_paper.page_spans
    assert spans["start"].iloc[0] == 0
    assert (spans["start"].iloc[1:].to_numpy() == spans["end"].iloc[:-1].to_numpy()).all()
    assert spans["end"].iloc[-1] == len(OTHER_PAPER_PAGE.read_text(encoding="utf-8"))

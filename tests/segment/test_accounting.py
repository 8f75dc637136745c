"""Every input character is accounted for: page_spans tiles each page, and each span's text
is where its row says it went."""

import re

import pandas as pd
import pytest

from pipeline.inputs import read_pages_checked
from pipeline.segment.metrics import segment_metrics
from pipeline.segment.tables import segment_corpus
from tests.conftest import PAGE_000, limits

HANDMADE = "tests/data/pages"


def _squash(text) -> str:
    return "" if pd.isna(text) else re.sub(r"[\s—（）()]+", "", text)


def assert_accounted(corpus, pages):
    texts = {page.page_id: page.text for page in pages}
    rows = corpus.articles.set_index("article_id")
    for page_id, spans in corpus.page_spans.groupby("page_id"):
        spans = spans.sort_values("start")
        # The spans tile the page: no gap, no overlap, nothing past its end.
        assert spans["start"].iloc[0] == 0
        assert (spans["start"].iloc[1:].to_numpy() == spans["end"].iloc[:-1].to_numpy()).all()
        assert spans["end"].iloc[-1] == len(texts[page_id])
        for span in spans.itertuples():
            text = texts[page_id][span.start : span.end]
            if span.part == "whitespace":
                assert not text.strip()
                continue
            assert text.strip() == text, f"{page_id}@{span.start}: span with edge whitespace"
            if span.kind in ("page", "skipped") or span.part in ("break_overlap", "merged_copy"):
                continue
            row = rows.loc[span.article_id]
            headings = "".join(
                _squash(row[c]) for c in ("kicker", "title", "column_tag", "subtitle")
            )
            home = {
                "kicker": headings,
                "title": headings,
                "subtitle": headings,
                "source_tag": row["source_tag"],
                "body": row["body"],
                "byline": row["byline"],
                "teaser": row["title"],
                "pointer": row["page_ref"],
            }[span.part]
            wanted = _squash(text) if span.part in ("kicker", "title", "subtitle") else text
            if span.part == "source_tag":
                wanted = text.lstrip("（(")
            if span.part == "teaser":
                wanted = text.lstrip("■ ")
            if span.part == "pointer":
                wanted = text.lstrip("> ")
            assert wanted in home, f"{page_id}@{span.start}: {text!r} not in {span.part}"


def test_seed_pages_fully_accounted(corpus, seed_pages):
    assert_accounted(corpus, seed_pages)
    metrics = segment_metrics(corpus)
    assert metrics["chars_accounted"] == metrics["n_chars"] == sum(len(p.text) for p in seed_pages)
    assert metrics["share_accounted"] == 1.0


def test_seed_page_000_character_budget(corpus):
    pages = segment_metrics(corpus)["pages"]
    budget = pages[PAGE_000]["chars_by_kind"]
    assert sum(budget.values()) == 5027
    # Masthead and section lines: 联谊报, the two masthead lines, 浙江政协同心苑.
    assert budget["page"] == 3 + 65 + 7


@pytest.fixture(scope="module")
def handmade(params, line_model):
    from pathlib import Path

    pages, _ = read_pages_checked(Path(HANDMADE), limits(params))
    return pages, segment_corpus(pages, params.segment, None, line_model)


def test_handmade_page_accounted(handmade):
    pages, corpus = handmade
    assert_accounted(corpus, pages)


def test_handmade_page_layout(handmade):
    _, corpus = handmade
    page = corpus.pages.iloc[0]
    assert str(page["date"].date()) == "2025-04-18"
    articles = corpus.articles
    assert articles["kind"].tolist() == ["article", "teaser", "article"]
    first, teaser, last = (articles.iloc[i] for i in range(3))
    assert first["title"] == "省政协召开专题协商会"
    assert "建言资政。" in first["body"]
    assert "推动传统产业转型升级;要强化人才支撑。" in first["body"]
    assert teaser["title"] == "温州政协助力民营经济发展" and pd.isna(teaser["page_ref"])
    # An untitled article at the foot of the page: the headline printed under it is its title.
    assert last["title"] == "杭州政协开展委员履职培训"
    assert last["body"].endswith("调查研究等履职本领。")
    spans = corpus.page_spans
    assert spans[spans["part"] == "break_overlap"].shape[0] == 1
    orphan = spans[(spans["kind"] == "skipped") & (spans["part"] == "byline")]
    assert len(orphan) == 1  # 本报通讯员 王小明, printed above every article

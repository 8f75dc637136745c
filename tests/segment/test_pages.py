"""Page splitting on both seed pages, with what a reader of the printed page sees."""

import pandas as pd
import pytest

from tests.conftest import PAGE_000, PAGE_002, article_titled

TITLES_000 = [
    "丽水政协谋深谋实委员联系界别群众工作",
    "我省聚力打造服务业六大高地",
    "迎接人工智能带来的机遇与挑战",
    "省政协委员开展“千项万亿”工程视察",
    "促进港澳青年更好融入浙江现代化先行大局",
    "强城有我·委员在行动 温州政协吹响集结号",
]
TITLES_002 = [
    "浙江出招助外贸企业出口转内销",
    "廉毅敏在嵊州开展调研时强调 推动科技创新和产业创新深度融合 塑造高质量发展新优势",
    "宁波政协委员月谈会上 快递小哥外卖骑手吐心声",
    "推动人工智能赋能高质量发展",
    "让青年夜校“走红”“走远”",
    "秀洲政协:生产车间助发展",
]


def _rows(articles, page_id, kind):
    return articles[(articles["page_id"] == page_id) & (articles["kind"] == kind)]


@pytest.mark.parametrize("page_id,titles", [(PAGE_000, TITLES_000), (PAGE_002, TITLES_002)])
def test_each_article_once_in_reading_order(articles, page_id, titles):
    assert _rows(articles, page_id, "article")["title"].tolist() == titles


def test_page_table_counts_articles(corpus):
    pages = corpus.pages.set_index("page_id")
    assert pages.loc[PAGE_000, "n_articles"] == 6
    assert pages.loc[PAGE_002, "n_articles"] == 6
    assert pages.loc[PAGE_000, "n_chars"] == 5027


def test_masthead_and_section_are_page_metadata(corpus):
    pages = corpus.pages.set_index("page_id")
    assert pages.loc[PAGE_000, "paper"] == "联谊报"
    assert pages.loc[PAGE_000, "section"] == "浙江政协同心苑"
    # Page 002 prints no masthead: its own source tag (联谊报 4月17日…) names the paper.
    assert pages.loc[PAGE_002, "paper"] == "联谊报"
    assert pages.loc[PAGE_002, "section"] == "浙江政协同心苑"
    spans = corpus.page_spans
    masthead = spans[(spans["page_id"] == PAGE_000) & (spans["part"] == "masthead")]
    assert len(masthead) == 2  # 国内统一刊号… and 网址…


def test_no_masthead_line_inside_any_article(articles):
    text = " ".join(articles["body"]) + " ".join(articles["title"].dropna())
    for masthead in ["国内统一刊号", "www.lybs.com.cn", "浙江政协同心苑", ">>>"]:
        assert masthead not in text


def test_repeated_copy_is_merged_and_fuller_text_wins(articles, corpus):
    merged = article_titled(articles, "我省聚力打造服务业六大高地")
    assert merged["merged_copies"] == 1
    assert merged["source_tag"] == "据浙江日报"
    # Only the first, fuller copy has this paragraph; the title came from the second copy.
    assert "聚焦全球新兴产业科创高地" in merged["body"]
    assert "锚定全球数字贸易高地" in merged["body"]
    # The dropped copy is recorded: spans on page 000 point at the merged article.
    spans = corpus.page_spans
    copy = spans[(spans["part"] == "merged_copy") & (spans["article_id"] == merged["article_id"])]
    assert (copy["page_id"] == PAGE_000).all()
    assert (copy["end"] - copy["start"]).sum() > 400


def test_title_printed_after_its_body(articles):
    """迎接人工智能… is printed under its byline; it still heads its own article."""
    row = article_titled(articles, "迎接人工智能带来的机遇与挑战")
    assert row["subtitle"] == "委员会客厅与委员工作室联手献良策"
    assert row["body"].startswith("从ChatGPT到Sora再到GPT-4o")
    assert list(row["reporters"]) == ["董思婷"]
    following = article_titled(articles, "省政协委员开展“千项万亿”工程视察")
    assert following["body"].startswith("6月3日至5日,省政协副主席张学伟")


def test_headline_run_into_previous_body_is_moved_to_its_article(articles):
    """浙江出招… has no byline: the next headline ends its text block on the page."""
    trade = article_titled(articles, "浙江出招助外贸企业出口转内销")
    assert "廉毅敏" not in trade["body"]
    assert trade["body"].endswith("全力帮助外贸企业拓展内销市场。")


@pytest.mark.parametrize(
    "title,subtitle,source_tag,byline,reporters",
    [
        (
            "促进港澳青年更好融入浙江现代化先行大局",
            "省政协召开重点关切问题情况通报会",
            "联谊报讯",
            "本报记者 蒋蕊瑶",
            ["蒋蕊瑶"],
        ),
        (
            "推动人工智能赋能高质量发展",
            "绍兴政协开展头脑风暴",
            "联谊报",
            "通讯员 宋陶珂 阮一唯；本报记者 郭舒韵",
            ["宋陶珂", "阮一唯", "郭舒韵"],
        ),
        (
            "丽水政协谋深谋实委员联系界别群众工作",
            "真联系,不一样!",
            None,
            None,
            [],
        ),
        ("浙江出招助外贸企业出口转内销", None, "据浙江日报", None, []),
        ("秀洲政协:生产车间助发展", None, None, "通讯员 计益婷", ["计益婷"]),
    ],
)
def test_article_fields(articles, title, subtitle, source_tag, byline, reporters):
    row = article_titled(articles, title)
    for column, expected in [
        ("subtitle", subtitle),
        ("source_tag", source_tag),
        ("byline", byline),
    ]:
        assert row[column] == expected if expected else pd.isna(row[column]), column
    assert list(row["reporters"]) == reporters
    assert not row["body"].startswith(("联谊报", "据浙江日报"))


def test_teasers_pair_headlines_with_page_pointers(articles):
    teasers_000 = _rows(articles, PAGE_000, "teaser")
    assert list(zip(teasers_000["title"], teasers_000["page_ref"], strict=True)) == [
        ("南浔政协民生关键小事月月谈,管用!", "2版·综合新闻"),
        ("浦江统战深化乡贤工作显成效", "3版·统战在线"),
        ("德清九三学社“科学大讲堂”受欢迎", "3版·统战在线"),
    ]
    teasers_002 = _rows(articles, PAGE_002, "teaser")
    assert list(zip(teasers_002["title"], teasers_002["page_ref"], strict=True)) == [
        ("海曙政协建言非遗技艺活态传承", "2版·综合新闻"),
        ("民盟省委会:让乡村文旅火出圈", "3版·议政"),
    ]
    assert (teasers_002["body"] == "").all()


def test_article_ids_are_stable(seed_pages, params, articles):
    from pipeline.segment.tables import segment_corpus

    again = segment_corpus(seed_pages, params.segment).articles
    assert again["article_id"].tolist() == articles["article_id"].tolist()
    assert articles["article_id"].is_unique

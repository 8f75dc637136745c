"""Topics on the seeds: AI articles together under a topic named for AI, trade under 外贸."""

import pytest

from pipeline.tokenize.sentences import tokenize_articles
from pipeline.topics.cluster import fit_topics, name_topics
from tests.conftest import article_titled


@pytest.fixture(scope="module")
def tokens(nlp, articles):
    return tokenize_articles(articles, nlp)[1]


def _topic_label(result, article_id):
    links = result.article_topics[result.article_topics["article_id"] == article_id]
    best = links.sort_values("weight").iloc[-1]["topic_id"]
    return result.topics.set_index("topic_id").loc[best, "label"]


def test_ai_articles_share_the_ai_topic(tokens, articles, params):
    result = fit_topics(tokens, params.topics)
    ai = [article_titled(articles, t)["article_id"] for t in ["迎接人工智能", "推动人工智能赋能"]]
    assert [_topic_label(result, a) for a in ai] == ["人工智能", "人工智能"]
    trade = article_titled(articles, "浙江出招助外贸企业")["article_id"]
    assert _topic_label(result, trade) == "外贸"


def test_topics_are_deterministic(tokens, params):
    first, second = fit_topics(tokens, params.topics), fit_topics(tokens, params.topics)
    assert first.topics.equals(second.topics)
    assert first.article_topics.equals(second.article_topics)


def test_named_topic_used_once_and_fallback_label():
    labels = name_topics(
        [["外贸", "出口"], ["出口", "关税"], ["委员", "界别", "工作"]],
        {"外贸": ("外贸", "出口", "关税")},
    )
    assert labels == ["外贸", "出口/关税", "委员/界别/工作"]

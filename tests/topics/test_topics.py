"""Topics on the seeds: AI articles together under a topic named for AI, trade under 外贸;
the tables, the merge tree, topics by month, and the saved model's transform."""

import numpy as np
import pandas as pd
import pytest

from pipeline.tokenize.sentences import tokenize_articles
from pipeline.topics.fit import fit_topics, token_stream, topic_months
from pipeline.topics.hierarchy import topics_at
from pipeline.topics.labels import generic_words, name_topics
from pipeline.topics.model import TopicModelError, load_model, save_model
from pipeline.topics.transform import assign_topics
from tests.conftest import article_titled


@pytest.fixture(scope="module")
def tokens(nlp, articles):
    return tokenize_articles(articles, nlp)[1]


@pytest.fixture(scope="module")
def fitted(tokens, params):
    return fit_topics(tokens, params.topics)


def _topic_label(result, article_id):
    links = result.article_topics[result.article_topics["article_id"] == article_id]
    best = links.sort_values("weight").iloc[-1]["topic_id"]
    return result.topics.set_index("topic_id").loc[best, "label"]


def test_ai_articles_share_the_ai_topic(fitted, articles, params):
    assert params.topics.n_topics is None  # the number is found, not given
    ai = [article_titled(articles, t)["article_id"] for t in ["迎接人工智能", "推动人工智能赋能"]]
    assert [_topic_label(fitted, a) for a in ai] == ["人工智能", "人工智能"]
    trade = article_titled(articles, "浙江出招助外贸企业")["article_id"]
    assert _topic_label(fitted, trade) == "外贸"


def test_topic_tables_agree(fitted, tokens):
    topics, links = fitted.topics, fitted.article_topics
    assert topics["topic_id"].tolist()[0] == -1 and topics["label"].tolist()[0] == "未归类"
    assert set(links["article_id"]) == set(tokens["article_id"])
    best = links.sort_values("weight").drop_duplicates("article_id", keep="last")
    counts = best["topic_id"].value_counts()
    for row in topics.itertuples():
        assert row.n_articles == counts.get(row.topic_id, 0)
    # No label or top term is a generic word.
    generic = generic_words()
    assert not any(set(terms) & generic for terms in topics["top_terms"])
    assert not any(set(label.split("/")) & generic for label in topics["label"])


def test_merge_tree_cuts_into_any_number_of_groups(fitted):
    n_topics = int((fitted.topics["topic_id"] >= 0).sum())
    tree = fitted.hierarchy
    assert len(tree) == n_topics - 1
    assert tree["n_topics_after"].tolist() == list(range(n_topics - 1, 0, -1))
    root = tree.iloc[-1]
    assert root["n_articles"] == fitted.topics.query("topic_id >= 0")["n_articles"].sum()
    for groups in range(1, n_topics + 1):
        assert len(set(topics_at(tree, n_topics, groups).values())) == groups


def test_topics_by_month():
    article_topics = pd.DataFrame(
        {"article_id": ["a", "a", "b", "c", "d"], "topic_id": [0, 1, 1, -1, 0],
         "weight": [0.7, 0.3, 1.0, 1.0, 1.0]}
    )  # fmt: skip
    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c", "d"],
         "date": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-01", None])}
    )  # fmt: skip
    months = topic_months(article_topics, articles)
    assert months.to_dict("records") == [
        {"topic_id": 0, "month": pd.Timestamp("2020-01-01"), "n_articles": 1, "share": 0.5},
        {"topic_id": 1, "month": pd.Timestamp("2020-01-01"), "n_articles": 1, "share": 0.5},
        {"topic_id": -1, "month": pd.Timestamp("2020-02-01"), "n_articles": 1, "share": 1.0},
    ]


def test_saved_model_assigns_new_articles_without_refitting(fitted, tokens, tmp_path):
    path = tmp_path / "topic_model.npz"
    save_model(fitted.model, path)
    model = load_model(path)
    # The fitted articles come back to their own topics.
    again = assign_topics(tokens, model)
    pd.testing.assert_frame_equal(
        again.sort_values(["article_id", "topic_id"]).reset_index(drop=True),
        fitted.article_topics.reset_index(drop=True),
        check_dtype=False,
        atol=1e-5,
    )
    # A new article about AI, one about trade, and one with no known word.
    new = pd.DataFrame(
        {"article_id": ["ai"] * 5 + ["trade"] * 5 + ["none"],
         "text": ["人工智能", "产业", "人工智能", "算力", "高地",
                  "外贸", "企业", "出口", "内销", "外贸", "喵喵"]}
    )  # fmt: skip
    labels = dict(zip(fitted.topics["topic_id"], fitted.topics["label"], strict=True))
    best = (
        assign_topics(new, model).sort_values("weight").drop_duplicates("article_id", keep="last")
    )
    assert {a: labels[t] for a, t in zip(best["article_id"], best["topic_id"], strict=True)} == {
        "ai": "人工智能",
        "trade": "外贸",
        "none": "未归类",
    }


def test_model_file_errors(tmp_path):
    with pytest.raises(TopicModelError, match=r"missing\.npz: no topic model"):
        load_model(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, something=np.zeros(2))
    with pytest.raises(TopicModelError, match=r"bad\.npz: not a zhnews topic model"):
        load_model(bad)


def test_topics_are_deterministic(tokens, params, fitted):
    second = fit_topics(tokens, params.topics)
    assert fitted.topics.equals(second.topics)
    assert fitted.article_topics.equals(second.article_topics)
    assert fitted.hierarchy.equals(second.hierarchy)


def test_token_stream_keeps_text_order_within_articles():
    tokens = pd.DataFrame({"article_id": ["b", "a", "b", "a"], "text": ["1", "x", "2", "y"]})
    stream, ids = token_stream(tokens)
    assert ids.tolist() == ["a", "b"]
    assert stream.words[stream.codes].tolist() == ["x", "y", "1", "2"]
    assert stream.doc.tolist() == [0, 0, 1, 1]


def test_named_topic_used_once_and_fallback_label():
    labels = name_topics(
        [["外贸", "出口"], ["出口", "关税"], ["委员", "界别", "履职"]],
        {"外贸": ("外贸", "出口", "关税")},
    )
    assert labels == ["外贸", "出口/关税", "委员/界别/履职"]

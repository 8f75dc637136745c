"""The topic evaluation: corpus readers, segmentation in worker processes, clustering quality
on a small labelled set of real news sentences, NPMI coherence and the keyword probes."""

import gzip
import json

import pandas as pd
import pytest

from pipeline.ner_corpora.sentences import CorpusError
from pipeline.paths import PKUSEG_DIR
from pipeline.topics.cluster import cluster_documents
from pipeline.topics.evaluate import (
    evaluate_clustering,
    keyword_probes,
    npmi_coherence,
    read_sogouc,
    read_thucnews,
    segment_words,
)
from pipeline.topics.features import content_terms, learn_phrases, stream_of, term_matrices

NEWS = {
    "体育": [
        "湖人队主场击败马刺队，科比全场砍下三十分，球队赛季战绩继续领跑联盟。",
        "中国女排在世界杯比赛中三比零战胜日本队，主教练赛后表扬了年轻球员。",
        "皇马客场两球击败巴萨，前锋梅开二度，球队重回联赛积分榜榜首。",
        "国家队主教练公布亚洲杯集训名单，多名年轻球员首次入选球队。",
    ],
    "财经": [
        "央行宣布下调存款准备金率，股市应声上涨，银行板块领涨沪深两市。",
        "上市公司发布年报，净利润同比增长三成，股东大会通过分红方案。",
        "股市今日上涨，银行板块领涨，上市公司股东和投资者信心回升。",
        "基金公司认为下半年股市震荡加剧，投资者应关注银行和消费板块。",
    ],
    "军事": [
        "海军舰艇编队完成远海训练，航母战斗群进行了实弹射击演习。",
        "空军新型战斗机首次公开亮相，导弹部队同时开展联合作战演习。",
        "美国海军航母驶入南海，国防部发言人表示军队将坚决维护主权。",
        "陆军部队在高原开展实战化训练，坦克和导弹部队协同演习。",
    ],
}


def test_readers_and_their_errors(tmp_path):
    sogou = tmp_path / "s.jsonl.gz"
    with gzip.open(sogou, "wt", encoding="utf-8") as handle:
        handle.write(
            json.dumps(
                {"id": "C000014/10.txt", "category_id": "C000014", "text": "球队&nbsp夺冠"},
                ensure_ascii=False,
            )
            + "\n"
        )
    assert read_sogouc(sogou) == (["球队 夺冠"], ["C000014"])
    thuc = tmp_path / "t.txt"
    thuc.write_text("体育\t湖人队获胜\n财经\t股市上涨\n", encoding="utf-8")
    assert read_thucnews(thuc) == (["湖人队获胜", "股市上涨"], ["体育", "财经"])
    thuc.write_text("没有标签的一行\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.txt:1"):
        read_thucnews(thuc)
    with pytest.raises(FileNotFoundError, match=r"missing\.jsonl\.gz"):
        read_sogouc(tmp_path / "missing.jsonl.gz")


def test_content_terms_drop_numbers_stopwords_and_mixed_tokens():
    words = ["第1", "[图", "我们", "人工智能", "AI", "2024年", "的", "5G", "G20", "2024", "C"]
    assert content_terms(words) == ["人工智能", "AI", "5G", "G20"]


def test_phrases_join_words_that_belong_together():
    # 跨境 电商 always together; 发展 next to many words, never a phrase with one.
    partners = ["经济", "产业", "文化", "教育", "科技", "旅游", "体育", "农业", "交通", "医疗"]
    documents = [
        [
            "跨境",
            "电商",
            partners[i % 10],
            "，",
            partners[(i + 5) % 10],
            "发展",
            partners[(i + 3) % 10],
        ]
        for i in range(60)
    ]
    phrases = learn_phrases(stream_of(documents), min_count=5, min_npmi=0.5)
    assert "跨境\t电商" in phrases and not any("发展" in p for p in phrases)
    matrices = term_matrices(documents, 100, 1, 1.0, phrases)
    assert "跨境电商" in matrices.vocabulary
    # Pairs never cross punctuation: 经济 ， 旅游 (i = 0, 10, …) are not neighbours.
    assert "经济\t旅游" not in learn_phrases(stream_of(documents), min_count=5, min_npmi=0.0)


@pytest.fixture(scope="module")
def news_words():
    texts = [t for texts in NEWS.values() for t in texts]
    return segment_words(texts, PKUSEG_DIR, 1)


def test_two_workers_segment_like_one(localhost, news_words):
    texts = [t for texts in NEWS.values() for t in texts]
    assert segment_words(texts, PKUSEG_DIR, 2) == news_words
    assert "导弹" in news_words[-1] and "银行" in news_words[4] and "，" in news_words[0]


def test_clustering_separates_sports_finance_and_military(params, news_words):
    labels = [label for label, texts in NEWS.items() for _ in texts]
    scores = evaluate_clustering(news_words, labels, params.topics)
    assert scores["given"]["v_measure"] == 1.0 and scores["given"]["n_topics"] == 3
    assert scores["n_labels"] == 3 and scores["n_articles"] == 12
    # Found from the data: 12 articles are too few to merge groups by word use, so
    # ceil(sqrt(12)) = 4 topics,
    # each within one section.
    assert scores["found"]["n_topics"] == 4 and scores["found"]["homogeneity"] == 1.0


def test_npmi_coherence_on_the_corpus():
    documents = [["球队", "比赛"], ["球队", "比赛"], ["股市", "银行"], ["股市", "银行"]]
    matrices = term_matrices(documents, 100, 1, 1.0)
    # Always together: 1; never together: -1.
    assert npmi_coherence(matrices.counts, matrices.vocabulary, [["球队", "比赛"]]) == 1.0
    mixed = npmi_coherence(matrices.counts, matrices.vocabulary, [["球队", "股市"]])
    assert mixed == -1.0


def test_keyword_probes_count_titles_in_topics_named_for_the_word():
    titles = pd.Series(
        {
            "a": "外贸企业稳订单",
            "b": "稳外贸出实招",
            "c": "外贸回暖",
            "d": "5g基站建设",
            "e": "无关",
        }
    )
    topics = pd.Series({"a": 0, "b": 1, "c": -1, "d": 2, "e": 2})
    labels = {-1: "未归类", 0: "外贸", 1: "进出口/广交会", 2: "5G/基站"}
    probes = keyword_probes(titles, topics, labels, {"外贸": ("进出口",), "5G": ()})
    assert probes["外贸"]["n_articles"] == 3
    assert probes["外贸"]["share_in_named_topics"] == round(2 / 3, 4)
    assert probes["5G"] == {
        "n_articles": 1,
        "share_in_named_topics": 1.0,
        "top_topics": {"5G/基站": 1},
    }


def test_clustering_is_deterministic(params, news_words):
    matrices = term_matrices(news_words, 1000, 1, 1.0)
    for n_topics in (3, None):
        first = cluster_documents(matrices, n_topics, params.topics)
        second = cluster_documents(matrices, n_topics, params.topics)
        assert (first.labels == second.labels).all()
        assert (first.probabilities == second.probabilities).all()


def test_gold_page_articles_are_tokenized_without_their_headings(tmp_path, params):
    from pipeline.topics.evaluate import renminribao_tokens

    title, body = "稳外贸出实招", "本报北京电 外贸企业订单回升。\n\n跨境电商增长明显。"
    text = f"{title}\n\n{body}\n\n冬奥会场馆建设\n\n冬奥会筹办工作有序推进。\n"
    second = text.index("冬奥会场馆建设")
    page = {
        "page_id": "p_20200105_01", "date": "2020-01-05", "split": "dev", "text": text,
        "articles": [
            {"title": title, "span": [0, len(title) + 2 + len(body)]},
            {"title": "冬奥会场馆建设", "span": [second, len(text) - 1]},
        ],
    }  # fmt: skip
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(page, ensure_ascii=False) + "\n", encoding="utf-8")
    tokens, titles = renminribao_tokens(path, params, workers=1)
    assert titles.to_dict() == {"p_20200105_01#00": title, "p_20200105_01#01": "冬奥会场馆建设"}
    first = tokens[tokens["article_id"] == "p_20200105_01#00"]["text"].tolist()
    assert "跨境" in first or "跨境电商" in first
    assert "实招" not in first  # the title is not part of the body

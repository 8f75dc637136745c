"""The topic evaluation: corpus readers, segmentation in worker processes, clustering quality
on a small labelled set of real news sentences."""

import gzip
import json

import pytest

from pipeline.ner.corpus import CorpusError
from pipeline.paths import PKUSEG_DIR
from pipeline.topics.cluster import cluster_documents
from pipeline.topics.evaluate import evaluate_clustering, read_sogouc, read_thucnews, segment_terms
from pipeline.topics.features import content_terms, term_matrices

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
    assert content_terms(["第1", "[图", "我们", "人工智能", "AI", "2024年", "的"]) == [
        "人工智能",
        "ai",
    ]


def test_two_workers_segment_like_one(localhost):
    texts = [t for texts in NEWS.values() for t in texts]
    one = segment_terms(texts, PKUSEG_DIR, 1)
    assert segment_terms(texts, PKUSEG_DIR, 2) == one
    assert "导弹" in one[-1] and "银行" in one[4]


def test_clustering_separates_sports_finance_and_military(params):
    texts = [t for texts in NEWS.values() for t in texts]
    labels = [label for label, texts in NEWS.items() for _ in texts]
    scores = evaluate_clustering(texts, labels, params.topics, PKUSEG_DIR, 1)
    assert scores["v_measure"] == 1.0
    assert scores["n_labels"] == 3 and scores["n_articles"] == 12


def test_clustering_is_deterministic(params):
    terms = [
        content_terms(t.replace("，", " ").split()) or ["空"] for ts in NEWS.values() for t in ts
    ]
    matrices = term_matrices(terms, 1000, 1, 1.0)
    first = cluster_documents(matrices, 3, params.topics)
    second = cluster_documents(matrices, 3, params.topics)
    assert (first.labels == second.labels).all()
    assert (first.probabilities == second.probabilities).all()

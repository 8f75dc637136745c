"""Word and sentence segmentation with spaCy + pkuseg and the zhnews user dictionary."""

import pytest

from pipeline.tokenize.sentences import tokenize_articles
from tests.conftest import article_titled


@pytest.mark.parametrize(
    "text,words",
    [
        ("丽水市政协谋深谋实", ["丽水市政协", "谋深", "谋实"]),
        (
            "市政协委员、晶睿电子科技公司董事长张峰",
            ["市政协", "委员", "、", "晶睿", "电子", "科技", "公司", "董事长", "张峰"],
        ),
        (
            "县政协农业界别委员工作室召集人刘康",
            ["县政协", "农业", "界别", "委员", "工作室", "召集人", "刘康"],
        ),
        ("要深化人工智能多场景应用", ["要", "深化", "人工智能", "多", "场景", "应用"]),
    ],
)
def test_domain_words_stay_whole(nlp, text, words):
    assert [t.text for t in nlp(text)] == words


def test_sentences_and_tokens_index_the_body(nlp, articles):
    sentences, tokens = tokenize_articles(articles, nlp)
    bodies = articles.set_index("article_id")["body"]
    for row in sentences.itertuples():
        assert bodies[row.article_id][row.start : row.end] == row.text
    for row in tokens.itertuples():
        assert bodies[row.article_id][row.start : row.end] == row.text
    assert not tokens["text"].str.isspace().any()
    # Teasers have no body, so no sentences.
    teaser_ids = set(articles.loc[articles["kind"] == "teaser", "article_id"])
    assert not teaser_ids & set(sentences["article_id"])


def test_sentence_split_keeps_closing_quotes_and_subheads(nlp, articles):
    row = article_titled(articles, "迎接人工智能带来的机遇与挑战")
    sentences, _ = tokenize_articles(row.to_frame().T, nlp)
    texts = sentences["text"].tolist()
    assert texts[0] == "从ChatGPT到Sora再到GPT-4o……如何迎接人工智能带来的机遇与挑战?"
    assert "“AI技术大幅度提升了企业创新能力与生产效率。”" in texts
    lishui = article_titled(articles, "丽水政协谋深谋实")
    lishui_sentences, _ = tokenize_articles(lishui.to_frame().T, nlp)
    assert "联心,委员工作“活”起来" in lishui_sentences["text"].tolist()


def test_long_paragraphs_are_cut_after_a_sentence_end():
    from pipeline.tokenize.sentences import chunks

    text = "委员们建言献策。" * 300 + "无标点" * 1000
    pieces = list(chunks(text, 2000))
    assert all(len(piece) <= 2000 for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert [text[o : o + len(p)] == p for o, p in pieces] == [True] * len(pieces)
    assert pieces[0][1].endswith("。")

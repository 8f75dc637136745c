"""The baseline extractor on the seeds: people, their titles and resolved organisations."""

import pytest

from pipeline.extract.tables import assemble, entity_id, extract_shard
from pipeline.tokenize.sentences import tokenize_articles


@pytest.fixture(scope="module")
def extracted(nlp, corpus, params, divisions):
    """The rules alone (no NER model): extract_shard, the function each of the extract
    stage's workers runs, with `ner` left out."""
    sentences, tokens = tokenize_articles(corpus.articles, nlp)
    papers = dict(zip(corpus.pages["page_id"], corpus.pages["paper"], strict=True))
    shard = extract_shard(
        corpus.articles, sentences, tokens, params.extract, divisions, papers=papers
    )
    return assemble([shard], divisions)


def _roles_of(extracted, person):
    roles = extracted.roles[extracted.roles["person"] == person]
    return {(r.role_text, r.title, r.org_full) for r in roles.itertuples()}


@pytest.mark.parametrize(
    "person,expected",
    [
        (
            "张峰",
            {
                ("市政协委员", "委员", "丽水市政协"),
                ("晶睿电子科技公司董事长", "董事长", "晶睿电子科技公司"),
            },
        ),
        (
            "朱民",
            {
                ("县委统战部副部长", "副部长", "缙云县委统战部"),
                ("县工商联党组书记", "党组书记", "缙云县工商联"),
            },
        ),
        ("陈擎苍", {("省政协副主席", "副主席", "浙江省政协")}),
        (
            "马晓",
            {
                ("市政协委员", "委员", "湖州市政协"),
                ("市公安局党委专职副书记", "副书记", "湖州市公安局党委"),
            },
        ),
    ],
)
def test_person_roles_and_organisations(extracted, person, expected):
    assert _roles_of(extracted, person) == expected


def test_titles_chained_with_enumeration_comma(extracted):
    titles = set(extracted.roles.loc[extracted.roles["person"] == "吴智勇", "title"])
    assert titles == {"副秘书长", "部长", "书记"}


def test_names_listed_after_one_title(extracted):
    roles = extracted.roles
    members = roles[(roles["role_text"] == "市政协委员") & (roles["org_full"] == "丽水市政协")]
    assert {"徐甲", "周伟胜", "张峰"} <= set(members["person"])


def test_resolution_is_recorded(extracted):
    roles = extracted.roles.set_index(["person", "title"])
    assert roles.loc[("张峰", "委员"), "org_resolution"] == "nearest_city"
    assert roles.loc[("陈擎苍", "副主席"), "org_resolution"] == "home_province"
    assert roles.loc[("张峰", "董事长"), "org_resolution"] == "as_written"


def test_mentions_index_the_body(extracted, articles):
    bodies = articles.set_index("article_id")["body"]
    mentions = extracted.mentions
    for row in mentions.itertuples():
        assert bodies[row.article_id][row.start : row.end] == row.text
    # A later mention of a named person is found too (陈擎苍充分肯定…).
    chen = mentions[(mentions["text"] == "陈擎苍") & (mentions["label"] == "PERSON")]
    assert set(chen["method"]) == {"rules", "repeat"}


def test_entities_merge_aliases(extracted):
    entities = extracted.entities.set_index("name")
    assert "省政协" in list(entities.loc["浙江省政协", "aliases"])
    assert entities.loc["浙江省政协", "n_articles"] >= 3
    assert entities.loc["丽水市", "label"] == "PLACE"
    # Every entity comes from the mentions or a byline's credit (issue 16).
    mentions = extracted.mentions.dropna(subset=["entity_id"])
    credited = extracted.roles.loc[extracted.roles["method"] == "byline", "person"]
    credited_ids = {entity_id("PERSON", name) for name in credited}
    assert set(mentions["entity_id"]) | credited_ids == set(extracted.entities["entity_id"])

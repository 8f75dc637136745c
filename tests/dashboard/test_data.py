"""The dashboard's views over the seed outputs, and the DuckDB file with the docs query."""

import shutil

import duckdb
import pandas as pd

from pipeline.catalog import TABLES
from pipeline.dashboard.data import (
    article_links,
    closest_names,
    corpus_summary,
    entity_counts,
    filtered,
    find_people,
    highlighted,
    person_articles,
    person_roles,
    post_holders,
    search,
    topic_articles,
    topic_rows,
    topics_over_time,
)
from pipeline.dashboard.tables import load_outputs
from pipeline.database import build_database

# The example query of docs/tables.md: people with the most roles, per organisation.
DOCS_QUERY = """
SELECT org_full, person, count(*) AS n_roles, string_agg(DISTINCT title, '、') AS titles
FROM roles
WHERE org_full IS NOT NULL
GROUP BY org_full, person
ORDER BY n_roles DESC, org_full, person
"""


def test_person_search_shows_roles_and_organisations(stage_outputs):
    data = load_outputs(stage_outputs)
    assert data.messages == {}
    assert find_people(data, "张峰")[0] == "张峰"
    roles = person_roles(data, "张峰")
    assert set(zip(roles["title"], roles["org_full"], strict=True)) == {
        ("委员", "丽水市政协"),
        ("董事长", "晶睿电子科技公司"),
    }
    assert person_articles(data, "张峰")["article_title"].tolist() == [
        "丽水政协谋深谋实委员联系界别群众工作"
    ]
    # Each role comes with the sentence stating it; a byline's with none.
    assert all("晶睿电子科技公司董事长张峰" in t for t in roles["sentence"])
    assert person_roles(data, "董思婷")["sentence"].tolist() == ["(署名)"]


def test_counts_topics_and_highlighting(stage_outputs):
    data = load_outputs(stage_outputs)
    orgs = entity_counts(data, "ORG")
    assert orgs["n_articles"].is_monotonic_decreasing
    assert "浙江省政协" in set(orgs.head(5)["name"])
    ai = data.tables["topics"].set_index("label").loc["人工智能", "topic_id"]
    assert "推动人工智能赋能高质量发展" in set(topic_articles(data, ai)["article_title"])
    article = data.tables["articles"].query("title == '迎接人工智能带来的机遇与挑战'").iloc[0]
    mentions = data.tables["mentions"].query("article_id == @article.article_id")
    pieces = highlighted(article["body"], mentions)
    assert "".join(text for text, _ in pieces) == article["body"]
    assert ("陈擎苍", "PERSON") in pieces
    # A title is highlighted where no entity covers it: 省政协|副主席.
    assert ("副主席", "ROLE") in pieces


def test_missing_and_empty_tables_become_messages(stage_outputs, tmp_path):
    shutil.copy(stage_outputs / "articles.parquet", tmp_path / "articles.parquet")
    pd.read_parquet(stage_outputs / "roles.parquet").iloc[:0].to_parquet(tmp_path / "roles.parquet")
    (tmp_path / "topics.parquet").write_bytes(b"not parquet")
    data = load_outputs(tmp_path)
    assert "articles" in data.tables
    assert data.messages["roles"].endswith("roles.parquet 没有数据行。")
    assert "mentions.parquet 不存在:请先运行 `make repro`" in data.messages["mentions"]
    assert "topics.parquet 无法读取" in data.messages["topics"]
    assert find_people(data, "张峰") == []


def test_duckdb_file_has_every_catalog_table_and_answers_the_docs_query(stage_outputs, tmp_path):
    target = tmp_path / "zhnews.duckdb"
    written = build_database(stage_outputs, target)
    assert written == [table.name for table in TABLES]
    with duckdb.connect(str(target), read_only=True) as connection:
        rows = connection.execute(DOCS_QUERY).fetchall()
        zhang = connection.execute(
            "SELECT title, org_full FROM person_roles WHERE person = '张峰' ORDER BY title"
        ).fetchall()
    roles = pd.read_parquet(stage_outputs / "roles.parquet").dropna(subset=["org_full"])
    assert len(rows) == len(roles.drop_duplicates(["org_full", "person"]))
    assert ("丽水市政协", "张峰", 1, "委员") in rows
    assert rows[0][2] == roles.groupby(["org_full", "person"]).size().max()
    assert zhang == [("委员", "丽水市政协"), ("董事长", "晶睿电子科技公司")]
    assert not list(tmp_path.glob(".*.tmp"))


def test_filters_cut_every_table_to_the_pages_chosen(stage_outputs):
    data = load_outputs(stage_outputs)
    pages = data.tables["pages"]
    first = pages["page_id"].iloc[0]
    # A second paper: the other seed page, relabelled.
    data.tables["pages"] = pages.assign(paper=["联谊报", "人民日报"][: len(pages)])
    only = filtered(data, ["联谊报"])
    assert set(only.tables["pages"]["page_id"]) == {first}
    kept = set(only.tables["articles"]["article_id"])
    assert set(only.tables["articles"]["page_id"]) == {first}
    for name in ("mentions", "roles", "article_topics"):
        assert set(only.tables[name]["article_id"]) <= kept
    counts = only.tables["entities"].set_index("name")["n_articles"]
    assert (counts <= data.tables["entities"].set_index("name")["n_articles"][counts.index]).all()
    assert corpus_summary(only)["报纸"] == "联谊报"
    assert filtered(data) is data  # no filter: the tables as they are


def test_article_links_of_bylines_have_no_sentence_and_do_not_fail(stage_outputs):
    """A byline link has an empty Int64 sentence_idx; filling it with text used to raise."""
    data = load_outputs(stage_outputs)
    roles = data.tables["roles"]
    with_byline = roles.loc[roles["method"] == "byline", "article_id"].unique()
    assert len(with_byline) > 0
    for article_id in data.tables["articles"]["article_id"]:
        links = article_links(data, article_id)
        assert len(links) == (roles["article_id"] == article_id).sum()
    links = article_links(data, with_byline[0])
    assert "byline" in set(links["method"]) and not links.isna().any().any()


def test_a_career_in_time_order_on_dated_pages(renminribao_outputs):
    data = load_outputs(renminribao_outputs)
    roles = person_roles(data, "习近平")
    assert roles["first_date"].notna().all()
    assert roles["first_date"].is_monotonic_increasing
    assert (roles["first_date"] <= roles["last_date"]).all()
    assert set(roles["person"]) == {"习近平"}
    counts, axis = topics_over_time(data)
    assert axis == "月份" and list(dict.fromkeys(counts["period"])) == ["2019-10", "2020-01"]
    org = roles.loc[roles["org_full"] != "", "org_full"].iloc[0]
    holders = post_holders(data, "ORG", org)
    assert "习近平" in set(holders["person"])
    assert holders["first_date"].is_monotonic_increasing


def test_undated_pages_order_topics_by_page(stage_outputs):
    data = load_outputs(stage_outputs)
    counts, axis = topics_over_time(data)
    assert axis == "版面顺序(版面无日期)"
    assert list(dict.fromkeys(counts["period"])) == ["1", "2"]
    assert person_roles(data, "张峰")["first_order"].tolist() == [1, 1]


def test_search_counts_every_kind_and_suggests_close_names(stage_outputs):
    data = load_outputs(stage_outputs)
    found = search(data, "政协")
    assert set(found["label"]) >= {"ORG"}
    assert len(found) == found["name"].str.contains("政协").sum()
    everyone = search(data, "")
    assert len(everyone[everyone["label"] == "PERSON"]) >= 50
    assert "张峰" in closest_names(data, "张锋")


def test_outlier_topic_is_named(stage_outputs):
    data = load_outputs(stage_outputs)
    links = data.tables["article_topics"]
    extra = links.iloc[:1].assign(topic_id=-1, article_id="outlier_article_")
    data.tables["article_topics"] = pd.concat([links, extra], ignore_index=True)
    rows = topic_rows(data)
    assert rows.set_index("topic_id").loc[-1, "label"] == "未归类/离群"


def test_recounting_every_page_gives_the_extract_stage_counts(stage_outputs):
    """The dashboard recounts entities over the pages a filter keeps with the extract
    stage's rule (bylines credit their people): over all pages it gives the same counts."""
    data = load_outputs(stage_outputs)
    papers = sorted(data.tables["pages"]["paper"].dropna().unique())
    recounted = filtered(data, papers).tables["entities"]
    columns = ["entity_id", "n_mentions", "n_articles"]
    stage = data.tables["entities"][columns].sort_values("entity_id", ignore_index=True)
    assert data.tables["roles"]["method"].eq("byline").any()  # the rule is exercised
    pd.testing.assert_frame_equal(
        recounted[columns].sort_values("entity_id", ignore_index=True), stage
    )


def test_every_link_method_the_roles_table_allows_has_a_label():
    """A method the linker may write (the roles schema's list) is shown in words, never as
    its code name: `apposition` was added to the schema without a label once."""
    from pipeline.dashboard.strings import METHODS
    from pipeline.schemas import ROLE_METHODS

    assert sorted(METHODS) == sorted(ROLE_METHODS)

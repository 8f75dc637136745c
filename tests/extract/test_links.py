"""Person <-> role <-> organisation links: the full extractor (NER model and patterns) on
the seeds against the hand-checked list, and each pattern of news prose on its own."""

import pandas as pd
import pytest

from pipeline.extract.tables import Extracted
from pipeline.paths import ROOT
from pipeline.roles.patterns import find_roles
from pipeline.roles.resolve import article_places, resolve_org
from pipeline.roles_evaluation import evaluate_links, read_gold_links, with_pages


@pytest.fixture(scope="module")
def extracted(stage_outputs):
    """The extract stage's tables on the seeds (its entry point, as dvc repro runs it)."""
    return Extracted(
        *(
            pd.read_parquet(stage_outputs / f"{t}.parquet")
            for t in ("mentions", "roles", "entities")
        )
    )


def test_every_seed_person_gets_title_and_organisation(extracted, params, stage_outputs):
    roles = with_pages(extracted.roles, pd.read_parquet(stage_outputs / "articles.parquet"))
    scores = evaluate_links(roles, read_gold_links(ROOT / params.data.seed_roles_gold))
    assert scores["missed"] == []
    assert scores["false"] == []


def test_chain_sub_units_belong_to_the_first_organisation(extracted):
    roles = extracted.roles[extracted.roles["person"] == "吴智勇"].set_index("title")
    assert roles.loc["部长", "org_full"] == "湖州市委社工部"
    assert roles.loc["书记", "org_full"] == "湖州市委政法委"
    assert roles.loc["书记", "org_resolution"] == "part_of_nearest_city"
    assert roles.loc["书记", "role_text"] == "政法委书记"


def test_byline_people_are_reporters_of_the_paper(extracted):
    bylines = extracted.roles[extracted.roles["method"] == "byline"].set_index("person")
    assert bylines.loc["董思婷", "org_full"] == "联谊报"
    assert bylines.loc["董思婷", "role_text"] == "本报记者"
    assert bylines.loc["万笑影", "org_full"] == "浙江日报"
    assert bylines.loc["阮一唯", "title"] == "通讯员"
    assert bylines["sentence_idx"].isna().all()


def test_role_spans_from_the_model_are_mentions(extracted):
    roles = extracted.mentions[extracted.mentions["label"] == "ROLE"]
    # The linker's titles (with their bodies) and the model's own (企业家, unlinked).
    assert {"linker", "ner"} <= set(roles["method"])
    # The model finds identities the lexicon lacks.
    assert "企业家" in set(roles["text"])


def test_linked_organisations_are_entities_under_their_full_name(extracted):
    entities = extracted.entities.set_index("name")
    assert "社工部" in list(entities.loc["湖州市委社工部", "aliases"])
    assert "省政协" in list(entities.loc["浙江省政协", "aliases"])


def _links(text, params, token_starts=frozenset()):
    return {
        (link.person.text, link.title, link.org.text if link.org else None, link.method)
        for link in find_roles(text, params.extract, set(token_starts))
    }


def test_names_listed_before_a_title(params):
    text = "会上,王建国、李明华等委员先后发言。"
    assert _links(text, params) == {
        ("王建国", "委员", None, "names_before_title"),
        ("李明华", "委员", None, "names_before_title"),
    }


def test_title_in_brackets_after_the_name(params):
    text = "会上,陈立新(市政协委员)建议加快建设。"
    assert _links(text, params) == {("陈立新", "委员", "市政协", "title_in_brackets")}


def test_title_before_name_with_verb(params):
    text = "省政协副主席张学伟率部分省政协委员赴杭州开展视察。"
    assert ("张学伟", "副主席", "省政协", "title_before_name") in _links(text, params)


def test_quoted_honour_between_organisation_and_title(params):
    text = "绍兴文理学院数理信息学院“鉴湖学者”资深教授张维加提出,开发私有化模型定制。"
    assert _links(text, params) == {
        ("张维加", "教授", "绍兴文理学院数理信息学院", "title_before_name")
    }


def test_bare_zhengxie_resolves_to_the_city_only_for_a_role(divisions, params):
    home = params.extract.home_places
    hits = article_places(
        "宁波政协委员月谈会", "近日,宁波市政协召开会议。政协委员袁涌泉说。", divisions, home
    )
    places = lambda: hits  # noqa: E731
    assert resolve_org("政协", 20, places, "浙江省", home, bare_body=True) == (
        "宁波市政协",
        "nearest_city",
    )
    assert resolve_org("政协", 20, places, "浙江省", home) == ("政协", "as_written")


def test_organisation_entities_carry_their_parent(extracted):
    orgs = extracted.entities[extracted.entities["label"] == "ORG"].set_index("name")
    assert orgs.loc["缙云县委统战部", "parent"] == "缙云县委"
    assert orgs.loc["丽水市政协", "parent"] == "浙江省政协"
    roles = extracted.roles.set_index(["person", "title"])
    assert roles.loc[("朱民", "副部长"), "org_parent"] == "缙云县委"


def test_byline_people_are_person_entities(extracted):
    people = extracted.entities[extracted.entities["label"] == "PERSON"].set_index("name")
    assert people.loc["董思婷", "n_articles"] >= 1
    assert people.loc["万笑影", "n_mentions"] >= 1

"""Role links of news sentences from the NER model's spans, with their organisations named
in full against the divisions gazetteer: the patterns of issue 13, on sentences of national
news (人民日报, 新华社) that the linker was not shaped on."""

import pytest

from pipeline.ner.backends import load_ner_from_params
from pipeline.paths import NER_DIR
from pipeline.records import Found
from pipeline.roles.linker import is_name
from pipeline.roles.links import ArticleContext, posts, resolve_links, sentence_links
from pipeline.roles.people import clean_people


@pytest.fixture(scope="module")
def ner(params):
    return load_ner_from_params(params.ner, NER_DIR)


@pytest.fixture(scope="module")
def read_links(ner, nlp, params, divisions):
    """sentence (and the article's dateline agency) -> {(person, title, org_full, parent)}."""

    def read(sentence: str, agency: str | None = None, paper: str = "人民日报"):
        (spans,) = ner.predict([sentence])
        starts = {t.idx for t in nlp.make_doc(sentence)}
        found = clean_people(
            sentence, [Found.from_labelled(sentence, span, "ner") for span in spans], starts
        )
        links = sentence_links(sentence, params.extract, starts, found)
        context = ArticleContext(
            None, sentence, None, params.extract.home_places, paper, agency, divisions
        )
        resolved = resolve_links(links, sentence, 0, context)
        return {
            (link.person.text, org.title or link.title, org.org_full, org.org_parent)
            for link, org in posts(links, resolved)
        }

    return read


def test_chain_of_posts_before_one_name(read_links):
    links = read_links(
        "中共中央政治局常委、国务院总理、中央应对新冠肺炎疫情工作领导小组组长李克强赴北京西站考察。"
    )
    assert {(p, t, o) for p, t, o, _ in links} == {
        ("李克强", "常委", "中共中央政治局"),
        ("李克强", "总理", "国务院"),
        ("李克强", "组长", "中央应对新冠肺炎疫情工作领导小组"),
    }


def test_jian_chains_and_abbreviated_ministerial_titles(read_links):
    links = {(p, t, o) for p, t, o, _ in read_links("国务委员兼外交部长王毅出席有关活动。")}
    assert links == {("王毅", "国务委员", "国务院"), ("王毅", "部长", "外交部")}
    company = {(p, t, o) for p, t, o, _ in read_links("英国石油公司中国董事长兼总裁杨筱萍说。")}
    assert company == {
        ("杨筱萍", "董事长", "英国石油公司中国"),
        ("杨筱萍", "总裁", "英国石油公司中国"),
    }


def test_titles_carry_their_place_and_lists_share_it(read_links):
    links = {
        (p, t, o)
        for p, t, o, _ in read_links(
            "陕西省委书记胡和平、省长刘国中和江苏省长吴政隆、河南省长陈润儿出席。"
        )
    }
    assert links == {
        ("胡和平", "书记", "陕西省委"),
        ("刘国中", "省长", "陕西省"),
        ("吴政隆", "省长", "江苏省"),
        ("陈润儿", "省长", "河南省"),
    }


def test_a_city_committee_under_its_province(read_links):
    links = read_links("江苏省委常委、苏州市委书记周乃翔表示。")
    assert ("周乃翔", "书记", "苏州市委", "江苏省委") in links
    assert ("周乃翔", "常委", "江苏省委", None) in links


def test_bracketed_alias_and_names_listed_after_one_title(read_links):
    links = {(p, t, o) for p, t, o, _ in read_links("中央党校（国家行政学院）教授封丽霞认为。")}
    assert links == {("封丽霞", "教授", "中央党校")}
    reporters = read_links("（记者胡浩、赵文君）14日，孙春兰来到湖北。", agency="新华社")
    assert {(p, t, o) for p, t, o, _ in reporters} == {
        ("胡浩", "记者", "新华社"),
        ("赵文君", "记者", "新华社"),
    }


def test_units_of_a_chain_sit_in_its_head(read_links):
    links = {
        (p, t, o)
        for p, t, o, _ in read_links(
            "”财政部应对疫情工作领导小组办公室主任、社会保障司司长符金陵说。"
        )
    }
    assert ("符金陵", "司长", "财政部社会保障司") in links
    assert ("符金陵", "主任", "财政部应对疫情工作领导小组办公室") in links


def test_no_link_to_a_fragment_of_an_organisation(read_links):
    links = read_links("记者从农业农村部长江办获悉，今年长江禁渔工作进展顺利。")
    assert not {p for p, *_ in links} & {"江办", "长江办"}
    assert not is_name("江办")
    assert is_name("伊姆兰·汗")


def test_a_former_posts_yuan_is_left_out_of_the_name_only(read_links, ner, nlp, params):
    sentence = "余村原党支部书记鲍新民说。"
    assert ("鲍新民", "书记", "余村党支部", None) in read_links(sentence)
    (spans,) = ner.predict([sentence])
    found = [Found.from_labelled(sentence, span, "ner") for span in spans]
    starts = {t.idx for t in nlp.make_doc(sentence)}
    for link in sentence_links(sentence, params.extract, starts, found):
        # The span as written stays one: mentions index the text with it.
        assert link.org is None or sentence[link.org.start : link.org.end] == link.org.text


def test_a_title_after_the_name(read_links):
    links = {(p, t) for p, t, *_ in read_links("是高晓明护士长和战友们一直在照顾他们。")}
    assert links == {("高晓明", "护士长")}
    # A job word with no named organisation is a descriptor, not a post (descriptors.tsv).
    assert not read_links("是高晓明护士和战友们一直在照顾他们。")


def test_titles_imply_their_organisation(read_links):
    """implied_orgs.tsv: a title with no body, or only a place, names its organisation."""
    links = {(p, t, o) for p, t, o, _ in read_links("国家主席习近平会见德国外长马斯。")}
    assert ("习近平", "主席", "中华人民共和国") in links
    assert ("马斯", "部长", "德国外交部") in links


def test_a_mission_belongs_to_the_sending_state(read_links):
    links = {(p, t, o) for p, t, o, _ in read_links("中国驻美大使崔天凯说，双方合作成果丰硕。")}
    assert links == {("崔天凯", "大使", "中国")}


def test_descriptors_make_no_link(read_links):
    assert not read_links("著名演员成龙和导演高志森出席活动。")


def test_a_qualifier_is_not_part_of_the_title(read_links):
    links = {
        (p, t) for p, t, *_ in read_links("开罗大学孔子学院中方院长王恩界介绍说，学院开设了课程。")
    }
    assert links == {("王恩界", "院长")}

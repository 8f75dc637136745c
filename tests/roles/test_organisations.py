"""Organisations named in full against the 2023 divisions: the most specific place, a body's
parent, the place a title carries, reporters' employers."""

import pytest

from pipeline.lexicons.divisions import load_divisions, short_name
from pipeline.roles.organisations import (
    agency_of,
    is_sub_unit,
    place_body_parent,
    reporter_org,
    shared_place,
    sub_unit_parent,
    title_place,
)


def test_short_names_drop_level_and_nationalities():
    assert short_name("广西壮族自治区") == "广西"
    assert short_name("湘西土家族苗族自治州") == "湘西"
    assert short_name("新疆维吾尔自治区") == "新疆"
    assert short_name("景宁畲族自治县") == "景宁"


@pytest.mark.parametrize(
    ("org", "specific"),
    [
        ("江苏无锡市人民医院", "无锡市人民医院"),
        ("湖北省宜昌市伍家岗区人才服务中心", "伍家岗区人才服务中心"),
        ("天津市河西区友谊路街道", "友谊路街道"),
        # 旬阳县 became 旬阳市 in 2021; the old suffix still finds it.
        ("陕西省旬阳县双河镇金盆村党支部", "双河镇金盆村党支部"),
        # A township the list lacks, after its county.
        ("新疆阿克苏地区乌什县依麻木镇小学", "依麻木镇小学"),
        # Places that are not nested stay: 江苏省委 is not inside 苏州.
        ("丽水市政协", "丽水市政协"),
        ("辽宁省发展改革委地区经济处", "辽宁省发展改革委地区经济处"),
    ],
)
def test_most_specific_place(divisions, org, specific):
    assert divisions.most_specific(org) == specific


def test_parents_from_the_gazetteer_and_the_name(divisions):
    assert place_body_parent("苏州市委", divisions) == "江苏省委"
    assert place_body_parent("缙云县政协", divisions) == "丽水市政协"
    assert place_body_parent("缙云县委统战部", divisions) == "缙云县委"
    assert place_body_parent("浙江省委", divisions) is None  # a province has no parent
    assert place_body_parent("晶睿电子科技公司", divisions) is None


def test_units_and_the_bodies_they_sit_in(divisions):
    assert is_sub_unit("统战部", divisions)
    assert is_sub_unit("管委会", divisions)
    assert not is_sub_unit("中组部", divisions)  # a national body stands alone
    assert not is_sub_unit("晶睿电子科技公司", divisions)
    assert not is_sub_unit("市公安局党委", divisions)  # named by its level: the city's
    assert sub_unit_parent("缙云县委", "统战部", divisions) == "缙云县委"
    assert sub_unit_parent("湖州市委", "政法委", divisions) == "湖州市委"
    assert sub_unit_parent("财政部应对疫情工作领导小组办公室", "社会保障司", divisions) == "财政部"
    assert sub_unit_parent("河北雄安新区党工委", "管委会", divisions) == "河北雄安新区"
    assert sub_unit_parent("无锡市人民医院", "胸外科", divisions) == "无锡市人民医院"


def test_titles_name_their_place(divisions):
    assert title_place("江苏", "省长", divisions) == "江苏省"
    assert title_place("苏州", "市长", divisions) == "苏州市"
    assert title_place("苏丹", "总统", divisions) is None
    assert shared_place("省长", ["陕西省委"], divisions) == "陕西省"
    assert shared_place("市长", ["陕西省委"], divisions) is None


def test_reporters_work_for_the_dateline_agency_or_the_paper():
    assert agency_of("新华社北京2月4日电") == "新华社"
    assert agency_of("本报北京10月9日电") == "本报"
    assert agency_of("联谊报讯") is None
    assert reporter_org("记者", "", "本报", "人民日报") == "人民日报"
    assert reporter_org("记者", "（新华社北京2月4日电  执笔记者：丁小溪）", None, "人民日报") == (
        "新华社"
    )
    assert reporter_org("主任", "", "新华社", "人民日报") is None


def test_divisions_folder_missing_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        load_divisions(tmp_path)


def test_a_reported_dateline_names_its_agency():
    from pipeline.roles.organisations import agency_of

    assert agency_of("据新华社悉尼2月16日电") == "新华社"
    assert agency_of("新华社北京2月4日电") == "新华社"
    assert agency_of("据说") is None


def test_an_organisation_written_in_part_is_named_in_full_from_the_article(divisions, params):
    from pipeline.roles.links import ArticleContext

    body = "国网浙江萧山供电公司（以下简称萧山电力）与额勒赛项目公司合作。萧山电力总经理说，公司…"
    orgs = ((0, "国网浙江萧山供电公司"), (body.index("额勒赛"), "额勒赛项目公司"))
    home = params.extract.home_places
    context = ArticleContext(None, body, None, home, "人民日报", None, divisions, orgs)
    assert context.expanded("萧山电力", body.index("萧山电力总经理")) == "国网浙江萧山供电公司"
    assert context.expanded("勒赛项目公司", 40) == "额勒赛项目公司"
    assert context.expanded("市政协", 40) == "市政协"  # left to the article's places
    assert context.expanded("十三届全国政协", 40) == "十三届全国政协"  # nothing before ends so


def test_a_bare_title_takes_the_one_organisation_the_corpus_gives_it():
    import pandas as pd

    from pipeline.extract.tables import ROLE_COLUMNS, with_corpus_orgs

    rows = [
        (
            "a1",
            0,
            "习近平",
            "国家主席",
            "主席",
            None,
            "中华人民共和国",
            None,
            "implied_by_title",
            "x",
        ),
        ("a2", 3, "习近平", "主席", "主席", None, None, None, None, "title_after_name"),
        ("a2", 4, "王伟", "主任", "主任", None, None, None, None, "title_after_name"),
        ("a3", 1, "王伟", "主任", "主任", "甲办", "甲办", None, "as_written", "x"),
        ("a4", 1, "王伟", "主任", "主任", "乙办", "乙办", None, "as_written", "x"),
    ]
    roles = with_corpus_orgs(pd.DataFrame(rows, columns=ROLE_COLUMNS))
    assert roles.loc[1, "org_full"] == "中华人民共和国"
    assert roles.loc[1, "org_resolution"] == "same_person_in_corpus"
    assert pd.isna(roles.loc[2, "org_full"])  # two organisations: no guess

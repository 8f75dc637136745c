"""Property-based: on generated pages built from the pieces real pages are made of (and
random text between them), the segmenter never crashes and accounts for every character;
the same page always gives the same ids."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import PageText
from pipeline.segment.tables import segment_corpus
from tests.segment.test_accounting import assert_accounted

LINES = [
    "联谊报",
    "2024年6月7日 星期五",
    "国内统一刊号:CN33-0020",
    "浙江政协同心苑",
    "迎接人工智能带来的机遇与挑战",
    "委员会客厅与委员工作室联手献良策",
    "——省政协召开重点关切问题情况通报会",
    "联谊报讯 6月5日,浙江大学政协委员工作室与杭州市政协侨台界别委员工作室联合举行活动。",
    "据浙江日报 为加快建设现代服务业强省,省政府办公厅近日印发措施。",
    "省政协副主席陈擎苍参加。",
    "市政协委员、晶睿电子科技公司董事长张峰利用自身影响力带动产业链上下游企业招引,",
    "通过履职平台为高端人才招引鼓与呼。",
    "为了提升",
    "缙云烧饼的小香葱品质,县政协农业界别委员工作室召集人刘康组织交流。",
    "联心,委员工作“活”起来",
    "本报记者 董思婷",
    "通讯员 宋陶珂 阮一唯",
    "■ 南浔政协民生关键小事月月谈,管用!",
    ">>>2版·综合新闻",
    "",
    "   ",
]

line = st.one_of(
    st.sampled_from(LINES),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
)
page_text = st.lists(line, max_size=40).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(page_text, min_size=1, max_size=3))
def test_segmenter_never_crashes_and_accounts_for_every_character(texts, params, line_model):
    pages = [PageText(f"p{i}", f"seeds/p{i}.txt", text) for i, text in enumerate(texts)]
    corpus = segment_corpus(pages, params.segment, None, line_model)
    assert corpus.problems == ()
    assert_accounted(corpus, pages)
    covered = (
        corpus.page_spans.assign(n=lambda f: f["end"] - f["start"]).groupby("page_id")["n"].sum()
    )
    assert {p.page_id: covered.get(p.page_id, 0) for p in pages} == {
        p.page_id: len(p.text) for p in pages
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=page_text)
def test_same_page_same_ids(text, params, line_model):
    page = [PageText("p0", "seeds/p0.txt", text)]
    first = segment_corpus(page, params.segment, None, line_model).articles["article_id"].tolist()
    assert (
        segment_corpus(page, params.segment, None, line_model).articles["article_id"].tolist()
        == first
    )

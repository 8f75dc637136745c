"""Column-break repair: cut sentences are joined, subheads and paragraphs kept."""

import pytest

from pipeline.segment.body import assemble_body
from pipeline.segment.lines import Piece
from tests.conftest import article_titled


def _pieces(*lines: str) -> list[Piece]:
    pieces, offset = [], 0
    for line in lines:
        pieces.append(Piece(offset, offset + len(line), line))
        offset += len(line) + 1
    return pieces


def test_cut_sentence_is_joined_without_separator(params):
    body = assemble_body(
        _pieces(
            "溪水潺潺,东方镇的绿道边,为了提升", "缙云烧饼的小香葱品质,县政协召集人刘康组织交流。"
        ),
        params.segment,
    )
    assert (
        body.text
        == "溪水潺潺,东方镇的绿道边,为了提升缙云烧饼的小香葱品质,县政协召集人刘康组织交流。"
    )


def test_finished_sentences_stay_separate_paragraphs(params):
    body = assemble_body(
        _pieces("第一段结束了。", "“第二段也结束了。”", "第三段。"), params.segment
    )
    assert body.text == "第一段结束了。\n“第二段也结束了。”\n第三段。"


def test_subhead_stays_its_own_paragraph(params):
    body = assemble_body(
        _pieces("凝聚共识、促进发展。", "联心,委员工作“活”起来", "丽水市经开区,创业创新热土。"),
        params.segment,
    )
    assert body.text.split("\n") == [
        "凝聚共识、促进发展。",
        "联心,委员工作“活”起来",
        "丽水市经开区,创业创新热土。",
    ]


def test_enumeration_cut_by_a_break_is_not_a_subhead(params):
    body = assemble_body(
        _pieces("建言献策。", "市政协委员、市公安局党委专职", "副书记马晓提出建议。"),
        params.segment,
    )
    assert body.text.split("\n")[1] == "市政协委员、市公安局党委专职副书记马晓提出建议。"


def test_text_repeated_across_a_break_is_dropped_and_recorded(params):
    body = assemble_body(
        _pieces("并积极采取一系列举措,加强灵活就业", "就业和新就业形态劳动者权益保障。"),
        params.segment,
    )
    assert body.text == "并积极采取一系列举措,加强灵活就业和新就业形态劳动者权益保障。"
    dropped = [piece.text for piece, part in body.parts if part == "break_overlap"]
    assert dropped == ["就业"]


@pytest.mark.parametrize(
    "title,joined",
    [
        ("丽水政协谋深谋实委员联系界别群众工作", "为了提升缙云烧饼的小香葱品质"),
        ("丽水政协谋深谋实委员联系界别群众工作", "贯通民生议事堂、委员工作室、委员工作室等履"),
        ("推动人工智能赋能高质量发展", "资深教授张维加提出"),
        ("宁波政协委员月谈会上", "加快融入城市治理,从城市"),
        ("宁波政协委员月谈会上", "政策法规;强化监督管理"),
        ("省政协委员开展“千项万亿”工程视察", "年产480万片300毫米大硅片"),
        ("省政协委员开展“千项万亿”工程视察", "结合视察情况和委员反馈"),
        ("让青年夜校“走红”“走远”", "市公安局党委专职副书记马晓提出"),
    ],
)
def test_seed_column_breaks_are_repaired(articles, title, joined):
    assert joined in article_titled(articles, title)["body"]


def test_seed_subheads_are_paragraphs(articles):
    paragraphs = article_titled(articles, "丽水政协谋深谋实")["body"].split("\n")
    for subhead in ["联心,委员工作“活”起来", "联智,界别声音“响”起来", "联情,履职成效“实”起来"]:
        assert subhead in paragraphs

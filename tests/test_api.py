"""`from pipeline import load`: a text's role links, entities and ROLE spans as the extract
stage writes them, from a models folder found by argument, $ZHNEWS_MODELS or the checkout.
(tests/test_packaging.py runs the same from an installed wheel, outside the checkout.)"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.text import ArticleFields
from pipeline.models.folder import MODELS_ENV, ModelsFolderError, models_folder
from pipeline.paths import DIVISIONS_DIR, MODELS_DIR, ROOT
from tests.conftest import article_titled

LISHUI = "丽水政协谋深谋实委员联系界别群众工作"  # a seed article: 8 gold links, no byline


def gold_links_in(text: str, page_id: str, gold_file: Path) -> set[tuple]:
    """(person, title, org_full), what the link evaluation scores (roles/evaluate.py), of
    the gold links whose evidence the text holds (spaces aside: the gold quotes the page,
    where a line may break inside a sentence)."""
    compact = "".join(text.split())
    return {
        (r["person"], r["title"], r["org_full"])
        for line in gold_file.read_text(encoding="utf-8").splitlines()
        if (r := json.loads(line))["file"] == page_id and "".join(r["evidence"].split()) in compact
    }


@pytest.fixture(scope="module")
def nlp():
    from pipeline import load

    return load(paper="联谊报")  # the checkout's models/ and params.yaml; the seeds' paper


def _cell(value):
    return None if pd.isna(value) else value


def test_load_gives_a_seed_articles_gold_links(nlp, articles, params):
    article = article_titled(articles, LISHUI)
    gold = gold_links_in(article.body, article.page_id, ROOT / params.data.seed_roles_gold)
    assert len(gold) == 8
    links = nlp(article.body)._.role_links
    assert {(x.person, x.title, x.org_full) for x in links} == gold
    zhang = next(x for x in links if (x.person, x.title) == ("张峰", "董事长"))
    assert (zhang.role_text, zhang.org) == ("晶睿电子科技公司董事长", "晶睿电子科技公司")
    assert "晶睿电子科技公司董事长张峰" in zhang.sentence.text


def test_each_seed_article_gets_the_extract_stages_rows(nlp, stage_outputs):
    """Every seed article's body, with the fields the segment stage read off its page, gets
    the role rows and mentions the extract stage wrote for it (on the seeds no page-wide
    or corpus-wide step changes a row; docs/api.md lists them)."""
    tables = {
        name: pd.read_parquet(stage_outputs / f"{name}.parquet")
        for name in ("pages", "articles", "sentences", "roles", "mentions")
    }
    papers = dict(zip(tables["pages"]["page_id"], tables["pages"]["paper"], strict=True))
    kept = tables["articles"][tables["articles"]["kind"] == "article"]
    assert len(kept) >= 10
    for article in kept.itertuples():
        doc = nlp.make_doc(article.body)
        doc._.article = {
            "title": _cell(article.title),
            "byline": _cell(article.byline),
            "source_tag": _cell(article.source_tag),
            "paper": _cell(papers[article.page_id]),
        }
        doc = nlp(doc)
        sentences = tables["sentences"].query("article_id == @article.article_id")
        where = {s.sentence_idx: (s.start, s.end) for s in sentences.itertuples()}
        roles = tables["roles"].query("article_id == @article.article_id")
        assert sorted(
            (r.person, r.title, r.role_text, _cell(r.org), _cell(r.org_full),
             _cell(r.org_parent), None if pd.isna(r.sentence_idx) else where[r.sentence_idx])
            for r in roles.itertuples()
        ) == sorted(
            (x.person, x.title, x.role_text, x.org, x.org_full, x.org_parent,
             x.sentence and (x.sentence.start_char, x.sentence.end_char))
            for x in doc._.role_links
        ), article.title  # fmt: skip
        mentions = tables["mentions"].query("article_id == @article.article_id")
        assert sorted(
            (m.start, m.end, m.label, _cell(m.entity_id)) for m in mentions.itertuples()
        ) == sorted(
            (s.start_char, s.end_char, s.label_, s.kb_id_ or None)
            for s in [*doc.ents, *doc.spans["roles"]]
        ), article.title
        # doc.sents: the stage's sentences, each up to the next (spaces between included).
        assert [s.start_char for s in doc.sents] == [start for start, _ in where.values()]


def test_the_article_fields_a_doc_may_carry():
    assert ArticleFields.from_mapping({"paper": "联谊报"}).paper == "联谊报"
    with pytest.raises(ValueError, match=r"unknown keys \['date'\]"):
        ArticleFields.from_mapping({"date": "2024-01-01"})


def test_models_folder_from_argument_then_environment_then_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv(MODELS_ENV, raising=False)
    assert models_folder() == MODELS_DIR.resolve()
    monkeypatch.setenv(MODELS_ENV, str(MODELS_DIR))
    assert models_folder() == MODELS_DIR.resolve()
    (tmp_path / "ner").symlink_to(MODELS_DIR.resolve() / "ner")
    with pytest.raises(ModelsFolderError, match=r"no pkuseg model.*dvc repro fetch_models"):
        models_folder(tmp_path)  # the argument wins over $ZHNEWS_MODELS
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "absent"))
    with pytest.raises(ModelsFolderError, match=rf"absent \(\${MODELS_ENV}\): not a folder"):
        models_folder()
    (tmp_path / "pkuseg").symlink_to(MODELS_DIR.resolve() / "pkuseg")
    (tmp_path / "ner").unlink()
    with pytest.raises(
        ModelsFolderError, match=r"no ner model \(ner/tagger.onnx, ner/tagger.json missing\)"
    ):
        models_folder(tmp_path)


def test_component_defaults_are_params_yaml(params):
    """Outside a checkout zhnews_roles runs on its defaults: they are params.yaml's, and the
    stage's divisions gazetteer is the one the package ships."""
    from spacy.language import Language

    import pipeline.spacy_components  # noqa: F401  (registers the factories)

    defaults = Language.get_factory_meta("zhnews_roles").default_config
    assert (defaults["backend"], defaults["identifier"], defaults["task"]) == (
        params.ner.backend, params.ner.hanlp_identifier, params.ner.hanlp_task
    )  # fmt: skip
    assert defaults["home_regions"] == params.extract.home_regions
    assert defaults["home_places"] == params.extract.home_places
    assert (defaults["min_name_chars"], defaults["max_name_chars"]) == (
        params.extract.min_name_chars, params.extract.max_name_chars
    )  # fmt: skip
    assert (defaults["sentence_end_chars"], defaults["max_chunk_chars"]) == (
        params.tokenize.sentence_end_chars, params.tokenize.max_chunk_chars
    )  # fmt: skip
    assert (ROOT / params.data.admin_divisions).resolve() == DIVISIONS_DIR.resolve()

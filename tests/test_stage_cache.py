"""The stage cache: a run after pages are added or removed reads the unchanged pages back,
runs the models on the new ones only, and writes the same tables as a run from scratch."""

import shutil

import pandas as pd
import pytest
import yaml

from pipeline.digest import folder_digests
from pipeline.paths import ROOT, SEEDS_DIR
from pipeline.stage_cache import CACHE_FOLDER, stage_fingerprint
from tests.conftest import PAGE_000, PAGE_002


@pytest.fixture
def model_calls(monkeypatch):
    """The articles tokenize hands to spaCy and the pages extract hands to the rules."""
    from pipeline.extract import parallel as extract_parallel
    from pipeline.tokenize import parallel as tokenize_parallel

    calls = {"tokenize": [], "extract": []}
    tokenize_real, extract_real = (
        tokenize_parallel.tokenize_articles,
        extract_parallel.extract_shard,
    )

    def tokenize(articles, *args, **kwargs):
        calls["tokenize"] += list(articles["page_id"])
        return tokenize_real(articles, *args, **kwargs)

    def extract(articles, *args, **kwargs):
        calls["extract"] += list(articles["page_id"])
        return extract_real(articles, *args, **kwargs)

    monkeypatch.setattr(tokenize_parallel, "tokenize_articles", tokenize)
    monkeypatch.setattr(extract_parallel, "extract_shard", extract)
    return calls


def run_stages(pages, out, refit=True):
    """The table stages, pages -> out; topics refit unless told."""
    from pipeline.stages import extract, segment, tokenize, topics

    segment.main(seeds=pages, out=out, metrics=out / "metrics")
    tokenize.main(out=out)
    extract.main(out=out)
    topics.main(out=out, refit=refit)


def _pages(folder, *page_ids):
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for page_id in page_ids:
        shutil.copy(SEEDS_DIR / f"{page_id}.txt", folder / f"{page_id}.txt")
    return folder


def test_an_added_page_costs_its_own_model_time_and_tables_equal_a_full_run(
    stage_outputs, tmp_path, model_calls
):
    pages, out = tmp_path / "pages", tmp_path / "out"
    run_stages(_pages(pages, PAGE_000), out)
    assert set(model_calls["tokenize"]) == set(model_calls["extract"]) == {PAGE_000}
    model_calls["tokenize"].clear()
    model_calls["extract"].clear()
    run_stages(_pages(pages, PAGE_000, PAGE_002), out)
    # Only the new page met the models; the tables are those of a run from scratch.
    assert set(model_calls["tokenize"]) == set(model_calls["extract"]) == {PAGE_002}
    assert_same_tables(out, stage_outputs)


def test_a_removed_page_drops_out_of_tables_and_cache(stage_outputs, tmp_path, model_calls):
    pages, out, fresh = tmp_path / "pages", tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(stage_outputs, out)
    run_stages(_pages(pages, PAGE_002), out)
    assert model_calls["tokenize"] == model_calls["extract"] == []  # all read back
    articles = pd.read_parquet(out / "articles.parquet")
    assert set(articles["page_id"]) == {PAGE_002}
    for stage in ("tokenize", "extract"):
        (fingerprint,) = (out / CACHE_FOLDER / stage).iterdir()
        keys = pd.concat(pd.read_parquet(p) for p in fingerprint.glob("*.keys.parquet"))
        assert len(keys) == (len(articles) if stage == "tokenize" else 1), stage
    run_stages(_pages(tmp_path / "fresh_pages", PAGE_002), fresh)
    assert_same_tables(out, fresh)


def assert_same_tables(one, other):
    """Every table equal; pages but for where the files were read from."""
    pages = [pd.read_parquet(f / "pages.parquet").drop(columns="source_path") for f in (one, other)]
    pd.testing.assert_frame_equal(*pages)
    digests = [{k: v for k, v in folder_digests(f).items() if k != "pages"} for f in (one, other)]
    assert digests[0] == digests[1] and len(digests[0]) == 13


def _fingerprint_root(tmp_path, edit=None, stage="tokenize"):
    """`stage`'s fingerprint in a copy of dvc.yaml and params.yaml (edited by `edit`)."""
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    shutil.copy(ROOT / "dvc.yaml", root / "dvc.yaml")
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    if edit:
        edit(params)
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True))
    return stage_fingerprint(stage, root=root)


def test_a_changed_setting_or_file_invalidates_what_it_touches_only(tmp_path):
    base = _fingerprint_root(tmp_path)
    assert _fingerprint_root(tmp_path) == base
    # More workers or another cluster compute the same results.
    assert _fingerprint_root(tmp_path, lambda p: p["tokenize"].update(workers=7)) == base
    assert _fingerprint_root(tmp_path, lambda p: p["cluster"].update(address="tcp://x:1")) == base
    # Another extract setting is not tokenize's; its own settings are.
    assert _fingerprint_root(tmp_path, lambda p: p["extract"].update(max_name_chars=4)) == base
    assert _fingerprint_root(tmp_path, lambda p: p["tokenize"].update(max_chunk_chars=99)) != base
    # extract reads tokenize's sentences and tokens: tokenize's settings are its too.
    extract = _fingerprint_root(tmp_path, stage="extract")
    chunks = _fingerprint_root(
        tmp_path, lambda p: p["tokenize"].update(max_chunk_chars=99), "extract"
    )
    assert chunks != extract
    # A changed module (a dep in dvc.yaml) invalidates too.
    (tmp_path / "root" / "pipeline" / "tokenize").mkdir(parents=True)
    (tmp_path / "root" / "pipeline" / "tokenize" / "nlp.py").write_text("# v1\n")
    v1 = _fingerprint_root(tmp_path)
    (tmp_path / "root" / "pipeline" / "tokenize" / "nlp.py").write_text("# v2\n")
    assert v1 != base and _fingerprint_root(tmp_path) != v1


def test_without_refit_new_articles_are_assigned_with_the_fitted_model(tmp_path):
    from pipeline.topics.model import load_model
    from pipeline.topics.update import assign_topics

    pages, out = tmp_path / "pages", tmp_path / "out"
    run_stages(_pages(pages, PAGE_000, PAGE_002), out)
    fitted = {n: pd.read_parquet(out / f"{n}.parquet") for n in ("topics", "article_topics")}
    model_bytes = (out / "topic_model.npz").read_bytes()
    run_stages(_pages(pages, PAGE_002), out, refit=False)
    run_stages(_pages(pages, PAGE_000, PAGE_002), out, refit=False)
    # The model, labels and every article's rows are the fit's: page 000's articles went
    # and came back, assigned by the model; page 002's were kept.
    assert (out / "topic_model.npz").read_bytes() == model_bytes
    topics = pd.read_parquet(out / "topics.parquet")
    article_topics = pd.read_parquet(out / "article_topics.parquet")
    pd.testing.assert_frame_equal(
        topics.drop(columns="n_articles"), fitted["topics"].drop(columns="n_articles")
    )
    articles = pd.read_parquet(out / "articles.parquet")
    back = set(articles.loc[articles["page_id"] == PAGE_000, "article_id"])
    tokens = pd.read_parquet(out / "tokens.parquet")
    assigned = assign_topics(
        tokens[tokens["article_id"].isin(back)], load_model(out / "topic_model.npz")
    )
    pd.testing.assert_frame_equal(
        article_topics[article_topics["article_id"].isin(back)].reset_index(drop=True),
        assigned.astype(article_topics.dtypes.to_dict()),
    )
    kept = fitted["article_topics"][~fitted["article_topics"]["article_id"].isin(back)]
    pd.testing.assert_frame_equal(
        article_topics[~article_topics["article_id"].isin(back)].reset_index(drop=True),
        kept.reset_index(drop=True),
    )
    # Each article counts once, under its strongest topic.
    assert topics["n_articles"].sum() == article_topics["article_id"].nunique()


def test_file_hashes_are_kept_between_runs(tmp_path):
    """pkuseg's 175 MB are hashed once, then known by size and time, as DVC does."""
    import json

    memo = tmp_path / "tokenize.file_digests.json"
    fingerprint = stage_fingerprint("tokenize", memo=memo)
    known = json.loads(memo.read_text(encoding="utf-8"))
    assert any("weights.npz" in stamp for stamp in known)
    assert stage_fingerprint("tokenize", memo=memo) == fingerprint == stage_fingerprint("tokenize")


def test_an_unreadable_cache_part_is_named(tmp_path):
    from pipeline.stages import segment, tokenize

    pages, out = _pages(tmp_path / "pages", PAGE_002), tmp_path / "out"
    segment.main(seeds=pages, out=out, metrics=out / "metrics")
    tokenize.main(out=out)
    (part, *_) = (out / CACHE_FOLDER / "tokenize").glob("*/*.tokens.parquet")
    part.write_bytes(b"not parquet")
    with pytest.raises(ValueError, match=f"{part}: stage cache part unreadable"):
        tokenize.main(out=out)


@pytest.fixture
def pages_split(monkeypatch):
    """The pages segment splits (a page read back from the cache is not split)."""
    from pipeline.segment import tables

    split, real = [], tables._split_page

    def split_page(page, *args):
        split.append(page.page_id)
        return real(page, *args)

    monkeypatch.setattr(tables, "_split_page", split_page)
    return split


def _segment(pages, out):
    from pipeline.stages import segment

    segment.main(seeds=pages, out=out, metrics=out / "metrics")


REPRINT = "001_reprint"


def _with_manifest(folder):
    """The seed pages and REPRINT in a manifest: page 000 and REPRINT in one issue."""
    (folder / "manifest.csv").write_text(
        "path,paper,date\n"
        f"{PAGE_000}.txt,联谊报,2020-01-06\n{REPRINT}.txt,联谊报,2020-01-06\n"
        f"{PAGE_002}.txt,联谊报,2020-01-07\n",
        encoding="utf-8",
    )
    return folder


def _reprint(folder):
    """A second printing of page 000 in its issue: every article in it is a copy of one on
    page 000, so segment merges across the two pages."""
    text = (SEEDS_DIR / f"{PAGE_000}.txt").read_text(encoding="utf-8")
    (folder / f"{REPRINT}.txt").write_text(text + "\n\n", encoding="utf-8")


def assert_same_segment_tables(one, other):
    for name in ("pages", "articles", "page_spans", "problems"):
        frames = [pd.read_parquet(f / f"{name}.parquet") for f in (one, other)]
        pd.testing.assert_frame_equal(*frames, obj=name)
    accounting = [(f / "metrics" / "segment_accounting.json").read_text() for f in (one, other)]
    assert accounting[0] == accounting[1]


def _segment_keys(out):
    (fingerprint,) = (out / CACHE_FOLDER / "segment").iterdir()
    return set(
        pd.concat(pd.read_parquet(p) for p in fingerprint.glob("*.keys.parquet"))["cache_key"]
    )


def test_segment_splits_an_added_page_only_and_merges_copies_as_a_full_run(tmp_path, pages_split):
    pages = _with_manifest(_pages(tmp_path / "pages", PAGE_000, PAGE_002))
    out = tmp_path / "out"
    _segment(pages, out)
    assert sorted(pages_split) == sorted([PAGE_000, PAGE_002])
    pages_split.clear()
    _reprint(pages)
    _segment(pages, out)
    assert pages_split == [REPRINT]
    # The reprint's articles were merged into page 000's: its issue was merged again.
    spans = pd.read_parquet(out / "page_spans.parquet")
    articles = pd.read_parquet(out / "articles.parquet")
    copies = spans[(spans["page_id"] == REPRINT) & (spans["part"] == "merged_copy")]
    on_000 = set(articles.loc[articles["page_id"] == PAGE_000, "article_id"])
    assert len(copies) and set(copies["article_id"]) <= on_000
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    fresh_pages = _with_manifest(_pages(fresh / "pages", PAGE_000, PAGE_002))
    _reprint(fresh_pages)
    _segment(fresh_pages, fresh / "out")
    assert_same_segment_tables(out, fresh / "out")


def test_segment_drops_a_removed_page_from_tables_and_cache(tmp_path, pages_split):
    pages = _with_manifest(_pages(tmp_path / "pages", PAGE_000, PAGE_002))
    out = tmp_path / "out"
    _reprint(pages)
    _segment(pages, out)
    before = _segment_keys(out)
    pages_split.clear()
    (pages / f"{REPRINT}.txt").unlink()
    _segment(pages, out)
    assert pages_split == []  # both pages read back; issue 000's merge done again
    assert set(pd.read_parquet(out / "pages.parquet")["page_id"]) == {PAGE_000, PAGE_002}
    # Three pages and two issues before; two pages and two issues (000's anew) now.
    after = _segment_keys(out)
    assert len(before) == 5 and len(after) == 4 and len(after - before) == 1
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    _segment(_with_manifest(_pages(fresh / "pages", PAGE_000, PAGE_002)), fresh / "out")
    assert_same_segment_tables(out, fresh / "out")


def test_a_page_that_fails_to_split_is_reported_each_run_and_never_cached(tmp_path, monkeypatch):
    from pipeline.segment import tables

    real = tables._split_page

    def split_page(page, *args):
        if page.page_id == PAGE_002:
            raise ValueError("no columns found")
        return real(page, *args)

    monkeypatch.setattr(tables, "_split_page", split_page)
    pages, out = _pages(tmp_path / "pages", PAGE_000, PAGE_002), tmp_path / "out"
    for _ in range(2):
        _segment(pages, out)
        problems = pd.read_parquet(out / "problems.parquet")
        assert list(problems.loc[problems["problem"] == "segment_failed", "page_id"]) == [PAGE_002]
        assert set(pd.read_parquet(out / "pages.parquet")["page_id"]) == {PAGE_000}
        assert len(_segment_keys(out)) == 2  # page 000 and its issue


def test_segment_fingerprint_follows_its_settings_not_its_pages(tmp_path):
    base = _fingerprint_root(tmp_path, stage="segment")
    changed = _fingerprint_root(
        tmp_path, lambda p: p["segment"].update(duplicate_containment=0.5), "segment"
    )
    assert changed != base
    # The page files are the items, in their keys: a new page leaves the fingerprint.
    (tmp_path / "root" / "seeds").mkdir()
    (tmp_path / "root" / "seeds" / "new.txt").write_text("新的一页\n", encoding="utf-8")
    assert _fingerprint_root(tmp_path, stage="segment") == base

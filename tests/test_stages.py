"""Every stage's entry point on the seeds into a temp folder; every table meets its schema."""

import json

import pandas as pd
import pandera.pandas as pa
import pytest

from pipeline.digest import folder_digests
from pipeline.paths import PKUSEG_DIR, ROOT, SEEDS_DIR
from pipeline.schemas import (
    ArticleTable,
    ArticleTopicTable,
    EntityTable,
    MentionTable,
    PageSpanTable,
    PageTable,
    ProblemTable,
    RoleTable,
    SentenceTable,
    TokenTable,
    TopicHierarchyTable,
    TopicMonthTable,
    TopicTable,
)
from pipeline.stages import extract, tokenize

TABLES = {
    "pages": PageTable,
    "articles": ArticleTable,
    "page_spans": PageSpanTable,
    "problems": ProblemTable,
    "extract_problems": ProblemTable,
    "sentences": SentenceTable,
    "tokens": TokenTable,
    "mentions": MentionTable,
    "roles": RoleTable,
    "entities": EntityTable,
    "topics": TopicTable,
    "article_topics": ArticleTopicTable,
    "topic_hierarchy": TopicHierarchyTable,
    "topic_months": TopicMonthTable,
}


@pytest.fixture(scope="module")
def outputs(stage_outputs):
    return stage_outputs


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_written_and_valid(outputs, name):
    table = pd.read_parquet(outputs / f"{name}.parquet")
    # The seed pages are clean: their problems tables are empty, every other table is not,
    # but topic_months: the seed pages carry no dates.
    assert (len(table) == 0) == (name in ("problems", "extract_problems", "topic_months"))
    TABLES[name].validate(table)
    assert list(table.columns) == list(TABLES[name].to_schema().columns)


def test_no_temp_files_left(outputs):
    assert not list(outputs.glob("*.tmp")) and not list(outputs.glob(".*"))


def test_segment_metrics_file(outputs):
    metrics = json.loads(
        (outputs / "metrics" / "segment_accounting.json").read_text(encoding="utf-8")
    )
    assert metrics["share_accounted"] == 1.0
    assert metrics["n_articles"] == 12 and metrics["n_teasers"] == 5


def test_ids_join_across_tables(outputs):
    articles = pd.read_parquet(outputs / "articles.parquet")
    for name in ["sentences", "tokens", "mentions", "roles", "article_topics"]:
        ids = set(pd.read_parquet(outputs / f"{name}.parquet")["article_id"])
        assert ids <= set(articles["article_id"]), name
    topic_ids = set(pd.read_parquet(outputs / "topics.parquet")["topic_id"])
    assert set(pd.read_parquet(outputs / "article_topics.parquet")["topic_id"]) <= topic_ids


@pytest.mark.parametrize(
    "schema,frame",
    [
        (MentionTable, {"article_id": ["a"], "sentence_idx": [0], "start": [0], "end": [2],
                        "text": ["张峰"], "label": ["PERSONA"], "entity_id": [None], "method": ["x"]}),
        (MentionTable, {"article_id": ["a"], "sentence_idx": [0], "start": [0], "end": [3],
                        "text": ["张峰"], "label": ["PERSON"], "entity_id": [None], "method": ["x"]}),
        (SentenceTable, {"article_id": ["a"], "sentence_idx": [0], "start": [0], "end": [1],
                         "text": ["。"], "extra": [1]}),
    ],
)  # fmt: skip
def test_schemas_reject_bad_rows(schema, frame):
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)):
        schema.validate(pd.DataFrame(frame))


def test_ids_are_the_same_in_another_process(outputs, tmp_path):
    """Ids are content hashes: another interpreter with another hash seed gives the same."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from pipeline.stages import segment;"
        "segment.main(seeds=Path(sys.argv[1]), out=Path(sys.argv[2]), metrics=Path(sys.argv[2]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(SEEDS_DIR), str(tmp_path)], check=True, env=env)
    ids = pd.read_parquet(tmp_path / "articles.parquet")["article_id"].tolist()
    assert ids == pd.read_parquet(outputs / "articles.parquet")["article_id"].tolist()


def test_one_and_two_workers_give_the_same_tables(outputs, tmp_path):
    """tokenize and extract split articles over processes; the tables must not depend on it."""
    import shutil

    for name in ("pages", "articles"):
        shutil.copy(outputs / f"{name}.parquet", tmp_path / f"{name}.parquet")
    tokenize.main(out=tmp_path, pkuseg_dir=PKUSEG_DIR, workers=1)
    extract.main(out=tmp_path, workers=1)
    for name in ("sentences", "tokens", "mentions", "roles", "entities"):
        one = pd.read_parquet(tmp_path / f"{name}.parquet")
        two = pd.read_parquet(outputs / f"{name}.parquet")
        pd.testing.assert_frame_equal(one, two, obj=name)


def test_seed_tables_are_as_recorded(outputs):
    """Every table on the seeds matches tests/data/seed_table_digests.json: a refactor
    leaves them as they were; a deliberate change rewrites the file
    (`python -m pipeline.digest outputs --write tests/data/seed_table_digests.json`)."""
    recorded = json.loads((ROOT / "tests/data/seed_table_digests.json").read_text())
    assert folder_digests(outputs) == recorded


def test_a_failing_partition_is_a_problem_not_a_lost_stage(outputs, tmp_path, monkeypatch):
    """Bad input that makes one partition raise: its pages and articles are recorded in
    extract_problems, the other partitions' rows are written."""
    import shutil

    from pipeline.extract import parallel

    for name in ("pages", "articles", "sentences", "tokens"):
        shutil.copy(outputs / f"{name}.parquet", tmp_path / f"{name}.parquet")
    articles = pd.read_parquet(outputs / "articles.parquet")
    bad = articles.loc[articles["kind"] == "article", "article_id"].iloc[0]
    real = parallel.extract_shard

    def failing(shard, *args, **kwargs):
        if bad in set(shard["article_id"]):
            raise ValueError("a body the rules cannot read")
        return real(shard, *args, **kwargs)

    monkeypatch.setattr(parallel, "extract_shard", failing)
    extract.main(out=tmp_path, workers=1)
    problems = pd.read_parquet(tmp_path / "extract_problems.parquet")
    assert len(problems) >= 1 and set(problems["problem"]) == {"extract_failed"}
    assert (
        bad in " ".join(problems["detail"])
        and "a body the rules cannot read" in problems["detail"].iloc[0]
    )
    roles = pd.read_parquet(tmp_path / "roles.parquet")
    assert bad not in set(roles["article_id"]) and len(roles) > 0

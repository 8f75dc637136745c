"""Bad input and faults with real files and processes: whatever lands in the pages folder,
whatever bytes `zhnews ner` or the spaCy API get, and a stage killed at any step of
writing its tables (issue 22). Each case is recorded or rejected with a clear message,
never a hang, a traceback or a mix of two runs' tables."""

from __future__ import annotations

import ctypes
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import cli
from pipeline.digest import table_digest
from pipeline.inputs import InputLimits, decoded_lines, read_pages_checked
from pipeline.io import MANIFEST_FILE, STAGING_DIR, read_table, settle_outputs
from pipeline.ner import backends
from pipeline.paths import NER_DIR, PKUSEG_DIR, ROOT, SEEDS_DIR
from pipeline.schemas import EntityTable

LIMITS = InputLimits(max_page_chars=2_000_000, min_cjk_share=0.2)
SEED_PAGES = sorted(SEEDS_DIR.glob("*.txt"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
AS_ROOT = os.geteuid() == 0
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_root_file_access():
    """In the child before exec: drop the capabilities that let root read any file, so
    a file of mode 000 is unreadable to the new process as it is to any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_python(code: str, *args: str, unprivileged: bool = False, **kwargs):
    """`python -c code args` in a new process (without root's file access when asked)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
        preexec_fn=_without_root_file_access if unprivileged and AS_ROOT else None,
        **kwargs,
    )


def unreadable_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o000)
    return path


# --- the pages folder -----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A pages folder with two good pages (one named .TXT) and one of each entry that is
    not a regular file inside it."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "pages"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEED_PAGES[0], folder / "a.txt")
    shutil.copy(SEED_PAGES[1], folder / "B.TXT")
    outside = root / "notes.txt"  # a Chinese page, so only its place keeps it out
    outside.write_text("秘密笔记：外面的文字不应进入任何表格。" * 20, encoding="utf-8")
    (folder / "notes.txt").symlink_to(outside)
    os.mkfifo(folder / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as unix:
        unix.bind(str(folder / "socket.txt"))
    (folder / "device.txt").symlink_to("/dev/zero")
    (folder / "dangling.txt").symlink_to(root / "nonexistent.txt")
    (folder / "sub" / "inside.txt").symlink_to("../a.txt")  # inside: read (a duplicate)
    (folder / "elsewhere").symlink_to(root)  # a folder link: not followed
    return folder


def _by_file(problems) -> dict[str, str]:
    return {row.source_path.removeprefix("pages/"): row.problem for row in problems}


def test_segment_stage_reads_only_regular_files_inside(hostile, tmp_path):
    """The real stage in its own process: no hang on the FIFO or /dev/zero, no error on
    the dangling link; each entry has its problem row and the good pages come through."""
    out = tmp_path / "out"
    done = run_python(
        "import sys; from pathlib import Path; from pipeline.stages import segment;"
        "segment.main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[2]) / 'metrics')",
        str(hostile),
        str(out),
    )
    assert done.returncode == 0, done.stderr.decode()
    problems = pd.read_parquet(out / "problems.parquet")
    assert _by_file(problems.itertuples()) == {
        "notes.txt": "outside",
        "fifo.txt": "not_a_file",
        "socket.txt": "not_a_file",
        "device.txt": "not_a_file",
        "dangling.txt": "dangling",
        "sub/inside.txt": "duplicate",
        "elsewhere": "folder_link",
    }
    details = dict(zip(problems["problem"], problems["detail"], strict=False))
    assert "FIFO" in details["not_a_file"] or "socket" in details["not_a_file"]
    assert "outside the pages folder" in details["outside"]
    pages = pd.read_parquet(out / "pages.parquet")
    assert sorted(pages["page_id"]) == ["B", "a"]
    articles = pd.read_parquet(out / "articles.parquet")
    assert not articles["body"].str.contains("秘密笔记").any()


def test_an_unreadable_page_is_a_problem_row(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(SEED_PAGES[0], folder / "good.txt")
    unreadable_file(folder / "locked.txt", "政协委员" * 50)
    done = run_python(
        "import json, sys; from pathlib import Path;"
        "from pipeline.inputs import InputLimits, read_pages_checked;"
        "pages, problems = read_pages_checked(Path(sys.argv[1]), InputLimits(10**6, 0.2));"
        "print(json.dumps([[p.page_id for p in pages], [vars(p) for p in problems]]))",
        str(folder),
        unprivileged=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    pages, problems = json.loads(done.stdout)
    assert pages == ["good"]
    assert [(p["page_id"], p["problem"]) for p in problems] == [("locked", "unreadable")]
    assert "Permission denied" in problems[0]["detail"]


def test_zhnews_run_explains_what_dvc_cannot_hash(hostile, monkeypatch):
    """DVC hashes seeds/ itself and hangs on a FIFO: `zhnews run` stops before it."""
    monkeypatch.setattr(cli, "SEEDS_DIR", hostile)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("DVC was started"))
    result = CliRunner().invoke(cli.app, ["run"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    for name, reason in [
        ("fifo.txt", "named pipe (FIFO)"),
        ("socket.txt", "a socket"),
        ("device.txt", "a character device"),
        ("dangling.txt", "does not exist"),
    ]:
        assert f"{name}: " in result.output and reason in result.output
    assert "notes.txt" not in result.output  # DVC reads a link to a file: segment reports it
    assert ".dvcignore" in result.output


def test_zhnews_run_checks_an_unreadable_file(tmp_path, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    unreadable_file(folder / "locked.txt", "政协委员")
    done = run_python(
        "import sys; from pathlib import Path; from pipeline.inputs import dvc_blockers;"
        "print(dvc_blockers(Path(sys.argv[1])))",
        str(folder),
        unprivileged=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "locked.txt: cannot open: Permission denied" in done.stdout.decode()


# --- decoding --------------------------------------------------------------------------


def _read_one(tmp_path, data: bytes):
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    (folder / "page.txt").write_bytes(data)
    try:
        return read_pages_checked(folder, LIMITS)
    except FileNotFoundError as error:  # no readable page: the message lists the problems
        return [], str(error)


def test_stray_byte_in_utf8_is_named_where_it_is(tmp_path):
    text = SEED_PAGES[0].read_text(encoding="utf-8")
    data = text.encode()
    offset = data.index(b"\n", 500) + 1  # the start of a line
    _, message = _read_one(tmp_path, data[:offset] + b"\xff" + data[offset:])
    line = data[:offset].count(b"\n") + 1
    assert f"byte 0xff at offset {offset} (line {line}) is not UTF-8" in message


def test_gb18030_page_with_a_stray_byte_names_gb18030(tmp_path):
    data = SEED_PAGES[0].read_text(encoding="utf-8").encode("gb18030")
    _, message = _read_one(tmp_path, data[:300] + b"\xff\xff" + data[300:])
    assert "is not GB18030" in message and "offset 30" in message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    text = SEED_PAGES[0].read_text(encoding="utf-8")
    (page,), problems = _read_one(tmp_path, text.encode(encoding))
    assert page.text == text
    assert [(p.problem, p.detail.split(": ")[1]) for p in problems] == [
        ("encoding", f"decoded as {encoding} (no BOM), converted")
    ]


def test_utf16_without_bom_with_a_bad_pair_is_named_as_such(tmp_path):
    data = SEED_PAGES[0].read_text(encoding="utf-8").encode("utf-16-le")
    bad = data[:400] + "\udc00".encode("utf-16-le", "surrogatepass") + data[400:]
    _, message = _read_one(tmp_path, bad)
    assert "is not utf-16-le" in message and "offset 400" in message and "without a BOM" in message


# --- a stage killed while it writes ---------------------------------------------------

SEGMENT_SET = ["pages", "articles", "page_spans", "problems"]
EXTRACT_SET = ["mentions", "roles", "entities", "extract_problems"]


def set_digests(out: Path, names: list[str]) -> dict[str, str]:
    digests = {name: table_digest(pd.read_parquet(out / f"{name}.parquet")) for name in names}
    metrics = out / "metrics" / "segment_accounting.json"
    if "pages" in names:
        digests["metrics"] = metrics.read_text(encoding="utf-8")
    return digests


def kill_at_every_step(stage: str, template: Path, seeds: Path, work: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.kill_driver", stage, str(template), str(seeds), str(work)],
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return json.loads(done.stdout.decode().splitlines()[-1])


def check_killed_runs(report, work, names, old, new, integrity) -> None:
    assert report["steps"] >= 20
    seen = []
    for result in report["results"]:
        step = result["step"]
        killed = work / f"killed{step}"
        assert result["killed"], f"step {step}: the stage did not die by SIGKILL"
        # A reader completes a publish cut after its manifest (read_table does), then sees
        # one set; a staging folder without a manifest waits for the next run to discard.
        settle_outputs(killed)
        assert not list(killed.glob(f"{STAGING_DIR}/*/{MANIFEST_FILE}"))
        found = set_digests(killed, names)
        assert found in (old, new), f"step {step}: a mix of two runs' tables"
        integrity(killed)
        seen.append("new" if found == new else "old")
        assert result["rerun_ok"], f"step {step}: the rerun failed"
        assert set_digests(work / f"kill{step}", names) == new, f"step {step}: rerun differs"
        assert not (work / f"kill{step}" / STAGING_DIR).exists()
    # The kills fell before and after the point of no return.
    assert seen[0] == "old" and seen[-1] == "new"


def segment_integrity(out: Path) -> None:
    pages = pd.read_parquet(out / "pages.parquet")
    articles = pd.read_parquet(out / "articles.parquet")
    spans = pd.read_parquet(out / "page_spans.parquet")
    assert set(articles["page_id"]) <= set(pages["page_id"])
    assert set(spans["article_id"].dropna()) <= set(articles["article_id"])
    assert set(spans["page_id"]) <= set(pages["page_id"])


def test_segment_killed_at_every_step_leaves_one_set(tmp_path, hostile):
    """Old set: one page; new: the hostile folder (two pages and every bad entry)."""
    from pipeline.stages import segment

    one_page = tmp_path / "one_page"
    one_page.mkdir()
    shutil.copy(SEED_PAGES[0], one_page / "a.txt")
    template = tmp_path / "template"
    segment.main(one_page, template, template / "metrics")
    old = set_digests(template, SEGMENT_SET)
    report = kill_at_every_step("segment", template, hostile, tmp_path / "work")
    new = set_digests(tmp_path / "work" / "new", SEGMENT_SET)
    assert old != new
    check_killed_runs(report, tmp_path / "work", SEGMENT_SET, old, new, segment_integrity)


def extract_integrity(out: Path) -> None:
    mentions = read_table(out / "mentions.parquet", None, columns=["entity_id", "article_id"])
    entities = read_table(out / "entities.parquet", EntityTable)
    articles = pd.read_parquet(out / "articles.parquet")
    roles = pd.read_parquet(out / "roles.parquet")
    assert set(mentions["entity_id"].dropna()) <= set(entities["entity_id"])
    assert set(mentions["article_id"]) <= set(articles["article_id"])
    assert set(roles["article_id"]) <= set(articles["article_id"])


def test_extract_killed_at_every_step_leaves_one_set(tmp_path, stage_outputs):
    """Old set: extract on the first seed article; new: on the first three (few, so that
    the 50 runs stay short)."""
    from pipeline.stages import extract

    articles = pd.read_parquet(stage_outputs / "articles.parquet")
    template, first = tmp_path / "template", tmp_path / "first"
    for folder, kept in [
        (template, articles["article_id"][:3]),
        (first, articles["article_id"][:1]),
    ]:
        folder.mkdir()
        for name in ["pages", "articles", "sentences", "tokens"]:
            table = pd.read_parquet(stage_outputs / f"{name}.parquet")
            if "article_id" in table:
                table = table[table["article_id"].isin(set(kept))]
            table.to_parquet(folder / f"{name}.parquet", index=False)
    extract.main(out=first, workers=1)
    for name in EXTRACT_SET:
        shutil.copy(first / f"{name}.parquet", template)
    old = set_digests(template, EXTRACT_SET)
    extract_integrity(template)
    report = kill_at_every_step("extract", template, SEEDS_DIR, tmp_path / "work")
    new = set_digests(tmp_path / "work" / "new", EXTRACT_SET)
    assert old != new
    check_killed_runs(report, tmp_path / "work", EXTRACT_SET, old, new, extract_integrity)


# --- zhnews ner --------------------------------------------------------------------------


def zhnews_ner(*args: str, data: bytes | None = None, unprivileged: bool = False):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "ner", *args],
        input=data,
        env={**ENV, "COLUMNS": "300"},
        cwd=ROOT,
        capture_output=True,
        timeout=600,
        preexec_fn=_without_root_file_access if unprivileged and AS_ROOT else None,
    )


def squeezed(text: str) -> str:
    """Text without the spaces, line breaks and frame of typer's error box."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", text)


def records(done) -> list[dict]:
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    assert b"Traceback" not in done.stderr
    # JSON may hold U+2028 or U+0085 raw: records are split on newlines only.
    return [json.loads(line) for line in done.stdout.decode("utf-8").split("\n") if line]


def test_ner_keeps_every_line_of_a_batch_with_a_bad_byte():
    """The issue's case: 300 good lines, then one with a stray byte (batches of 256)."""
    data = "浙江大学教授李玺作专题分享。\n".encode() * 300 + "市政协委员张峰".encode() + b"\xff\n"
    found = records(zhnews_ner("-", data=data))
    assert len(found) == 301
    assert all("problem" not in r for r in found[:300])
    last = found[-1]
    assert last["text"] == "市政协委员张峰\ufffd"
    assert last["problem"] == "line 301: byte 0xff at offset 21 is not utf-8, replaced by U+FFFD"
    assert {"start": 5, "end": 7, "label": "PERSON", "text": "张峰"} in last["entities"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_ner_reads_gb18030_and_utf16(tmp_path, encoding):
    lines = ["省政协副主席陈擎苍参加。", "", "浙江大学教授李玺作专题分享。"]
    source = tmp_path / "in.txt"
    source.write_bytes("\r\n".join(lines).encode(encoding))
    found = records(zhnews_ner(str(source)))
    assert [r["text"] for r in found] == lines
    assert {"text": "陈擎苍", "label": "PERSON", "start": 6, "end": 9} in found[0]["entities"]


def test_ner_rejects_a_folder_a_missing_and_an_unreadable_file(tmp_path):
    locked = unreadable_file(tmp_path / "locked.txt", "张峰\n")
    for path, message in [
        (tmp_path, "a folder, not a file"),
        (tmp_path / "missing.txt", "no such file"),
        (locked, "is not readable"),  # typer checks a path argument first
    ]:
        done = zhnews_ner(str(path), unprivileged=True)
        assert done.returncode == 2, done.stderr.decode()
        assert squeezed(message) in squeezed(done.stderr.decode()), done.stderr.decode()
        assert b"Traceback" not in done.stderr
        assert done.stdout == b""


def test_ner_on_a_line_over_a_million_characters_with_bad_bytes():
    line = ("张峰在丽水\x00\x85".encode() + b"\xff\xed\xa0\x80") * 100_000 + "。".encode()
    (record,) = records(zhnews_ner("-", data=line + b"\n"))
    assert len(record["text"]) > 1_000_000
    assert record["problem"].startswith("line 1: byte 0xff at offset 18")
    for entity in record["entities"]:
        assert record["text"][entity["start"] : entity["end"]] == entity["text"]


# --- any str through the public API ----------------------------------------------------

ANY_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),  # all of Unicode: surrogates, controls, unassigned
        st.sampled_from("张峰在丽水市政协说，。\n\r\x00\x85\u2028\ud800\udfff\ufeff"),
    ),
    max_size=40,
)


@pytest.fixture(scope="module")
def nlp():
    from pipeline.spacy_components import build_ner_nlp

    return build_ner_nlp(NER_DIR, pkuseg_dir=PKUSEG_DIR)


@pytest.fixture(scope="module")
def ner_backend():
    from pipeline.ner.backends import load_ner_from_params
    from pipeline.params import load_params

    return load_ner_from_params(load_params().ner, NER_DIR)


def _check_doc(text, doc) -> None:
    assert len(doc.text) == len(text)
    for span in [*doc.ents, *doc.spans["roles"]]:
        assert doc.text[span.start_char : span.end_char] == span.text


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_any_str_through_spacy_and_zhnews_ner(nlp, ner_backend, monkeypatch, texts):
    """The spaCy pipeline (NER and role links) and `zhnews ner` (its decoding, batching
    and JSON, with the model loaded once) on any text, surrogates encoded as the invalid
    UTF-8 bytes `surrogatepass` writes."""
    _check_doc(texts[0], nlp(texts[0]))
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):  # the issue: pipe stopped
        _check_doc(text, doc)
        surrogates = sum(0xD800 <= ord(c) <= 0xDFFF for c in text)
        assert doc.user_data.get("replaced_surrogates", 0) == surrogates
    monkeypatch.setattr(backends, "load_ner_from_params", lambda *args: ner_backend)
    data = "\n".join(texts).encode("utf-8", "surrogatepass")
    result = CliRunner().invoke(cli.app, ["ner", "-", "--batch-size", "2"], input=data)
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [r["text"] for r in found] == [line for line, _ in decoded_lines(io.BytesIO(data))]
    if not any(0xD800 <= ord(c) <= 0xDFFF or c == "\x00" for c in "".join(texts)):
        # Plain UTF-8 text: a record for every line, as written (a CR before LF dropped).
        lines = "\n".join(texts).split("\n")
        lines = lines[:-1] if lines[-1] == "" else lines
        assert [r["text"] for r in found] == [line.removesuffix("\r") for line in lines]
    for record in found:
        for entity in record["entities"]:
            assert record["text"][entity["start"] : entity["end"]] == entity["text"]


def test_spacy_on_a_text_over_a_million_characters():
    from pipeline.spacy_components import build_ner_nlp

    nlp = build_ner_nlp(NER_DIR)
    text = "市政协委员张峰在丽水调研\ud800。\x00" * 72_000  # 1,008,000 characters
    doc = nlp(text)
    assert len(doc.text) == len(text) > 1_000_000
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    assert len(people) >= 70_000
    assert people[-1].start_char == text.rindex("张峰") and people[-1].text == "张峰"

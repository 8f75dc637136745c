"""dvc.yaml cannot drift from the code: every stage lists the pipeline modules it imports
(its whole import closure inside pipeline/), the lexicon files that code or its params
name, the params sections and data files its entry point reads, and the model folders it
opens; otherwise `dvc repro` would keep outputs made by older code or settings. And it
lists nothing more: a stage that names a module or lexicon it never reads reruns for
edits that cannot change its outputs (editing the NER training loop reran extract)."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import pytest
import yaml

from pipeline.paths import LEXICONS_DIR, ROOT

STAGE_RE = re.compile(r"python -m (pipeline(?:\.\w+)+)")
# `params.segment`, `params.data.renminribao_pages`, `load_params().tokenize`
PARAMS_RE = re.compile(r"(?:\bparams|load_params\(\))\.(\w+)(?:\.(\w+))?")
# paths.py constants naming model folders, and the folder each stands for.
MODEL_DIRS = {"PKUSEG_DIR": "models/pkuseg", "LAC_DIR": "models/lac", "NER_DIR": "models/ner"}
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
PARAMS_SECTIONS = set(PARAMS)
LEXICON_FILES = {p.name for p in LEXICONS_DIR.iterdir() if p.suffix in (".txt", ".tsv")}
# Stages that still list whole folders of other parts (pipeline/segment, pipeline/lexicons,
# pipeline/tokenize): their deps hold everything they use, maybe more.
FOLDER_STAGES = {"train_segment", "segment", "evaluate_segment", "tokenize", "evaluate_topics"}


def module_path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imported_modules(path: Path) -> set[str]:
    """pipeline.* modules a file imports anywhere (functions included): `from a import b`
    counts b when b is a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pipeline")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
            found.add(node.module)
            found |= {
                f"{node.module}.{a.name}"
                for a in node.names
                if module_path(f"{node.module}.{a.name}") is not None
            }
    return found


# pipeline/__init__.py only gives `from pipeline import load` (pipeline/api.py), imported
# when the attribute is first read, which no stage does: not a stage input
# (test_the_root_package_only_defers_load keeps it so).
ROOT_PACKAGE = "pipeline"


def import_closure(module: str) -> set[Path]:
    """The files of `module` and of every pipeline module it imports, transitively, with
    the packages' non-empty __init__.py files (the root package's aside)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name == ROOT_PACKAGE:
            continue
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages
        if (path := module_path(name)) is not None:
            todo += sorted(imported_modules(path) - seen)
    files = {module_path(name) for name in seen - {ROOT_PACKAGE}}
    return {f for f in files if f is not None and not _only_docstring(f)}


def _only_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def is_listed(path: str, deps: list[str]) -> bool:
    return any(path == dep or path.startswith(dep.rstrip("/") + "/") for dep in deps)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def lexicons_named(files: set[Path], params: list[str]) -> set[str]:
    """pipeline/lexicons files named by a string in the code or in the params sections the
    stage lists (`read_words("titles.txt")`, `home_places: places_zhejiang.tsv`)."""
    strings = [
        node.value
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    strings += [s for p in params if "." not in p for s in _strings(PARAMS.get(p))]
    return {f"pipeline/lexicons/{s}" for s in strings if s in LEXICON_FILES}


def stage_name(stage: dict) -> str:
    return STAGE_RE.search(stage["cmd"]).group(1).rpartition(".")[2]


def used_inputs(module: str, params: list[str], exact: bool) -> set[str]:
    """The stage module's import closure and, for an `exact` stage, the lexicons named.
    (A lexicon named in a module counts for every stage importing that module: the
    pipeline.lexicons readers are per module, not per function.)"""
    closure = import_closure(module)
    used = {p.relative_to(ROOT).as_posix() for p in closure}
    return used | lexicons_named(closure, params) if exact else used


def code_files(dep: str) -> set[str]:
    """The pipeline modules (non-empty .py files) and lexicons a dep names."""
    path = ROOT / dep
    if not dep.startswith("pipeline/") or not path.exists():
        return set()
    paths = sorted(path.rglob("*")) if path.is_dir() else [path]
    return {
        p.relative_to(ROOT).as_posix()
        for p in paths
        if (p.suffix == ".py" and not _only_docstring(p))
        or (p.parent == LEXICONS_DIR and p.name in LEXICON_FILES)
    }


def missing_inputs(stage: dict) -> list[str]:
    """What a stage uses that its deps and params do not list."""
    match = STAGE_RE.search(stage["cmd"])
    if match is None:
        return []
    deps = [str(d) for d in stage.get("deps", [])]
    params = [str(p) for p in stage.get("params", [])]
    outs = [str(next(iter(o)) if isinstance(o, dict) else o) for o in stage.get("outs", [])]
    used = used_inputs(match.group(1), params, exact=stage_name(stage) not in FOLDER_STAGES)
    missing = [f"dep {rel}" for rel in sorted(used) if not is_listed(rel, deps)]
    source = module_path(match.group(1)).read_text(encoding="utf-8")
    for section, key in PARAMS_RE.findall(source):
        if section not in PARAMS_SECTIONS:
            continue
        wanted = f"{section}.{key}" if section == "data" and key else section
        # `params.data` handed on whole: the stage lists the data keys its callee reads.
        whole_data = wanted == "data" and any(p.startswith("data.") for p in params)
        if not whole_data and not any(p == wanted or wanted.startswith(p + ".") for p in params):
            missing.append(f"params {wanted}")
        if section == "data" and key and f"${{data.{key}}}" not in deps:
            missing.append(f"dep ${{data.{key}}}")
    missing += [
        f"dep {folder}"
        for constant, folder in MODEL_DIRS.items()
        if re.search(rf"\b{constant}\b", source) and folder not in deps + outs
    ]
    return missing


def unused_inputs(stage: dict) -> list[str]:
    """Modules and lexicons a stage's deps list that it never imports or names."""
    match = STAGE_RE.search(stage["cmd"])
    if match is None:
        return []
    params = [str(p) for p in stage.get("params", [])]
    used = used_inputs(match.group(1), params, exact=True)
    listed = {f for dep in stage.get("deps", []) for f in code_files(str(dep))}
    gone = [
        f"dep {dep} (no such file)"
        for dep in map(str, stage.get("deps", []))
        if dep.startswith("pipeline/") and not (ROOT / dep).exists()
    ]
    return gone + [f"dep {f}" for f in sorted(listed - used)]


def stages() -> dict[str, dict]:
    return yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


@pytest.mark.parametrize("name", sorted(stages()))
def test_stage_lists_everything_it_uses(name):
    assert missing_inputs(stages()[name]) == []


@pytest.mark.parametrize("name", sorted(set(stages()) - FOLDER_STAGES))
def test_stage_lists_nothing_it_does_not_use(name):
    assert unused_inputs(stages()[name]) == []


def test_a_removed_dep_is_caught():
    stage = copy.deepcopy(stages()["extract"])
    stage["deps"].remove("pipeline/roles")
    stage["params"].remove("ner")
    missing = missing_inputs(stage)
    assert "dep pipeline/roles/linker.py" in missing
    assert "params ner" in missing


def test_a_dep_the_stage_never_reads_is_caught():
    """Prediction imports nothing from training or evaluation: extract listing them, or a
    lexicon no code of it names, would rerun it for nothing."""
    stage = copy.deepcopy(stages()["extract"])
    stage["deps"] += ["pipeline/ner_training", "pipeline/roles_evaluation.py"]
    stage["deps"] += ["pipeline/lexicons/sections.txt", "pipeline/ner/model.py"]
    unused = unused_inputs(stage)
    assert "dep pipeline/ner/model.py (no such file)" in unused
    assert "dep pipeline/ner_training/loop.py" in unused
    assert "dep pipeline/roles_evaluation.py" in unused
    assert "dep pipeline/lexicons/sections.txt" in unused
    stage["deps"].remove("pipeline/lexicons/titles.txt")
    assert "dep pipeline/lexicons/titles.txt" in missing_inputs(stage)


def test_closure_follows_imports_inside_functions():
    closure = {p.relative_to(ROOT).as_posix() for p in import_closure("pipeline.stages.extract")}
    # extract/parallel.py imports the NER model inside the worker's loader.
    assert "pipeline/ner/backends.py" in closure
    assert "pipeline/lexicons/divisions.py" in closure


def test_prediction_imports_no_training_gold_readers_or_scorers():
    """Extract (the NER backends, the role linker) runs without the training code, the
    corpus readers or the scorers: editing those never reruns it."""
    closure = {p.relative_to(ROOT).as_posix() for p in import_closure("pipeline.stages.extract")}
    apart = ("pipeline/ner_training/", "pipeline/ner_corpora/", "pipeline/ner_evaluation.py",
             "pipeline/roles_evaluation.py", "pipeline/scores.py", "pipeline/segment/gold.py",
             "pipeline/segment/noise.py", "pipeline/segment/evaluate.py")  # fmt: skip
    assert "pipeline/ner/runtime.py" in closure
    assert sorted(p for p in closure if p.startswith(apart)) == []


def test_the_root_package_only_defers_load():
    """The root package's __init__ holds a docstring and a module __getattr__ (PEP 562)
    for `load`, nothing that runs on import."""
    body = ast.parse(module_path(ROOT_PACKAGE).read_text(encoding="utf-8")).body
    assert [type(node).__name__ for node in body] == ["Expr", "FunctionDef"]
    assert body[1].name == "__getattr__"

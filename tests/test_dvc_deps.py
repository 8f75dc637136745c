"""dvc.yaml cannot drift from the code: every stage lists the pipeline modules it imports
(its whole import closure inside pipeline/), the params sections and data files its
entry point reads, and the model folders it opens; otherwise `dvc repro` would keep
outputs made by older code or settings."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import pytest
import yaml

from pipeline.paths import ROOT

STAGE_RE = re.compile(r"python -m (pipeline(?:\.\w+)+)")
# `params.segment`, `params.data.renminribao_pages`, `load_params().tokenize`
PARAMS_RE = re.compile(r"(?:\bparams|load_params\(\))\.(\w+)(?:\.(\w+))?")
# paths.py constants naming model folders, and the folder each stands for.
MODEL_DIRS = {"PKUSEG_DIR": "models/pkuseg", "LAC_DIR": "models/lac", "NER_DIR": "models/ner"}
PARAMS_SECTIONS = set(yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8")))


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


def missing_inputs(stage: dict) -> list[str]:
    """What a stage uses that its deps and params do not list."""
    match = STAGE_RE.search(stage["cmd"])
    if match is None:
        return []
    deps = [str(d) for d in stage.get("deps", [])]
    params = [str(p) for p in stage.get("params", [])]
    outs = [str(next(iter(o)) if isinstance(o, dict) else o) for o in stage.get("outs", [])]
    missing = [
        f"dep {rel}"
        for path in sorted(import_closure(match.group(1)))
        if not is_listed(rel := path.relative_to(ROOT).as_posix(), deps)
    ]
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


def stages() -> dict[str, dict]:
    return yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


@pytest.mark.parametrize("name", sorted(stages()))
def test_stage_lists_everything_it_uses(name):
    assert missing_inputs(stages()[name]) == []


def test_a_removed_dep_is_caught():
    stage = copy.deepcopy(stages()["extract"])
    stage["deps"].remove("pipeline/roles")
    stage["params"].remove("ner")
    missing = missing_inputs(stage)
    assert "dep pipeline/roles/linker.py" in missing
    assert "params ner" in missing


def test_closure_follows_imports_inside_functions():
    closure = {p.relative_to(ROOT).as_posix() for p in import_closure("pipeline.stages.extract")}
    # extract/parallel.py imports the NER model inside the worker's loader.
    assert "pipeline/ner/model.py" in closure
    assert "pipeline/lexicons/divisions.py" in closure


def test_the_root_package_only_defers_load():
    """The root package's __init__ holds a docstring and a module __getattr__ (PEP 562)
    for `load`, nothing that runs on import."""
    body = ast.parse(module_path(ROOT_PACKAGE).read_text(encoding="utf-8")).body
    assert [type(node).__name__ for node in body] == ["Expr", "FunctionDef"]
    assert body[1].name == "__getattr__"

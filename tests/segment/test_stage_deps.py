"""The segment stages list exactly the pipeline modules they import: a module they do not
import (the training code, the gold reader) would rerun them for nothing."""

import pytest

from pipeline.paths import ROOT
from tests.test_dvc_deps import STAGE_RE, import_closure, stages


@pytest.mark.parametrize("name", ["train_segment", "segment", "evaluate_segment"])
def test_segment_stage_lists_exactly_its_modules(name):
    stage = stages()[name]
    listed = {str(d) for d in stage["deps"] if str(d).endswith(".py")}
    module = STAGE_RE.search(stage["cmd"]).group(1)
    imported = {p.relative_to(ROOT).as_posix() for p in import_closure(module)}
    assert listed == imported
    assert not any(str(d).rstrip("/") == "pipeline/segment" for d in stage["deps"])


def test_splitting_imports_no_training_gold_or_noise():
    imported = {p.name for p in import_closure("pipeline.stages.segment")}
    assert not imported & {"training.py", "gold.py", "noise.py", "evaluate.py"}

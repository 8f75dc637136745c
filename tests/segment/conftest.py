"""The committed line model, loaded once for the splitting tests, and the handmade
labelled page."""

import pytest

from pipeline.paths import ROOT
from pipeline.segment.gold import read_gold_pages
from pipeline.segment.lines import line_classifier
from pipeline.segment.tagger import load_line_labeller

LABELLED = ROOT / "tests" / "data" / "segment" / "labelled_page.jsonl"


@pytest.fixture(scope="session")
def line_model(params):
    segment = params.segment
    return load_line_labeller(
        ROOT / segment.line_model, segment.line_labeller, line_classifier(segment)
    )


@pytest.fixture(scope="module")
def labelled():
    return read_gold_pages(LABELLED)[0]


@pytest.fixture(scope="module")
def classifier(params):
    return line_classifier(params.segment)

"""The committed line model, loaded once for the splitting tests."""

import pytest

from pipeline.paths import ROOT
from pipeline.segment.lines import line_classifier
from pipeline.segment.tagger import load_line_labeller


@pytest.fixture(scope="session")
def line_model(params):
    segment = params.segment
    return load_line_labeller(
        ROOT / segment.line_model, segment.line_labeller, line_classifier(segment)
    )

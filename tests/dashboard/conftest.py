"""A second corpus for the dashboard: three 人民日报 pages of two dates (tests/data/
renminribao_pages, written by make_renminribao_fixture.py) run through every table stage."""

import pytest

from pipeline.paths import PKUSEG_DIR, ROOT

RENMINRIBAO_PAGES = ROOT / "tests/data/renminribao_pages"


@pytest.fixture(scope="session")
def renminribao_outputs(tmp_path_factory):
    from pipeline.stages import extract, segment, tokenize, topics

    out = tmp_path_factory.mktemp("renminribao_outputs")
    segment.main(seeds=RENMINRIBAO_PAGES, out=out, metrics=out / "metrics")
    tokenize.main(out=out, pkuseg_dir=PKUSEG_DIR)
    extract.main(out=out)
    topics.main(out=out)
    return out

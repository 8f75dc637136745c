"""A second corpus for the dashboard: three 人民日报 pages of two dates (tests/data/
renminribao_pages, written by make_renminribao_fixture.py) run through every table stage."""

import pytest

from pipeline.paths import ROOT
from tests.conftest import run_table_stages

RENMINRIBAO_PAGES = ROOT / "tests/data/renminribao_pages"


@pytest.fixture(scope="session")
def renminribao_outputs(tmp_path_factory):
    return run_table_stages(RENMINRIBAO_PAGES, tmp_path_factory.mktemp("renminribao_outputs"))

"""Session fixtures (segmented seeds, the spaCy pipeline) and the network guard."""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from pipeline.inputs import InputLimits, read_pages_checked
from pipeline.lexicons.divisions import Divisions, load_divisions
from pipeline.params import Params, load_params
from pipeline.paths import PKUSEG_DIR, ROOT, SEEDS_DIR
from pipeline.segment.tables import SegmentedCorpus, segment_corpus

PAGE_000 = "000_9e44127d7170cf1c"
PAGE_002 = "002_05b83c2a48b8b92d"


class NetworkUsed(AssertionError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"a test tried to open a network connection: {args[1:]!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test runs with sockets unable to connect: the default path must be offline."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.fixture
def localhost(monkeypatch):
    """Sockets for 127.0.0.1 (Dask's scheduler and workers, the dashboard's own server): the
    network guard is lifted for the test that asks for this."""
    monkeypatch.undo()


@pytest.fixture(scope="session")
def params() -> Params:
    return load_params()


def limits(params: Params) -> InputLimits:
    return InputLimits(params.segment.max_page_chars, params.segment.min_cjk_share)


@pytest.fixture(scope="session")
def seed_pages(params):
    pages, _ = read_pages_checked(SEEDS_DIR, limits(params))
    return pages


@pytest.fixture(scope="session")
def corpus(seed_pages, params) -> SegmentedCorpus:
    return segment_corpus(seed_pages, params.segment)


@pytest.fixture(scope="session")
def articles(corpus) -> pd.DataFrame:
    return corpus.articles


@pytest.fixture(scope="session")
def divisions(params) -> Divisions:
    return load_divisions(ROOT / params.data.admin_divisions)


@pytest.fixture(scope="session")
def nlp(params):
    from pipeline.tokenize.nlp import build_nlp

    if not (PKUSEG_DIR / "weights.npz").exists():
        pytest.fail(f"{PKUSEG_DIR}: no pkuseg model; run `dvc repro fetch_models` (make test does)")
    return build_nlp(PKUSEG_DIR, params.tokenize.sentence_end_chars)


@pytest.fixture(scope="session")
def stage_outputs(tmp_path_factory):
    """Every table stage's entry point run on the seeds into a temp folder."""
    return run_table_stages(SEEDS_DIR, tmp_path_factory.mktemp("outputs"))


def run_table_stages(pages, out):
    """segment, tokenize, extract and topics through their entry points, pages -> out."""
    from pipeline.stages import extract, segment, tokenize, topics

    segment.main(seeds=pages, out=out, metrics=out / "metrics")
    tokenize.main(out=out, pkuseg_dir=PKUSEG_DIR)
    extract.main(out=out)
    topics.main(out=out)
    return out


def article_titled(articles: pd.DataFrame, prefix: str) -> pd.Series:
    """The one row whose title starts with `prefix`."""
    rows = articles[articles["title"].fillna("").str.startswith(prefix)]
    assert len(rows) == 1, f"{len(rows)} rows titled {prefix}…"
    return rows.iloc[0]

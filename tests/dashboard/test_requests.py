"""Callbacks posted to as a browser (or anyone) can: malformed payloads get a message or
nothing, never HTTP 500; and every point of every clickable chart opens a page that renders
(Flask's test client, no browser)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from pipeline.dashboard import charts
from pipeline.dashboard.app import build_app
from pipeline.dashboard.requests import click_target, parse_click, parse_filters, parse_route
from pipeline.dashboard.tables import load_outputs

FILTER_IDS = [("filter-paper", "value"), ("filter-dates", "start_date"),
              ("filter-dates", "end_date")]  # fmt: skip


@pytest.fixture(scope="module")
def client(stage_outputs):
    return build_app(stage_outputs).server.test_client()


def _render(client, pathname, search="", papers=None, start=None, end=None):
    values = [pathname, search, papers, start, end]
    ids = [("url", "pathname"), ("url", "search"), *FILTER_IDS]
    body = {
        "output": "..page.children...filter-messages.children..",
        "outputs": [{"id": "page", "property": "children"},
                    {"id": "filter-messages", "property": "children"}],
        "inputs": [{"id": i, "property": p, "value": v} for (i, p), v in zip(ids, values,
                                                                             strict=True)],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }  # fmt: skip
    return client.post("/_dash-update-component", json=body)


def _navigate(client, click=None, query=None, changed="chart"):
    chart = {"name": "overview-network", "type": "chart"}
    chart_key = json.dumps(chart, separators=(",", ":"))
    body = {
        "output": "url.href",
        "outputs": {"id": "url", "property": "href"},
        "inputs": [
            [{"id": chart, "property": "clickData", "value": click}],
            {"id": "search-box", "property": "value", "value": query},
        ],
        "changedPropIds": [f"{chart_key}.clickData" if changed == "chart" else "search-box.value"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=body)


def _download(client, button, clicks=1):
    key = json.dumps(button, separators=(",", ":"), sort_keys=True)
    body = {
        "output": "download.data",
        "outputs": {"id": "download", "property": "data"},
        "inputs": [[{"id": button, "property": "n_clicks", "value": clicks}]],
        "state": [{"id": i, "property": p, "value": None} for i, p in FILTER_IDS],
        "changedPropIds": [f"{key}.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def _text(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("pathname", "search", "papers", "start", "end", "message"),
    [
        ("/topic/abc", "", None, None, None, "没有编号为“abc”的主题"),
        (["/person/张峰"], "", None, None, None, "请求无法识别"),
        ({"article_id": "x"}, "", None, None, None, "请求无法识别"),
        ("/article/" + "{'id': 1}", "", None, None, None, "没有编号为"),
        ("/person/张峰", ["?page=2"], None, None, None, "请求无法识别"),
        ("/", "", "联谊报", None, None, "联谊报"),  # a string where a list is expected
        ("/", "", [{"paper": 1}], None, None, "报纸筛选无法识别"),
        ("/", "", None, "not-a-date", None, "日期“not-a-date”无法识别"),
        ("/", "", None, None, 20240101, "无法识别"),
        ("/search", "?q=张&page=-3&kind=<script>", None, None, None, "张峰"),
        ("/no/such/page", "", None, None, None, "没有这个页面"),
        (None, None, None, None, None, "提及最多的人物"),
    ],
)
def test_malformed_render_requests_get_a_message(client, pathname, search, papers, start, end,
                                                 message):  # fmt: skip
    response = _render(client, pathname, search, papers, start, end)
    assert response.status_code == 200
    assert message in _text(response)


@pytest.mark.parametrize(
    "click",
    [
        {"points": [{"x": 1, "y": 2}]},  # no customdata
        {"points": [{"customdata": "PERSON"}]},
        {"points": [{"customdata": [{"label": "PERSON"}, "张峰"]}]},
        {"points": [{"customdata": ["NOT_A_LABEL", "x"]}]},
        {"points": []},
        {"points": "all"},
        ["not", "a", "dict"],
        "text",
        None,
    ],
)
def test_malformed_clicks_are_ignored(client, click):
    response = _navigate(client, click)
    assert response.status_code in (200, 204)
    assert "url" not in (response.get_json() or {}).get("response", {})


def test_a_well_formed_click_and_a_search_navigate(client):
    response = _navigate(client, {"points": [{"customdata": ["PERSON", "张峰"]}]})
    assert response.get_json()["response"]["url"]["href"] == "/person/%E5%BC%A0%E5%B3%B0"
    response = _navigate(client, query=["张峰"], changed="search")
    assert response.status_code in (200, 204)
    response = _navigate(client, query="张 ", changed="search")
    assert response.get_json()["response"]["url"]["href"] == "/search?q=%E5%BC%A0"


@pytest.mark.parametrize(
    "button",
    [
        {"type": "csv", "table": "no_such_table", "arg": ""},
        {"type": "csv", "table": ["person_roles"], "arg": "张峰"},
        {"type": "csv", "table": "person_roles", "arg": {"name": "张峰"}},
        {"type": "csv", "table": "topic_articles", "arg": "abc"},
        {"type": "csv", "table": "post_holders", "arg": "NOT_A_LABEL:x"},
    ],
)
def test_malformed_downloads_send_nothing(client, button):
    response = _download(client, button)
    assert response.status_code in (200, 204)
    assert "download" not in (response.get_json() or {}).get("response", {})


def test_a_download_is_named_after_table_subject_and_filter(client):
    button = {"type": "csv", "table": "person_roles", "arg": "%E5%BC%A0%E5%B3%B0"}
    data = _download(client, button).get_json()["response"]["download"]["data"]
    assert data["filename"] == "职务_张峰_全部.csv"
    assert data["content"].startswith("person,title,org_full")


def test_request_parsers():
    assert parse_route("/person/%E5%BC%A0%E5%B3%B0", "?page=2").key == "张峰"
    assert parse_route("/person/张峰", "?page=2").page() == 2
    assert parse_route("/person/张峰", "?page=x").page() == 1
    assert parse_route(["/"], "").problem
    assert parse_filters("联谊报", "2024-01-02T00:00:00", None).papers == ("联谊报",)
    assert parse_filters(None, "2024-01-02T00:00:00", None).start == "2024-01-02"
    assert parse_filters(None, "not-a-date", None).problems
    assert parse_click({"points": [{"customdata": ["TOPIC", 3]}]}) == ("TOPIC", "3")
    assert click_target({"points": [{"x": 1}]}) is None


def _chart_targets(figure) -> list[str]:
    targets = []
    for trace in figure.data:
        for custom in trace.customdata if trace.customdata is not None else []:
            targets.append(click_target({"points": [{"customdata": list(custom)}]}))
    return targets


@pytest.mark.parametrize("corpus", ["stage_outputs", "renminribao_outputs"])
def test_every_point_of_every_clickable_chart_opens_a_page(corpus, request):
    """The page of every network node, organisation and place bar and topic bar renders
    with its own heading, not a "not found"."""
    outputs = request.getfixturevalue(corpus)
    data = load_outputs(outputs)
    client = build_app(outputs).server.test_client()
    figures = [charts.network_figure(data), charts.entity_bars(data, "ORG"),
               charts.entity_bars(data, "PLACE"), charts.topic_bars(data),
               charts.topics_over_time_figure(data)]  # fmt: skip
    targets = sorted({t for figure in figures for t in _chart_targets(figure)})
    assert len(targets) > 20
    for target in targets:
        assert target is not None
        response = _render(client, target)
        assert response.status_code == 200, target
        text = _text(response)
        assert not re.search("没有找到(人物|机构|地点)“|没有编号为", text), target


@pytest.mark.parametrize("corpus", ["stage_outputs", "renminribao_outputs"])
def test_every_article_and_name_page_renders(corpus, request):
    """Every article, and the page of every person, organisation and place, on both
    corpora (the browser test opens the articles; this covers every name too)."""
    outputs = request.getfixturevalue(corpus)
    client = build_app(outputs).server.test_client()
    articles = pd.read_parquet(outputs / "articles.parquet")
    entities = pd.read_parquet(outputs / "entities.parquet")
    kinds = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
    addresses = [f"/article/{a}" for a in articles["article_id"]]
    addresses += [f"/{kinds[lab]}/{n}" for lab, n in zip(entities["label"], entities["name"],
                                                          strict=True)]  # fmt: skip
    for address in addresses:
        response = _render(client, address)
        assert response.status_code == 200, address
        assert not re.search("没有找到(人物|机构|地点)“|没有编号为", _text(response)), address


def test_a_date_range_recounts_the_overview(renminribao_outputs):
    """Dated pages: the range 2020-01-01 onwards keeps the one 2020 page's articles."""
    client = build_app(renminribao_outputs).server.test_client()
    pages = pd.read_parquet(renminribao_outputs / "pages.parquet")
    kept = pages[pages["date"] >= "2020-01-01"]
    everything = _text(_render(client, "/", start=None))
    later = _text(_render(client, "/", start="2020-01-01", end="2020-12-31"))
    assert f'"{int(pages["n_articles"].sum())}"' in everything
    assert f'"{int(kept["n_articles"].sum())}"' in later
    assert "2020-01-06 — 2020-01-06" in later and "2019-10-12" not in later


def test_page_title_and_favicon(client):
    index = client.get("/person/%E5%BC%A0%E5%B3%B0").get_data(as_text=True)
    assert "<title>zhnews 报刊人物与机构</title>" in index and 'lang="zh-CN"' in index
    assert 'href="/assets/favicon.svg"' in index
    assert client.get("/assets/favicon.svg").status_code == 200

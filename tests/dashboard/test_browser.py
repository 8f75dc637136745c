"""The dashboard in a real browser: Playwright drives Debian's Chromium against the app
served on localhost, from the seed outputs and from three 人民日报 pages run through the
stages. Every article is opened, every chart that promises a click is clicked (its first,
last and points between; test_requests.py opens the target of every point); any server error (HTTP 5xx) or console error fails the test. Screenshots go to
the session's artefacts folder ($ZHNEWS_TEST_ARTEFACTS, else <pytest tmp>/artefacts)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WAIT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def allow_localhost(monkeypatch):
    """The suite refuses sockets; these tests talk to their own server on 127.0.0.1 only."""
    monkeypatch.undo()


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    folder = os.environ.get("ZHNEWS_TEST_ARTEFACTS")
    path = Path(folder) if folder else tmp_path_factory.getbasetemp() / "artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Server:
    def __init__(self, outputs: Path):
        port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.dashboard", "--outputs", str(outputs),
             "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.process.kill()
        pytest.fail(f"dashboard did not start:\n{self.process.stdout.read().decode()[-2000:]}")

    def stop(self) -> str:
        self.process.kill()
        return self.process.stdout.read().decode(errors="replace")


@pytest.fixture
def serve(allow_localhost):
    servers: list[Server] = []

    def start(outputs: Path) -> Server:
        servers.append(Server(outputs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed: `make browser` (make test runs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium, allow_localhost):
    """A fresh page that records every console error, page error and 5xx response."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.errors.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 500 and page.errors.append(f"HTTP {r.status} {r.url}"),
    )
    yield page
    context.close()


def _no_errors(page) -> None:
    assert page.errors == [], page.errors
    assert page.locator(".request-problem").count() == 0


def _outputs(request, name: str) -> Path:
    return request.getfixturevalue(name)


CORPORA = ["stage_outputs", "renminribao_outputs"]


def _article_links(page, server: Server) -> list[tuple[str, str, str]]:
    """(listing page, href, title) of every article in the 文章 listing, over its pages."""
    found = []
    listing = server.url + "/articles"
    while True:
        page.goto(listing)
        page.wait_for_selector("#article-list", timeout=WAIT_MS)
        for link in page.locator("#article-list a.link-article").all():
            found.append((listing, link.get_attribute("href"), link.inner_text()))
        following = page.locator(".pager a", has_text="下一页")
        if following.count() == 0:
            return found
        listing = server.url + following.get_attribute("href")


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_article_opens(corpus, request, serve, browser, artefacts):
    """Each article of the corpus opens from the listing with its title, its page's paper
    and its body; highlighted names are links; no server or console error on any."""
    outputs = _outputs(request, corpus)
    articles = pd.read_parquet(outputs / "articles.parquet").query("kind == 'article'")
    server = serve(outputs)
    page = browser
    links = _article_links(page, server)
    assert len(links) == len(articles)
    roles = pd.read_parquet(outputs / "roles.parquet")
    for number, (listing, href, title) in enumerate(links):
        if page.url != listing:
            page.goto(listing)
        page.click(f"#article-list a[href='{href}']")
        page.wait_for_function(
            "t => document.querySelector('#article-view .article-title')?.innerText === t",
            arg=title,
            timeout=WAIT_MS,
        )
        view = page.locator("#article-view")
        article_id = href.rsplit("/", 1)[1]
        row = articles.set_index("article_id").loc[article_id]
        assert row["body"][:20] in view.inner_text()
        assert page.locator("#article-view .field-paper").count() == 1
        n_links = int((roles["article_id"] == article_id).sum())
        assert page.locator("#article-links tbody tr").count() == n_links
        page.screenshot(path=str(artefacts / f"{corpus}_article_{number:02d}.png"))
        page.go_back()
        page.wait_for_selector(f"#article-list a[href='{href}']", timeout=WAIT_MS)
        assert page.url == listing
    _no_errors(page)


def _points(page, chart: str):
    return page.locator(f"#{chart} .trace .point")


def _chart_selector(name: str) -> str:
    return f'[id=\'{{"name":"{name}","type":"chart"}}\']'


def _click_point(page, point) -> None:
    """Plotly reads clicks on its drag layer: move onto the point, then click there."""
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)


# Clicks per chart in the browser (first, last and evenly between): each click is a
# navigation and a redraw. test_requests.py opens the page of every point of every chart.
CLICKS_PER_CHART = 4


def _spread(n: int, k: int) -> list[int]:
    return sorted({round(i * (n - 1) / max(k - 1, 1)) for i in range(min(n, k))})


# chart on a page -> (page address, selector of the page a click opens)
CHARTS = {
    "overview-network": ("/", "#person-results .person-name, #entity-view .entity-name"),
    "overview-topics": ("/", "#topic-articles .topic-name"),
    "counts-org": ("/entities", "#entity-view .entity-name"),
    "counts-place": ("/entities", "#entity-view .entity-name"),
    "topics-chart": ("/topics", "#topic-articles .topic-name"),
}


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_clickable_chart_point_opens_its_page(corpus, request, serve, browser, artefacts):
    """Points of every chart that promises a click open the page of what they show:
    network nodes a person or organisation, bars an organisation, a place or a topic."""
    server = serve(_outputs(request, corpus))
    page = browser
    for name, (address, target) in CHARTS.items():
        page.goto(server.url + address)
        chart = _chart_selector(name)
        page.wait_for_selector(f"{chart} .trace .point", timeout=WAIT_MS)
        page.screenshot(path=str(artefacts / f"{corpus}_{name}.png"), full_page=True)
        n_points = page.locator(f"{chart} .trace .point").count()
        assert n_points > 0
        for index in _spread(n_points, CLICKS_PER_CHART):
            point = page.locator(f"{chart} .trace .point").nth(index)
            _click_point(page, point)
            page.wait_for_selector(target, timeout=WAIT_MS)
            heading = page.locator(target).first.inner_text()
            assert heading
            page.go_back()
            page.wait_for_selector(f"{chart} .trace .point", timeout=WAIT_MS)
    _no_errors(page)


def test_zhang_feng_timeline_is_one_click_from_the_landing_page(stage_outputs, serve, browser,
                                                                 artefacts):  # fmt: skip
    """The landing page's network: one click on 张峰 opens his page, whose timeline lists
    both his titles with their organisations; his organisation is one more click."""
    server = serve(stage_outputs)
    page = browser
    page.goto(server.url)
    network = _chart_selector("overview-network")
    page.wait_for_selector(f"{network} .point", timeout=WAIT_MS)
    summary = page.inner_text("#overview-summary")
    assert "联谊报" in summary and "文章" in summary and "12" in summary
    index = page.evaluate(
        f"document.querySelector(`{network} .js-plotly-plot`).data[0].text.indexOf('张峰')"
    )
    assert index >= 0
    _click_point(page, page.locator(f"{network} .scatterlayer .trace").nth(0).locator(".point")
                 .nth(index))  # fmt: skip
    page.wait_for_selector("#person-timeline", timeout=WAIT_MS)
    assert page.inner_text(".person-name") == "张峰"
    timeline = page.inner_text("#person-timeline")
    for expected in ("委员", "丽水市政协", "董事长", "晶睿电子科技公司", "第 1 版面"):
        assert expected in timeline
    assert "丽水政协谋深谋实委员联系界别群众工作" in page.inner_text("#person-articles")
    page.screenshot(path=str(artefacts / "zhang_feng.png"), full_page=True)
    # CSV of the timeline: named after the table, the person and the filter; has the person.
    with page.expect_download() as download:
        page.locator("#person-results .csv-button").first.click()
    assert download.value.suggested_filename == "职务_张峰_全部.csv"
    csv = pd.read_csv(download.value.path())
    assert set(csv["person"]) == {"张峰"} and "晶睿电子科技公司" in set(csv["org_full"])
    # Every organisation is a link: its page lists who held which post there.
    page.click("#person-timeline a:text-is('晶睿电子科技公司')")
    page.wait_for_selector("#entity-people >> text=张峰", timeout=WAIT_MS)
    assert "董事长" in page.inner_text("#entity-people")
    _no_errors(page)


def test_a_career_over_real_dates(renminribao_outputs, serve, browser, artefacts):
    """On dated pages the timeline reads in dates, and an organisation's page lists its post
    holders in date order."""
    server = serve(renminribao_outputs)
    page = browser
    page.goto(server.url + "/person/习近平")
    page.wait_for_selector("#person-timeline", timeout=WAIT_MS)
    timeline = page.inner_text("#person-timeline")
    assert "2019-10-12" in timeline and "版面" not in timeline
    page.screenshot(path=str(artefacts / "renminribao_person.png"), full_page=True)
    page.goto(server.url + "/")
    topics = _chart_selector("overview-topics")
    page.wait_for_selector(f"{topics} .point", timeout=WAIT_MS)
    ticks = page.locator(f"{topics} .xtick").all_text_contents()
    assert ticks == ["2019-10", "2020-01"]
    assert "月份" in page.locator(f"{topics} .xtitle").text_content()
    _no_errors(page)


def test_search_lists_every_match_paged_with_counts(renminribao_outputs, serve, browser):
    server = serve(renminribao_outputs)
    page = browser
    page.goto(server.url)
    page.fill("#search-box", "习")
    page.press("#search-box", "Enter")
    page.wait_for_selector("#search-results", timeout=WAIT_MS)
    counts = page.inner_text("#search-counts")
    assert re.search(r"人物 \d+", counts) and "机构" in counts and "地点" in counts
    assert page.locator("#search-results a.link-person", has_text="习近平").count() == 1
    # All people: more than one page, every page reachable.
    page.click("#nav-1")
    page.wait_for_selector(".pager", timeout=WAIT_MS)
    total = int(re.search(r"共 (\d+) 条", page.inner_text(".pager")).group(1))
    seen = page.locator("#search-results tbody tr").count()
    while page.locator(".pager a", has_text="下一页").count():
        first = page.locator("#search-results a").first.inner_text()
        page.click(".pager a:has-text('下一页')")
        page.wait_for_function(
            "t => document.querySelector('#search-results a').innerText !== t", arg=first
        )
        seen += page.locator("#search-results tbody tr").count()
    assert seen == total > 20
    # Nothing found: a message and the closest names, each a link.
    page.fill("#search-box", "习进平")
    page.press("#search-box", "Enter")
    page.wait_for_selector("#search-suggestions", timeout=WAIT_MS)
    assert "没有找到“习进平”" in page.inner_text("#page")
    page.click("#search-suggestions a:text-is('习近平')")
    page.wait_for_selector("#search-results a.link-person:text-is('习近平')", timeout=WAIT_MS)
    _no_errors(page)


def test_paper_filter_recounts_the_overview(stage_outputs, serve, browser):
    server = serve(stage_outputs)
    page = browser
    page.goto(server.url)
    page.wait_for_selector("#overview-summary", timeout=WAIT_MS)
    assert "日期筛选不可用" in page.inner_text("#filters")
    page.click("#filter-paper")
    page.get_by_role("option", name="联谊报").click()
    page.wait_for_selector("#overview-summary >> text=联谊报", timeout=WAIT_MS)
    assert "廉毅敏" in page.inner_text("#overview-people")
    _no_errors(page)


def test_missing_outputs_give_a_message_not_a_traceback(tmp_path, serve, browser):
    empty = tmp_path / "outputs"
    empty.mkdir()
    server = serve(empty)
    page = browser
    page.goto(server.url)
    page.wait_for_selector("#load-messages .notice", timeout=WAIT_MS)
    text = page.inner_text("body")
    assert "roles.parquet 不存在" in text and "make repro" in text
    assert "Traceback" not in text
    page.goto(server.url + "/person/张峰")
    page.wait_for_selector("#page .notice", timeout=WAIT_MS)
    page.goto(server.url + "/article/nothing")
    page.wait_for_selector("#page .notice", timeout=WAIT_MS)
    _no_errors(page)

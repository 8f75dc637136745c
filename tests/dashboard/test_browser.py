"""The dashboard in a real browser: Playwright drives Debian's Chromium against the app
served on localhost from the seed outputs (and from an empty folder)."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def allow_localhost(monkeypatch):
    """The suite refuses sockets; these tests talk to their own server on 127.0.0.1 only."""
    monkeypatch.undo()


def _serve(outputs: Path):
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.dashboard",
            "--outputs",
            str(outputs),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return server, url
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    server.kill()
    pytest.fail(f"dashboard did not start:\n{server.stdout.read().decode()[-2000:]}")


@pytest.fixture
def browser(allow_localhost):
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed: `make browser` (make test runs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_search_a_person_and_see_roles_and_organisations(stage_outputs, browser, tmp_path):
    server, url = _serve(stage_outputs)
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url)
        page.click("#tabs .tab:has-text('人物')")
        page.fill("#person-query", "张峰")
        page.wait_for_selector("text=晶睿电子科技公司", timeout=20_000)
        results = page.inner_text("#person-results")
        assert "张峰" in results
        for expected in (
            "委员",
            "丽水市政协",
            "董事长",
            "晶睿电子科技公司",
            "丽水政协谋深谋实委员联系界别群众工作",
        ):
            assert expected in results
        page.screenshot(path=str(tmp_path / "dashboard_person.png"), full_page=True)
        # Any table shown downloads as CSV.
        with page.expect_download() as download:
            page.click("#roles-0 .export")
        csv = Path(download.value.path()).read_text(encoding="utf-8")
        assert "董事长" in csv and "晶睿电子科技公司" in csv

        page.click("#tabs .tab:has-text('文章')")
        page.wait_for_selector("#article-view mark", timeout=20_000)
        assert page.locator("#article-view mark.entity-person").count() > 0
        assert page.locator("#article-view mark.entity-role").count() > 0
        assert page.locator("#article-links td").count() > 0  # the article's role links
        page.screenshot(path=str(tmp_path / "dashboard_article.png"), full_page=True)
        assert (tmp_path / "dashboard_person.png").stat().st_size > 10_000
    finally:
        server.kill()


def test_missing_outputs_give_a_message_not_a_traceback(browser, tmp_path):
    empty = tmp_path / "outputs"
    empty.mkdir()
    server, url = _serve(empty)
    try:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#load-messages .notice", timeout=20_000)
        text = page.inner_text("body")
        assert "roles.parquet is missing: run `make repro`" in text
        assert "Traceback" not in text
        page.click("#tabs .tab:has-text('人物')")
        page.fill("#person-query", "张峰")
        page.wait_for_selector("#person-results .notice", timeout=20_000)
        assert "roles.parquet is missing" in page.inner_text("#person-results")
    finally:
        server.kill()


def _click_network_node(page, trace: int, name: str) -> None:
    """Click the node named `name` in the network's trace (0: people, 1: organisations).
    Plotly reads clicks on its drag layer: move onto the point, then click there."""
    index = page.evaluate(
        "document.querySelector('#overview-network .js-plotly-plot')"
        f".data[{trace}].text.indexOf('{name}')"
    )
    assert index >= 0, f"{name} is not in the network"
    points = page.locator("#overview-network .scatterlayer .trace").nth(trace).locator(".point")
    points.nth(index).scroll_into_view_if_needed()
    box = points.nth(index).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def test_overview_opens_a_person_from_the_network(stage_outputs, browser, tmp_path):
    """The first page shows the corpus at a glance and the person ↔ organisation network;
    one click on 张峰 in the network opens his page with both his titles."""
    server, url = _serve(stage_outputs)
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        page.goto(url)
        page.wait_for_selector("#overview-network .point", timeout=30_000)
        summary = page.inner_text("#overview-summary")
        assert "联谊报" in summary and "文章" in summary and "12" in summary
        assert "廉毅敏" in page.inner_text("#overview-people")
        # The paper filter applies to every tab: choosing 联谊报 redraws the overview.
        page.click("#filter-paper")
        page.get_by_role("option", name="联谊报").click()
        page.wait_for_selector("#overview-network .point", timeout=30_000)
        assert "联谊报" in page.inner_text("#overview-summary")
        page.screenshot(path=str(tmp_path / "dashboard_overview.png"), full_page=True)
        _click_network_node(page, 0, "张峰")
        page.wait_for_selector("#person-results >> text=晶睿电子科技公司", timeout=20_000)
        results = page.inner_text("#person-results")
        for expected in ("张峰", "委员", "丽水市政协", "董事长", "晶睿电子科技公司"):
            assert expected in results
        page.screenshot(path=str(tmp_path / "dashboard_network_click.png"), full_page=True)
    finally:
        server.kill()


def test_organisations_and_topics_open_their_pages(stage_outputs, browser, tmp_path):
    """An organisation clicked in the network opens its page with the people holding titles
    there; a bar in 机构与地点 does the same."""
    server, url = _serve(stage_outputs)
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        page.goto(url)
        page.wait_for_selector("#overview-network .point", timeout=30_000)
        _click_network_node(page, 1, "晶睿电子科技公司")
        page.wait_for_selector("#entity-view >> text=张峰", timeout=20_000)
        view = page.inner_text("#entity-view")
        assert "晶睿电子科技公司" in view and "董事长" in view
        page.screenshot(path=str(tmp_path / "dashboard_org.png"), full_page=True)
    finally:
        server.kill()

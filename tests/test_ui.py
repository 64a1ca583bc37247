"""The query UI in headless Chromium: load /, pick an example, run it, see result rows.

Chromium comes from Debian (``make test`` installs it); a missing browser or a missing
YASGUI install is a failure here, not a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from test_endpoint_support import fixture_server

from graph.http.templating import YASGUI

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fixture_server(tmp_path_factory.mktemp("ui")) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert (YASGUI / "yasgui.min.js").is_file(), "YASGUI is not installed: run `make ui`"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        yield page
        browser.close()


def test_pick_example_run_and_see_rows(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert "PREFIX unga:" in page.evaluate("window.unga.yasgui.getTab().getQuery()")
    page.click("button.example[data-name='resolutions']")
    assert "Resolutions and their official tallies" in page.evaluate(
        "window.unga.yasgui.getTab().getQuery()")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr", timeout=15000)
    text = page.inner_text(".yasr table tbody")
    assert "A/RES/ES-11/1" in text
    query = parse_qs(urlparse(page.url).query)["query"][0]  # the address bar is the permalink
    assert "official tallies" in query
    csv_link = page.get_attribute("#download-csv", "href")
    assert csv_link.startswith("/sparql?") and "format=csv" in csv_link


def test_permalink_restores_the_query(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/?query=ASK%20%7B%7D")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.evaluate("window.unga.yasgui.getTab().getQuery()") == "ASK {}"


def test_pages_load_without_a_failed_request(server: str, page) -> None:  # noqa: ANN001
    """Every request the browser makes for the UI and a resource page succeeds (once: /favicon.ico)."""
    failed: list[tuple[int, str]] = []
    errors: list[str] = []

    def on_response(response) -> None:  # noqa: ANN001
        if response.status >= 400:
            failed.append((response.status, response.url))

    def on_console(message) -> None:  # noqa: ANN001
        if message.type == "error":
            errors.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    try:
        for path in ("/", "/queries", "/id/resolution/A-RES-ES-11-1"):
            page.goto(server + path, wait_until="networkidle")
        icon = page.evaluate("fetch('/favicon.ico').then(r => [r.status, r.headers.get('content-type')])")
    finally:
        page.remove_listener("response", on_response)
        page.remove_listener("console", on_console)
    assert icon == [200, "image/svg+xml"]
    assert page.get_attribute("link[rel=icon]", "href") == "/static/favicon.svg"
    assert not failed and not errors


def test_downloads_of_a_graph_query_are_turtle_and_json_ld(server: str, page) -> None:  # noqa: ANN001
    """A CONSTRUCT's CSV link answered 406: its links are Turtle and JSON-LD, and they work."""
    import httpx

    page.goto(server + "/?query=" + "CONSTRUCT%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%203")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click(".yasqe_queryButton")
    page.wait_for_function("document.getElementById('download-csv').textContent === 'Turtle'", timeout=15000)
    assert page.inner_text("#download-json") == "JSON-LD"
    for link, media in (("#download-csv", "text/turtle"), ("#download-json", "application/ld+json")):
        r = httpx.get(server + page.get_attribute(link, "href"))
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), (link, r.text[:200])
    page.click("button.example[data-name='resolutions']")  # back to a table: CSV and JSON again
    assert page.inner_text("#download-csv") == "CSV"

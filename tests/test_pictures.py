"""Pictures on the linked-data pages, checked in headless Chromium on the shipped data.

One server (on the built store) and one browser for the module. Screenshots are written to
``$UNGA_KG_SCREENSHOTS`` when set (to look at them), to the test's temporary folder otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_endpoint_support import running_server

from graph.http.views.pictures import VOTE_COLOURS
from graph.http.views.worldmap import ATLAS
from graph.store import GraphStore

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def rgb(hex_colour: str) -> str:
    """``#rrggbb`` as the browser's computed ``rgb(r, g, b)``."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("UNGA_KG_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(built_store: GraphStore) -> Iterator[str]:
    with running_server(built_store.root) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert ATLAS.is_file(), "map shapes (world-atlas) are not installed: run `make ui`"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        yield page
        browser.close()


def test_resolution_page_map_and_tally_bar(server: str, browser_page, shots: Path) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(server + "/id/resolution/A-RES-ES-11-1?format=html")
    page.wait_for_selector("svg.worldmap path.country")
    page.locator("figure.vote-map").screenshot(path=str(shots / "es-11-1-map.png"))
    page.locator("svg.tally-bar").screenshot(path=str(shots / "es-11-1-tally.png"))
    assert page.locator("svg.worldmap path.country").count() > 180
    fill = "el => getComputedStyle(el).fill"
    assert page.locator("svg.worldmap path[data-iso3='RUS']").evaluate(fill) == rgb(VOTE_COLOURS["N"])
    assert page.locator("svg.worldmap path[data-iso3='UKR']").evaluate(fill) == rgb(VOTE_COLOURS["Y"])
    assert page.locator("svg.worldmap path[data-iso3='CHN']").evaluate(fill) == rgb(VOTE_COLOURS["A"])
    assert page.locator("svg.worldmap path[data-iso3='VEN']").evaluate(fill) == rgb(VOTE_COLOURS["X"])
    # every shape of a state carries its ballot; the 193 states of a complete roll call are all there
    votes = page.eval_on_selector_all("svg.worldmap [data-iso3]", "els => els.map(e => e.dataset.iso3)")
    assert len(set(votes)) >= 180
    box = page.locator("svg.worldmap path[data-iso3='RUS']").bounding_box()
    assert box["width"] > 200  # Russia is drawn large, i.e. the shapes are real
    assert "Natural Earth" in page.inner_text("figure.vote-map figcaption")
    widths = {v: page.locator(f"svg.tally-bar g[data-vote='{v}'] rect").bounding_box()["width"]
              for v in "YNAX"}
    counts = {"Y": 141, "N": 5, "A": 35, "X": 12}
    for v in "NAX":
        assert widths[v] / widths["Y"] == pytest.approx(counts[v] / counts["Y"], rel=0.02)
    total = page.locator("svg.tally-bar").bounding_box()["width"]
    assert sum(widths.values()) == pytest.approx(total, rel=0.01)


def test_partial_roll_call_map_marks_unknown_ballots(server: str, browser_page, shots: Path) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(server + "/id/resolution/A-RES-ES-11-4?format=html")
    page.wait_for_selector("svg.worldmap path.country")
    page.locator("figure.vote-map").screenshot(path=str(shots / "es-11-4-map.png"))
    fill = "el => getComputedStyle(el).fill"
    assert page.locator("svg.worldmap path[data-iso3='RUS']").evaluate(fill) == rgb(VOTE_COLOURS["N"])
    assert page.locator("svg.worldmap path[data-iso3='IND']").evaluate(fill) == rgb(VOTE_COLOURS["A"])
    known = page.eval_on_selector_all("svg.worldmap path[data-vote]:not([data-vote=''])",
                                      "els => new Set(els.map(e => e.dataset.iso3)).size")
    assert known <= 51  # only the 51 known ballots are coloured by vote
    assert "Ballots known for 51 states (a partial roll call" in page.inner_text("figure.vote-map")
    assert page.locator("svg.worldmap path[data-iso3='UKR']").evaluate(fill) == rgb(VOTE_COLOURS[None])


def test_state_page_record_chart(server: str, browser_page, shots: Path) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(server + "/id/state/CHN?format=html")
    page.wait_for_selector("figure.record-chart circle.ballot")
    page.locator("figure.record-chart").screenshot(path=str(shots / "chn-record.png"))
    dots = page.eval_on_selector_all(
        "figure.record-chart circle.ballot",
        "els => els.map(e => [e.dataset.symbol, e.dataset.vote, e.getBoundingClientRect().x,"
        " e.getBoundingClientRect().y])")
    assert [d[0] for d in dots] == ["A/RES/68/262", *(f"A/RES/ES-11/{n}" for n in range(1, 7))]
    assert [d[1] for d in dots] == ["A", "A", "A", "N", "A", "N", "A"]
    xs = [d[2] for d in dots]
    assert xs == sorted(xs) and len(set(xs)) == 7  # in date order
    y_of = {d[1]: d[3] for d in dots}
    assert y_of["A"] < y_of["N"]  # the "no" row lies below the "abstention" row


def test_state_page_agreement_heat_map(server: str, browser_page, shots: Path) -> None:  # noqa: ANN001
    page = browser_page
    page.goto(server + "/id/state/RUS?format=html")
    page.wait_for_selector("figure.heatmap img")
    page.locator(".heatmap-panel").screenshot(path=str(shots / "rus-heatmap.png"))
    order = page.evaluate("JSON.parse(document.getElementById('heatmap-order').textContent)")
    assert len(order) == 193
    pixel = """([i, j]) => { const img = document.querySelector('figure.heatmap img');
        const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        return Array.from(g.getImageData(j, i, 1, 1).data.slice(0, 3)); }"""
    rus, blr, usa, ukr = (order.index(s) for s in ("RUS", "BLR", "USA", "UKR"))
    assert page.evaluate("document.querySelector('figure.heatmap img').naturalWidth") == 193
    assert page.evaluate(pixel, [rus, blr]) == [33, 102, 172]  # agreement 1: blue
    assert page.evaluate(pixel, [rus, usa]) == [178, 24, 43]  # agreement 0: red
    assert page.evaluate(pixel, [usa, ukr]) == [33, 102, 172]
    assert abs(rus - blr) < abs(rus - ukr)  # ordered by ideal point: Belarus next to Russia
    row = page.locator("svg.heatmap-overlay rect.this-row").bounding_box()
    image = page.locator("figure.heatmap img").bounding_box()
    assert row["y"] - image["y"] == pytest.approx(rus * image["height"] / 193, abs=1.5)
    closest = page.inner_text("table.agreement")
    assert "BLR" in closest


def test_pages_still_answer_without_a_browser(server: str) -> None:
    r = httpx.get(server + "/id/resolution/A-RES-ES-11-6?format=html")
    assert r.status_code == 200 and 'data-iso3="RUS" data-vote="N"' in r.text

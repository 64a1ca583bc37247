"""The resolution pages of `unga-kg serve` over the shipped build.

Found by a QA pass: the Security Council draft's page had no tally and an empty world map, and
roll calls were in ISO3 order under state names.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from oxigraph_support import oxigraph_server
from test_endpoint_support import running_server

from graph.http.views.common import name_key
from graph.store import GraphStore
from tests.conftest import REPO

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
                     "image/webp,image/apng,*/*;q=0.8"}
WIKIDATA = "https://query.wikidata.org/sparql"
START = ["/", "/queries", "/id/resolution/S-2022-720", "/id/resolution/A-RES-ES-11-1",
         "/id/resolution/A-RES-ES-11-5", "/id/state/UKR", "/favicon.ico"]


class Links(HTMLParser):
    """The ``href``/``src`` values of a page and its GET forms with their prefilled values."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1][1][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and self.forms and "selected" in a:
            self.forms[-1][1][self._select] = a.get("value", "")
        self.links += [a[k] for k in ("href", "src") if a.get(k)]


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture(scope="module")
def server(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``unga-kg serve`` over the shipped build, Wikidata aliased to the local stand-in."""
    fixture = REPO / "tests" / "fixtures" / "wikidata" / "wikidata.ttl"
    location = tmp_path_factory.mktemp("wikidata") / "db"
    with oxigraph_server(location, read_only=True, load=fixture) as mirror, \
            running_server(built_store.root, "--service-alias", f"{WIKIDATA}={mirror}/query") as url:
        yield url


def html(server: str, path: str) -> str:
    r = httpx.get(server + path, headers=BROWSER, timeout=30)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r.text


def test_security_council_draft_shows_its_tally_and_veto(server: str) -> None:
    page = html(server, "/id/resolution/S-2022-720")
    assert "<h2>Official tally</h2>" in page
    assert "Yes: 10" in page and "No: 1" in page and "Abstention: 4" in page
    veto = page[page.index('class="veto"'):]
    assert veto.startswith('class="veto">Vetoed by <a href="/id/state/RUS">Russian Federation</a>')
    assert "Map of the vote" not in page and "Ballots known for" not in page
    assert "The Security Council record here has no roll call" in page
    assert "<h2>Roll call</h2>" not in page


def test_general_assembly_page_keeps_its_map_and_no_veto(server: str) -> None:
    page = html(server, "/id/resolution/A-RES-ES-11-1")
    assert "Yes: 141" in page and "Ballots known for 193 states" in page
    assert 'class="veto"' not in page and "no roll call" not in page


def test_statement_without_speaker_links_to_the_statement(server: str) -> None:
    page = html(server, "/id/resolution/A-RES-ES-11-5")  # a joint statement: states, no speaker
    assert 'href="None"' not in page
    assert '<a href="/id/article/5f849d12b171/statement/1">(statement, no speaker named)</a>' in page


def roll_call_names(page: str, option: str) -> list[str]:
    row = page[page.index(f"<th>{option} ("):]
    row = row[:row.index("</tr>")]
    return [text.split("</a>")[0].replace("&#39;", "'") for text in row.split('">')[1:]]


def test_roll_call_is_in_the_order_of_the_names_shown(server: str) -> None:
    page = html(server, "/id/resolution/A-RES-ES-11-1")
    yes = roll_call_names(page, "Yes")
    assert len(yes) == 141 and yes == sorted(yes, key=name_key)
    assert yes.index("Colombia") < yes.index("Côte d'Ivoire") < yes.index("Croatia")
    assert yes.index("Ukraine") < yes.index("United Arab Emirates")
    assert roll_call_names(page, "No") == ["Belarus", "Democratic People's Republic of Korea", "Eritrea",
                                           "Russian Federation", "Syrian Arab Republic"]


def test_name_key_ignores_case_and_accents() -> None:
    names = ["Croatia", "Côte d'Ivoire", "cuba", "Türkiye", "Turkmenistan", "Tuvalu", "Colombia"]
    assert sorted(names, key=name_key) == ["Colombia", "Côte d'Ivoire", "Croatia", "cuba", "Türkiye",
                                           "Turkmenistan", "Tuvalu"]

"""The HTML of `unga-kg serve` over the shipped build: every link and form on the pages works.

Found by a QA pass: the /queries page and the / gallery linked to parameterised queries without
their parameters (400), the Security Council draft's page had no tally and an empty world map,
roll calls were in ISO3 order under state names, and /favicon.ico answered 404. The crawl
follows every same-site ``href``/``src`` of /, /queries and a few /id pages (one level deep) and
submits every form with its prefilled values; SERVICE calls go to a local Wikidata stand-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import httpx
import pytest
from oxigraph_support import oxigraph_server
from test_endpoint_support import running_server

from graph.http.views.common import name_key
from graph.queries import named_queries
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


def test_no_link_or_form_on_the_pages_answers_an_error(server: str) -> None:
    targets: set[str] = set()
    for path in START:
        r = httpx.get(server + path, headers=BROWSER, timeout=30, follow_redirects=True)
        assert r.status_code == 200, (path, r.status_code)
        if not r.headers["content-type"].startswith("text/html"):
            continue
        found = parse(r.text)
        targets |= {urljoin(server + path, link) for link in found.links}
        targets |= {urljoin(server + path, action) + "?" + urlencode(values)
                    for action, values in found.forms}
    local = sorted({t.split("#")[0] for t in targets if urlsplit(t).netloc == urlsplit(server).netloc})
    assert len(local) > 250  # the links of the pages (a roll call alone has 193) and the forms
    with httpx.Client(headers=BROWSER, timeout=60, follow_redirects=True) as client:
        failed = [(status, url) for url in local if (status := client.get(url).status_code) >= 400]
    assert not failed


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


def test_every_parameterised_query_has_a_prefilled_form_and_a_working_link(server: str) -> None:
    found = parse(html(server, "/queries"))
    forms = {action: values for action, values in found.forms}
    for query in named_queries().values():
        url = f"/queries/{query.name}"
        assert any(link == url + "?format=csv" or link.startswith(url + "?") for link in found.links), url
        if not query.params:
            assert url not in forms
            continue
        assert forms[url] == {**{p.name: p.example for p in query.params}, "format": "csv"}
        assert all(p.example for p in query.params), query.name


def test_gallery_links_to_the_api_with_example_values(server: str) -> None:
    links = parse(html(server, "/")).links
    assert "/queries/roll_call?symbol=A/RES/ES-11/1" in links
    assert "/queries/agreement?a=USA&b=RUS" in links
    assert "/queries/speeches" in links  # only optional parameters: all rows
    assert not [link for link in links if link.startswith("/queries/") and "?" not in link
                and any(not p.optional for p in named_queries()[link.split("/")[2]].params)]


def test_favicon(server: str) -> None:
    r = httpx.get(server + "/favicon.ico", follow_redirects=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.lstrip().startswith("<svg")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html(server, "/queries")

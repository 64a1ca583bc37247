"""Content negotiation (graph.http.negotiation) against RFC 9110 §12.5.1, table-driven."""

from __future__ import annotations

import pytest

from graph.http.negotiation import (
    GRAPH_ALIASES,
    GRAPH_MEDIA,
    HTML_MEDIA,
    RESULT_ALIASES,
    RESULT_MEDIA,
    Choice,
    NotAcceptable,
    negotiate,
    parse_accept,
    quality,
)

PAGES = {**GRAPH_MEDIA, **HTML_MEDIA}
LISTING = {"json": ("application/json",), **HTML_MEDIA}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
          "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
JAVA = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
TABLES = {"results": RESULT_MEDIA, "graph": GRAPH_MEDIA, "pages": PAGES, "listing": LISTING}


@pytest.mark.parametrize(("table", "accept", "name", "media"), [
    # no preference: the table's first format, as its own type
    ("results", None, "json", "application/sparql-results+json"),
    ("results", "", "json", "application/sparql-results+json"),
    ("results", "*/*", "json", "application/sparql-results+json"),
    ("graph", "*/*", "ttl", "text/turtle"),
    ("pages", "*/*", "ttl", "text/turtle"),
    ("listing", "*/*", "json", "application/json"),
    # type/* matches only that type's media, never the first entry of the table
    ("results", "text/*", "csv", "text/csv"),
    ("graph", "application/*", "nt", "application/n-triples"),
    ("graph", "text/*", "ttl", "text/turtle"),
    # q=0 refuses exactly that type, whatever a wildcard says
    ("results", "application/sparql-results+json;q=0, */*", "xml", "application/sparql-results+xml"),
    ("graph", "text/turtle;q=0, */*", "nt", "application/n-triples"),
    ("results", "*/*;q=0.5, application/sparql-results+json;q=0, application/json;q=0",
     "xml", "application/sparql-results+xml"),
    # the most specific range decides, wherever it stands in the header
    ("results", "text/csv;q=0.1, text/*;q=0.9", "tsv", "text/tab-separated-values"),
    ("results", "text/*;q=0.2, */*;q=0.9", "json", "application/sparql-results+json"),
    ("results", "*/*;q=0.9, text/*;q=0.2, text/csv", "csv", "text/csv"),
    # highest q wins, then a named type over a wildcard, then the server's order
    ("results", "text/csv;q=0.5, application/sparql-results+xml;q=0.6", "xml",
     "application/sparql-results+xml"),
    ("results", "text/csv, */*", "csv", "text/csv"),
    ("results", "text/csv, application/sparql-results+json", "json", "application/sparql-results+json"),
    ("results", "text/tab-separated-values, text/csv", "csv", "text/csv"),
    # an alias counts when named, and is then what is sent
    ("results", "application/json", "json", "application/json"),
    ("results", "text/xml", "xml", "text/xml"),
    ("graph", "application/x-turtle", "ttl", "application/x-turtle"),
    ("graph", "text/plain", "nt", "text/plain"),
    ("graph", "application/json", "jsonld", "application/json"),
    ("results", BROWSER, "xml", "application/xml"),
    # parameters: charset=utf-8 is ours; another parameter matches nothing we write
    ("results", "application/sparql-results+json;charset=UTF-8", "json", "application/sparql-results+json"),
    ("results", 'text/csv;charset="utf-8";q=0.5, */*;q=0.1', "csv", "text/csv"),
    ("results", "text/csv;header=absent, */*;q=0.1", "json", "application/sparql-results+json"),
    ("results", "text/csv;header=present;q=0, text/csv;q=0.5, */*;q=0.1", "csv", "text/csv"),
    # a profile never excludes a type (JSON-LD clients send one routinely)
    ("graph", 'application/ld+json;profile="a, b";q=0.9, text/turtle;q=0.5', "jsonld", "application/ld+json"),
    ("graph", 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "jsonld",
     "application/ld+json"),
    ("pages", 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded", text/html;q=0.5',
     "jsonld", "application/ld+json"),
    ("pages", 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded";q=0, application/ld+json',
     "jsonld", "application/ld+json"),
    # HTML or RDF: one rule for both
    ("pages", BROWSER, "html", "text/html"),
    ("pages", CHROME, "html", "text/html"),
    ("pages", JAVA, "html", "text/html"),
    ("pages", "text/html, application/xhtml+xml, */*", "html", "text/html"),
    ("pages", "text/turtle;q=0.5, text/html;q=0.9", "html", "text/html"),
    ("pages", "text/html;q=0, text/turtle", "ttl", "text/turtle"),
    ("pages", "text/html;q=0, */*", "ttl", "text/turtle"),
    ("pages", "text/turtle, text/html;q=0.9", "ttl", "text/turtle"),
    ("pages", "application/ld+json", "jsonld", "application/ld+json"),
    ("listing", BROWSER, "html", "text/html"),
    ("listing", "application/json, text/html;q=0.5", "json", "application/json"),
    ("listing", "text/html;q=0, */*", "json", "application/json"),
    # lenient reading: case, spaces, q without a leading 0, q over 1
    ("results", "  TEXT/CSV ; Q=0.5 ,  text/tab-separated-values;q=.4", "csv", "text/csv"),
    ("results", "text/csv;q=2, application/sparql-results+json;q=0.9", "csv", "text/csv"),
    ("results", "text/csv;q=zero, text/tab-separated-values;q=0.1", "tsv", "text/tab-separated-values"),
    ("results", "text/csv;q=0.5;ext=1;x=y, */*;q=0.1", "csv", "text/csv"),
])
def test_accept(table: str, accept: str | None, name: str, media: str) -> None:
    choice = negotiate(TABLES[table], accept)
    assert choice == Choice(name, media)
    assert any(r.q > 0 and r.matches(choice.media_type) for r in parse_accept(accept))


@pytest.mark.parametrize(("table", "accept"), [
    ("results", "image/png"),
    ("results", "text/turtle"),
    ("results", "*/*;q=0"),
    ("results", "text/*;q=0, application/*;q=0"),
    ("results", "application/sparql-results+json;q=0, application/sparql-results+xml;q=0, text/*;q=0"),
    ("graph", "text/csv"),
    ("graph", "text/turtle;q=0, application/*;q=0, text/*;q=0"),
    ("pages", "text/html;q=0, application/*;q=0, text/*;q=0"),
    ("pages", "application/xhtml+xml"),
    ("listing", "text/turtle"),
    ("results", "text/csv;header=absent"),
    ("results", "nonsense"),
])
def test_not_acceptable(table: str, accept: str) -> None:
    with pytest.raises(NotAcceptable):
        negotiate(TABLES[table], accept)


@pytest.mark.parametrize(("table", "fmt", "aliases", "expected"), [
    (RESULT_MEDIA, "csv", RESULT_ALIASES, Choice("csv", "text/csv")),
    (RESULT_MEDIA, "srx", RESULT_ALIASES, Choice("xml", "application/sparql-results+xml")),
    (RESULT_MEDIA, "application/json", RESULT_ALIASES, Choice("json", "application/json")),
    (GRAPH_MEDIA, "turtle", GRAPH_ALIASES, Choice("ttl", "text/turtle")),
    (PAGES, "html", GRAPH_ALIASES, Choice("html", "text/html")),
])
def test_format_overrides_accept(table: dict[str, tuple[str, ...]], fmt: str, aliases: dict[str, str],
                                 expected: Choice) -> None:
    assert negotiate(table, "image/png", fmt, aliases) == expected
    assert negotiate(table, "*/*;q=0", fmt, aliases) == expected


def test_unknown_format_is_not_acceptable() -> None:
    with pytest.raises(NotAcceptable, match="unknown format"):
        negotiate(RESULT_MEDIA, None, "yaml", RESULT_ALIASES)


def test_parse_accept_and_quality() -> None:
    ranges = parse_accept('text/html;level=1;q=0.7;ext="a;b", text/*;q=0.3, */*;q=0.5, bad, *')
    assert [(r.type, r.subtype, r.q, r.specificity) for r in ranges] == [
        ("text", "html", 0.7, 3), ("text", "*", 0.3, 1), ("*", "*", 0.5, 0), ("*", "*", 1.0, 0)]
    assert ranges[0].params == frozenset({("level", "1")})
    # RFC 9110's example (with text/plain for text/html): the most specific match decides
    example = parse_accept("text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, "
                           "text/plain;format=fixed;q=0.4, */*;q=0.5")
    assert quality(example, "text/plain") == (0.7, 2)
    assert quality(example, "text/html") == (0.3, 1)
    assert quality(example, "image/jpeg") == (0.5, 0)
    assert quality(example, "text/plain", wildcards=False) == (0.7, 2)
    assert quality(example, "text/html", wildcards=False) == (0.0, -1)

"""Content negotiation: which serialization answers a request (Accept header or ``format=``).

Result sets (SELECT, ASK) and graphs (CONSTRUCT, DESCRIBE, linked-data pages) have separate
format tables; the first entry of each is the default for ``*/*`` or a missing Accept.
Keys are the format names of graph.sparql (json, xml, csv, tsv / ttl, nt, jsonld, rdfxml).
"""

from __future__ import annotations

from dataclasses import dataclass

RESULT_MEDIA: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_MEDIA: dict[str, tuple[str, ...]] = {
    "ttl": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
}
# format= values a browser may give, per kind of result.
RESULT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"}
GRAPH_ALIASES = {
    "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml",
    "rdf": "rdfxml", "xml": "rdfxml", "owl": "rdfxml",
}


class NotAcceptable(Exception):
    """No format we can write satisfies the request (HTTP 406)."""


@dataclass(frozen=True)
class Choice:
    """The chosen format name and the media type to send it as."""

    name: str
    media_type: str


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return sorted(ranges, key=lambda item: -item[1])


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def negotiate(
    table: dict[str, tuple[str, ...]],
    accept: str | None,
    fmt: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Choice:
    """Pick a format from ``table`` by ``fmt`` (a name or a media type) or else by Accept."""
    if fmt:
        key = (aliases or {}).get(fmt.lower(), fmt.lower())
        if key in table:
            return Choice(key, table[key][0])
        for name, media in table.items():
            if key in media:
                return Choice(name, key)
        raise NotAcceptable(f"unknown format {fmt!r}; use one of {', '.join(table)}")
    for media_range, q in parse_accept(accept):
        if q <= 0:
            continue
        for name, media in table.items():
            for media_type in media:
                if _matches(media_range, media_type):
                    return Choice(name, media[0] if "*" in media_range else media_type)
    offered = ", ".join(m[0] for m in table.values())
    raise NotAcceptable(f"none of the requested media types can be produced; offered: {offered}")

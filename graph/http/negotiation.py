"""Content negotiation: which serialization answers a request (Accept header or ``format=``).

Each table maps a format name to its media types: the first is the format's own type, the
others are aliases (application/json, text/xml, …). Table order is the server's preference.
Keys of the result-set and graph tables are the format names of graph.sparql (json, xml, csv,
tsv / ttl, nt, jsonld, rdfxml); routes that also offer HTML add :data:`HTML_MEDIA`.

Accept follows RFC 9110 §12.5.1: a media range's q-value applies to every type it matches,
and the most specific matching range decides a type's q (``type/subtype`` with parameters,
then ``type/subtype``, then ``type/*``, then ``*/*``). q=0 means "not acceptable". Wildcards
match a format's own type only; an alias counts when the client names it. Among the
acceptable types the highest q wins; at equal q a type the client named beats one it only
matched with a wildcard (``text/html, */*`` means HTML), and then the table's order decides.
The chosen media type is always one the client accepted.
"""

from __future__ import annotations

import functools
import math
import re
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
HTML_MEDIA: dict[str, tuple[str, ...]] = {"html": ("text/html",)}
# format= values a browser may give, per kind of result.
RESULT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"}
GRAPH_ALIASES = {
    "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml",
    "rdf": "rdfxml", "xml": "rdfxml", "owl": "rdfxml",
}
# Everything this server writes is UTF-8, so a range asking for that charset still matches.
# A ``profile`` (JSON-LD's expanded / compacted / flattened, or any other) never excludes a type:
# linked-data clients send one routinely, and a JSON-LD document is better than a 406.
OUR_PARAMS = {("charset", "utf-8"), ("charset", "utf8")}
_ELEMENT = re.compile(r'(?:[^,"]|"(?:\\.|[^"\\])*")+')
_PARAM = re.compile(r'\s*([^=\s;]+)\s*(?:=\s*("(?:\\.|[^"\\])*"|[^;]*?))?\s*(?:;|$)')


class NotAcceptable(Exception):
    """No format we can write satisfies the request (HTTP 406)."""


@dataclass(frozen=True)
class Choice:
    """The chosen format name and the media type to send it as."""

    name: str
    media_type: str


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: ``type/subtype`` (either may be ``*``), parameters, q."""

    type: str
    subtype: str
    params: frozenset[tuple[str, str]]
    q: float

    @property
    def specificity(self) -> int:
        """3 with parameters, 2 for type/subtype, 1 for type/*, 0 for */*. A ``profile`` is not
        counted: it is ignored in matching too, so ``…;profile=X;q=0`` cannot veto the type."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self._wanted else 2

    @property
    def _wanted(self) -> set[tuple[str, str]]:
        return {p for p in self.params if p[0] != "profile"}

    def matches(self, media_type: str) -> bool:
        """True when this range covers ``media_type`` (a parameterless type we write)."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return True
        if self.type != kind:
            return False
        return self.subtype == "*" or (self.subtype == sub and self._wanted <= OUR_PARAMS)


def _param_value(raw: str | None) -> str:
    value = (raw or "").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _qvalue(text: str) -> float:
    try:
        q = float(text)
    except ValueError:
        return 0.0
    return min(max(q, 0.0), 1.0) if math.isfinite(q) else 0.0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header in header order (a missing or empty one is ``*/*``).

    Parameters before ``q`` are the range's own; ``q`` and what follows are not. q-values are
    read leniently (``q=.2`` as 0.2, clamped to 0…1); one that is not a number makes the range
    unacceptable (q=0). A bare ``*`` is ``*/*``; another malformed range is skipped.
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", frozenset(), 1.0)]
    ranges: list[MediaRange] = []
    for element in _ELEMENT.findall(header):
        media, _, rest = element.partition(";")
        media = media.strip().lower()
        kind, slash, sub = ("*", "/", "*") if media == "*" else media.partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        params: set[tuple[str, str]] = set()
        q = 1.0
        for match in _PARAM.finditer(rest):
            key, value = match.group(1).lower(), _param_value(match.group(2))
            if key == "q":
                q = _qvalue(value)
                break
            params.add((key, value.lower() if key == "charset" else value))
        ranges.append(MediaRange(kind, sub, frozenset(params), q))
    return ranges


def quality(ranges: list[MediaRange], media_type: str, wildcards: bool = True) -> tuple[float, int]:
    """(q, specificity) that ``ranges`` give ``media_type``: those of its most specific match.

    Among equally specific matches the highest q counts. ``wildcards=False`` (aliases) lets
    only ranges naming the type itself count. (0.0, -1) when no range matches.
    """
    best: tuple[float, int] = (0.0, -1)
    for media_range in ranges:
        spec = media_range.specificity
        if (spec < 2 and not wildcards) or spec < best[1] or not media_range.matches(media_type):
            continue
        if spec > best[1] or media_range.q > best[0]:
            best = (media_range.q, spec)
    return best


def _by_format(table: dict[str, tuple[str, ...]], fmt: str, aliases: dict[str, str] | None) -> Choice:
    key = (aliases or {}).get(fmt.lower(), fmt.lower())
    if key in table:
        return Choice(key, table[key][0])
    for name, media in table.items():
        if key in media:
            return Choice(name, key)
    raise NotAcceptable(f"unknown format {fmt!r}; use one of {', '.join(table)}")


def negotiate(
    table: dict[str, tuple[str, ...]],
    accept: str | None,
    fmt: str | None = None,
    aliases: dict[str, str] | None = None,
) -> Choice:
    """Pick a format from ``table`` by ``fmt`` (a name or a media type) or else by Accept.

    ``fmt`` overrides Accept. NotAcceptable when ``fmt`` is unknown or Accept allows no type.
    """
    if fmt:
        return _by_format(table, fmt, aliases)
    choice = _by_accept(tuple(table.items()), accept)
    if choice is None:
        offered = ", ".join(m[0] for m in table.values())
        raise NotAcceptable(f"none of the requested media types can be produced; offered: {offered}")
    return choice


@functools.lru_cache(maxsize=256)  # clients send few distinct headers; this saves ~10-40 µs
def _by_accept(offers: tuple[tuple[str, tuple[str, ...]], ...], accept: str | None) -> Choice | None:
    ranges = parse_accept(accept)
    best: tuple[float, int] = (0.0, -1)
    choice: Choice | None = None
    for name, media in offers:
        for position, media_type in enumerate(media):
            score = quality(ranges, media_type, wildcards=position == 0)
            if score[0] > 0 and score > best:  # strictly better: earlier entries win ties
                best, choice = score, Choice(name, media_type)
    return choice

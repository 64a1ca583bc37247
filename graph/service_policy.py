"""SERVICE policy: federated calls go only to allow-listed endpoints, aliases reroute them.

Used by the HTTP endpoint and by ``unga-kg query``. pyoxigraph 0.5.13 evaluates SERVICE
itself (it is built with its HTTP client), so the policy is enforced on the query text before
the engine sees it: every ``SERVICE <iri>`` (or ``SERVICE prefix:name``) must be allowed or
aliased, and ``SERVICE ?var`` is refused because its target is only known at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.settings import WIKIDATA_SPARQL
from graph.sparql_lexer import Token, prefixes, tokens

DEFAULT_ALLOW = (WIKIDATA_SPARQL,)
FETCHING = ("SERVICE", "LOAD")
"""Keywords after which the engine fetches an IRI (queries: SERVICE; updates: LOAD too)."""
MAX_NESTING = 200
"""Deepest ``{ ( [`` nesting accepted: pyoxigraph's parser overflows its stack (SIGSEGV) near 3,000."""


def parse_aliases(pairs: Iterable[str]) -> dict[str, str]:
    """``FROM=TO`` strings (``--service-alias``) as a mapping; ValueError on a bad pair."""
    aliases: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise ValueError(f"--service-alias: expected FROM=TO, got {pair!r}")
        aliases[source] = target
    return aliases


def _service_target(items: list[Token], i: int, declared: dict[str, str]) -> tuple[Token, str]:
    """The token naming the endpoint after SERVICE at ``i`` and its IRI ('' for a variable)."""
    j = i + 1
    if j < len(items) and items[j].kind == "word" and items[j].text.upper() == "SILENT":
        j += 1
    if j >= len(items):
        raise ValueError("SERVICE without an endpoint")
    target = items[j]
    if target.kind == "iri":
        return target, target.text[1:-1]
    if target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        if prefix not in declared:
            raise ValueError(f"SERVICE {target.text}: undeclared prefix {prefix!r}")
        return target, declared[prefix] + local
    if target.kind == "var":
        raise ValueError(
            f"SERVICE {target.text}: a variable endpoint is not allowed; name the endpoint IRI"
        )
    raise ValueError(f"SERVICE {target.text}: expected an endpoint IRI")


def check_services(query: str, allow: Iterable[str], aliases: Mapping[str, str]) -> str:
    """The query with aliased SERVICE IRIs rewritten; ValueError if a SERVICE is not allowed.

    ``allow`` lists the endpoint URLs that SERVICE (and an update's LOAD) may call; an IRI in
    ``aliases`` (FROM -> TO) is allowed too and is replaced by TO in the returned text.
    ValueError too for a text nested deeper than MAX_NESTING (it would crash the parser).
    """
    if _plainly_safe(query):
        return query
    allowed = set(allow)
    items = list(tokens(query))
    _check_nesting(items)
    declared = prefixes(query)
    edits: list[tuple[int, int, str]] = []
    for i, token in enumerate(items):
        if token.kind != "word" or token.text.upper() not in FETCHING:
            continue
        target, iri = _service_target(items, i, declared)
        if iri in aliases:
            edits.append((target.start, target.end, f"<{aliases[iri]}>"))
        elif iri not in allowed:
            names = ", ".join(sorted(allowed | set(aliases))) or "none"
            raise ValueError(f"{token.text.upper()} <{iri}> is not allowed on this server "
                             f"(allowed: {names})")
    for start, end, replacement in reversed(edits):
        query = query[:start] + replacement + query[end:]
    return query


def _plainly_safe(query: str) -> bool:
    """True when no token can be SERVICE or LOAD and nesting cannot pass the limit.

    The tokenizer costs ~0.3 ms per KiB of query text; most queries have neither keyword
    anywhere (not even in a string or a comment) and fewer brackets than the limit in all.
    """
    upper = query.upper()
    if any(word in upper for word in FETCHING):
        return False
    return query.count("{") + query.count("(") + query.count("[") <= MAX_NESTING


def _check_nesting(items: list[Token]) -> None:
    depth = 0
    for token in items:
        if token.kind == "other" and token.text in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise ValueError(f"nested deeper than {MAX_NESTING} levels at offset {token.start}")
        elif token.kind == "other" and token.text in "})]":
            depth -= 1

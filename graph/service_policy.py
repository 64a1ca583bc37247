"""SERVICE policy: federated calls go only to allow-listed endpoints, aliases reroute them.

Used by the HTTP endpoint and by ``unga-kg query``. pyoxigraph 0.5.13 evaluates SERVICE
itself (it is built with its HTTP client), so the policy is enforced on the query text before
the engine sees it: every ``SERVICE <iri>`` (or ``SERVICE prefix:name``) must be allowed or
aliased, and ``SERVICE ?var`` is refused because its target is only known at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.settings import WIKIDATA_SPARQL
from graph.sparql_guard import MAX_NESTING, check_shape
from graph.sparql_lexer import Token, prefixes, tokens

DEFAULT_ALLOW = (WIKIDATA_SPARQL,)
FETCHING = ("SERVICE", "LOAD")
"""Keywords after which the engine fetches an IRI (queries: SERVICE; updates: LOAD too)."""
__all__ = ["DEFAULT_ALLOW", "MAX_NESTING", "check_services", "parse_aliases"]


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
    ValueError too for a text that would overflow the engine's stack: nested deeper than
    MAX_NESTING, or too long a chain (graph.sparql_guard).
    """
    check_shape(query)
    upper = query.upper()
    if not any(word in upper for word in FETCHING):  # most queries: no need to tokenize
        return query
    allowed = set(allow)
    items = list(tokens(query))
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

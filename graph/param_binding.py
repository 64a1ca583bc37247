"""Pre-binding query variables in the query text (SEP-0007-style syntactic substitution).

pyoxigraph 0.5.13's ``substitutions`` refuses a variable that the SELECT does not project
("does not contains variable ?x in its SELECT projection"), yet named queries take
parameters they do not project (e.g. roll_call's ``?symbol``). Those variables are replaced by
the term itself in the text — inside sub-selects too — while projected ones stay engine
substitutions (a projected ``?x`` cannot be textually replaced: ``SELECT "v"`` is no query).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.sparql_lexer import tokens

_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')


def sparql_term(term: ox.NamedNode | ox.Literal) -> str:
    """The term in SPARQL syntax (N-Triples form); ValueError for an IRI that cannot be written."""
    if isinstance(term, ox.NamedNode) and _UNSAFE_IRI.search(term.value):
        raise ValueError(f"not a valid IRI: {term.value!r}")
    return str(term)


def projected(text: str) -> set[str] | None:
    """Variables projected by the outermost SELECT (None for ``SELECT *`` or other forms)."""
    names: set[str] = set()
    inside = False
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == "SELECT":
            inside = True
            continue
        if not inside:
            continue
        if token.text == "*":
            return None
        if token.text == "{" or (token.kind == "word" and token.text.upper() in ("WHERE", "FROM")):
            return names
        if token.kind == "var":
            names.add(token.text[1:])
    return None


def bind(text: str, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """``text`` with every ``?name``/``$name`` of ``values`` replaced by its term."""
    written = {name: sparql_term(term) for name, term in values.items()}
    parts: list[str] = []
    last = 0
    for token in tokens(text):
        if token.kind == "var" and token.text[1:] in written:
            parts += [text[last:token.start], written[token.text[1:]]]
            last = token.end
    return "".join(parts) + text[last:]


def split_params(
    text: str, values: dict[str, ox.NamedNode | ox.Literal]
) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
    """(text with unprojected parameters bound, the projected ones left for substitutions)."""
    shown = projected(text)
    keep = {k: v for k, v in values.items() if shown is None or k in shown}
    return bind(text, {k: v for k, v in values.items() if k not in keep}), keep

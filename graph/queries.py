"""Named queries: the plain .rq files in queries/, kept as data (Datasette's canned queries).

Each file starts with comment lines of the form ``# key: value``::

    # title: Roll call of one resolution
    # description: How every state voted on one resolution (known ballots only).
    # param: symbol  The resolution symbol, e.g. A/RES/ES-11/1
    # columns: iso3, state, vote

A parameter whose description contains ``(optional)`` may be left out (the marker is taken out of
the description); the value after the last ``e.g.`` of a description is the parameter's example
(the query pages fill it in their forms and links).

Parameters pre-bind the variable of the same name (SPARQL SEP-0007 substitution): a value in
``<…>`` is an IRI, a value written as an N-Triples literal (``"5"^^<…#integer>``) is taken as
is, anything else is a plain string literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.resources import queries_dir

_HEADER = re.compile(r"^#\s*([a-z_]+)\s*:\s*(.*)$")
_OPTIONAL = "(optional)"


@dataclass
class Param:
    """One parameter of a named query."""

    name: str
    description: str = ""
    optional: bool = False
    example: str = ""
    """A value to try, from the description's last ``e.g. VALUE`` ("" when it gives none)."""


def parse_param(value: str) -> Param:
    """A ``# param: NAME [(optional)] DESCRIPTION, e.g. EXAMPLE`` header value as a Param."""
    name, _, desc = value.partition(" ")
    optional = _OPTIONAL in desc
    desc = " ".join(desc.replace(_OPTIONAL, " ").split())
    _, marker, example = desc.rpartition("e.g.")
    return Param(name.strip(), desc, optional, example.strip() if marker else "")


@dataclass
class NamedQuery:
    """A .rq file with its header metadata."""

    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


def parse_named_query(path: Path) -> NamedQuery:
    """Read one .rq file and its ``# key: value`` header."""
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            query.title = value
        elif key == "description":
            query.description = f"{query.description} {value}".strip()
        elif key == "param":
            query.params.append(parse_param(value))
        elif key == "columns":
            query.columns = [c.strip() for c in value.split(",") if c.strip()]
    return query


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries by name, sorted."""
    folder = folder or queries_dir()
    return {p.stem: parse_named_query(p) for p in sorted(folder.glob("*.rq"))}


class ParamError(ValueError):
    """Parameters a query cannot run with: unknown or missing names, or a value that is no term.

    ``param`` names the parameter whose value is bad (None for a problem with the names).
    """

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


def check_params(query: NamedQuery, given: Mapping[str, str]) -> dict[str, str]:
    """The parameters of ``query`` to bind from ``given`` (an empty value counts as not given).

    ParamError when ``given`` names a parameter the query does not declare, or leaves out a
    required one. The CLI and the /queries route both check named queries with this.
    """
    declared = {p.name for p in query.params}
    unknown = sorted(set(given) - declared)
    if unknown:
        raise ParamError(f"unknown parameter(s): {', '.join(unknown)}; "
                         f"{query.name} takes: {', '.join(sorted(declared)) or 'none'}")
    values = {name: value for name, value in given.items() if value.strip()}
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise ParamError(f"missing parameter(s): {', '.join(missing)}")
    return values


def check_variables(text: str, given: Mapping[str, str]) -> None:
    """ParamError when a parameter of a free query (one without a header: ``-e TEXT``, a file)
    names no variable of ``text``: it would bind nothing, most likely a misspelt name."""
    from graph.sparql_lexer import tokens

    present = {t.text[1:] for t in tokens(text) if t.kind == "var"}
    for name in given:
        if name not in present:
            raise ParamError(f"{name}: the query has no variable ?{name}", name)


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term (see module docs); ValueError when it is none."""
    from graph.param_binding import sparql_term

    if value.startswith("<") and value.endswith(">"):
        try:
            term = ox.NamedNode(value[1:-1])
            sparql_term(term)
        except ValueError as exc:
            raise ValueError(f"{value}: {exc}") from None
        return term
    if value.startswith('"'):
        try:
            parsed = list(ox.parse(input=f"<x:s> <x:p> {value} .", format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            parsed = []
        if len(parsed) != 1 or not isinstance(parsed[0].object, ox.Literal):
            raise ValueError(f"{value} is not an N-Triples literal such as \"text\", \"text\"@en "
                             f"or \"5\"^^<http://www.w3.org/2001/XMLSchema#integer>")
        return parsed[0].object
    return ox.Literal(value)


def parse_terms(params: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` parameters as RDF terms; ParamError naming the first bad value."""
    terms = {}
    for name, value in params.items():
        try:
            terms[name] = parse_term(value)
        except ValueError as exc:
            raise ParamError(f"{name}: not a valid IRI/literal: {exc}", name) from None
    return terms


def substitutions(params: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """``--param NAME=VALUE`` pairs as pyoxigraph substitutions."""
    return {ox.Variable(name): term for name, term in parse_terms(params).items()}


def bind_params(
    text: str, params: Mapping[str, str]
) -> tuple[str, dict[ox.Variable, ox.NamedNode | ox.Literal]]:
    """Pre-bind ``params`` in ``text``: (query text, substitutions for ``Store.query``).

    pyoxigraph only substitutes projected variables; the others are written into the text.
    ParamError for a value that is no RDF term.
    """
    from graph.param_binding import split_params

    bound, kept = split_params(text, parse_terms(params))
    return bound, {ox.Variable(name): term for name, term in kept.items()}

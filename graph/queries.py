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


def parse_term(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term (see module docs)."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith('"'):
        parsed = list(ox.parse(input=f"<x:s> <x:p> {value} .", format=ox.RdfFormat.N_TRIPLES))
        return parsed[0].object
    return ox.Literal(value)


def substitutions(params: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """``--param NAME=VALUE`` pairs as pyoxigraph substitutions."""
    return {ox.Variable(name): parse_term(value) for name, value in params.items()}


def bind_params(
    text: str, params: dict[str, str]
) -> tuple[str, dict[ox.Variable, ox.NamedNode | ox.Literal]]:
    """Pre-bind ``params`` in ``text``: (query text, substitutions for ``Store.query``).

    pyoxigraph only substitutes projected variables; the others are written into the text.
    """
    from graph.param_binding import split_params

    bound, kept = split_params(text, {name: parse_term(value) for name, value in params.items()})
    return bound, {ox.Variable(name): term for name, term in kept.items()}

"""SHACL validation of the knowledge graph (ontology/shapes.ttl, run by pyshacl).

The shapes are checked against one RDF graph: the union of all named graphs of the store plus the
ontology (ontology/unga.ttl), which supplies the class hierarchy (``unga:MemberState`` ⊑
``unga:State``) and the vote options' ``skos:inScheme``. The report is meant for people: one
line per result (severity, focus node, path, value, message), sorted, then a summary line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from graph.resources import ontology_dir
from graph.vocab import PREFIXES

Triple = tuple[Node, Node, Node]

_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_PATH_OPERATORS = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


@lru_cache(maxsize=2)
def _file_triples(name: str) -> tuple[Triple, ...]:
    """The triples of a Turtle file in the ontology folder, parsed once per process."""
    graph = rdflib.Graph().parse(ontology_dir() / name, format="turtle")
    return tuple(graph)


def _graph_of(triples: Iterable[Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def ontology_graph() -> rdflib.Graph:
    """A fresh rdflib graph holding the ontology (ontology/unga.ttl)."""
    return _graph_of(_file_triples("unga.ttl"))


def shapes_graph() -> rdflib.Graph:
    """A fresh rdflib graph holding the SHACL shapes (ontology/shapes.ttl)."""
    return _graph_of(_file_triples("shapes.ttl"))


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    """Check ``data`` against the SHACL shapes; return (conforms, readable report).

    ``data`` is left unchanged: it is copied and the ontology is added to the copy.
    """
    work = _graph_of(data)
    return _validate_owned(work, len(data))


def validate_store(store: ox.Store) -> tuple[bool, str]:
    """Validate the union of all graphs of a pyoxigraph store (see :func:`validate_graph`).

    Every quad is turned into an rdflib triple directly (terms are converted once each and
    cached), which is about twice as fast as dumping N-Quads and parsing them with rdflib. A
    triple present in several named graphs counts once, as in the union default graph that
    queries see.
    """
    work = rdflib.Graph()
    cache: dict[object, Node] = {}

    def term(value: object) -> Node:
        found = cache.get(value)
        if found is None:
            found = cache[value] = _to_rdflib(value)
        return found

    work.addN(
        (term(q.subject), term(q.predicate), term(q.object), work)
        for q in store.quads_for_pattern(None, None, None, None)
    )
    return _validate_owned(work, len(work))


def _to_rdflib(value: object) -> Node:
    """An rdflib term equal to a pyoxigraph term (plain strings stay untyped, as rdflib parses)."""
    if isinstance(value, ox.NamedNode):
        return rdflib.URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return rdflib.BNode(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return rdflib.Literal(value.value, lang=value.language)
        datatype = rdflib.URIRef(value.datatype.value)
        return rdflib.Literal(value.value, datatype=None if datatype == XSD.string else datatype)
    raise ValueError(f"cannot validate RDF 1.2 triple terms: {value}")


def _validate_owned(work: rdflib.Graph, size: int) -> tuple[bool, str]:
    """Validate a graph this module may modify (the ontology is merged into it)."""
    work.addN((s, p, o, work) for s, p, o in _file_triples("unga.ttl"))
    conforms, results, _text = shacl_validate(
        work, shacl_graph=shapes_graph(), inference="none", inplace=True, allow_warnings=True
    )
    assert isinstance(results, rdflib.Graph)
    lines, severities = _result_lines(results)
    if not lines:
        summary = f"SHACL: conforms ({size} data triples checked, no violations)"
    else:
        parts = ", ".join(f"{n} {name}{'' if n == 1 else 's'}" for name, n in severities.items())
        verdict = "conforms" if conforms else "does NOT conform"
        summary = f"SHACL: {verdict} ({size} data triples checked): {parts}"
    return bool(conforms), "\n".join([*lines, summary])


def _result_lines(results: rdflib.Graph) -> tuple[list[str], Counter[str]]:
    """One readable line per top-level sh:ValidationResult, and the count per severity."""
    lines: list[str] = []
    severities: Counter[str] = Counter()
    nested = set(results.objects(None, SH.detail))
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        if result in nested:  # the cause of another result, reported through that one
            continue
        severity = _SEVERITY_NAMES.get(results.value(result, SH.resultSeverity), "Violation")
        severities[severity] += 1
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        line = f"{severity}: {_show(focus)}"
        if path is not None:
            line += f" {_show_path(results, path)}"
        if value is not None and value != focus:
            line += f" = {_show(value)}"
        lines.append(f"{line}: {'; '.join(messages) or _component(results, result)}")
    lines.sort()
    return lines, severities


def _component(results: rdflib.Graph, result: Node) -> str:
    component = results.value(result, SH.sourceConstraintComponent)
    return f"violates {_show(component)}" if component is not None else "violation"


def _show_path(graph: rdflib.Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like notation, e.g. ``opengov:option/skos:inScheme``."""
    if isinstance(path, rdflib.URIRef):
        return _show(path)
    if graph.value(path, rdflib.RDF.first) is not None:
        return "/".join(_show_path(graph, step) for step in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        steps = Collection(graph, alternatives)
        return "(" + "|".join(_show_path(graph, step) for step in steps) + ")"
    for operator, template in _PATH_OPERATORS.items():
        inner = graph.value(path, operator)
        if inner is not None:
            return template.format(_show_path(graph, inner))
    return _show(path)


def _show(term: Node | None) -> str:
    """A short form of an RDF term: prefixed name, <IRI>, _:blank or a quoted literal."""
    if term is None:
        return "-"
    if isinstance(term, rdflib.URIRef):
        iri = str(term)
        for prefix, namespace in PREFIXES.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{_show(term.datatype)}"
        return text
    return str(term)

"""The one interface every loader shares: a source in, N-Triples for one named graph out.

A loader knows nothing of the store or the server. It yields N-Triples text (one or more
complete lines per chunk) for exactly one named graph; the store streams that text into
pyoxigraph's bulk loader. Text rather than Quad objects keeps the full UNDL history
(914,624 ballots) within 1.5x of a raw ``bulk_load``.

Problems with the input are raised as :class:`InputError` naming the file and line; the
store then discards everything the loader produced, so nothing is partially loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from graph.vocab import XSD


class InputError(ValueError):
    """Bad input: carries the file, the line (1-based, or None) and the problem."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class Loader(Protocol):
    """A source turned into the triples of one named graph."""

    graph: str
    """IRI of the named graph this source owns."""

    def ntriples(self) -> Iterable[str]:
        """N-Triples text chunks (complete lines) for the graph; raises InputError."""
        ...


@dataclass
class StaticLoader:
    """A loader over N-Triples already produced (e.g. a parsed RDF file)."""

    graph: str
    chunks: Iterable[str]

    def ntriples(self) -> Iterable[str]:
        """The stored chunks."""
        return self.chunks


# --- N-Triples term writers (fast string formatting; escaping per RDF 1.1 N-Triples) ---

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """``<value>``; the caller guarantees an absolute IRI without spaces or angle brackets."""
    return f"<{value}>"


def lit(value: str, lang: str | None = None) -> str:
    """A string literal, optionally language-tagged."""
    text = f'"{value.translate(_ESCAPES)}"'
    return f"{text}@{lang}" if lang else text


def typed(value: object, datatype: str) -> str:
    """A literal with an XSD datatype local name (``integer``, ``date``, ``boolean``...)."""
    return f'"{str(value).translate(_ESCAPES)}"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    """An xsd:integer literal."""
    return f'"{value}"^^<{XSD}integer>'


def date(value: str) -> str:
    """An xsd:date literal from ``YYYY-MM-DD``."""
    return f'"{value}"^^<{XSD}date>'


def boolean(value: bool) -> str:
    """An xsd:boolean literal."""
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


def triple(s: str, p: str, o: str) -> str:
    """One N-Triples line from already formatted terms."""
    return f"{s} {p} {o} .\n"


def lines_from(triples: Iterator[tuple[str, str, str]]) -> Iterator[str]:
    """N-Triples lines from (s, p, o) term tuples."""
    for s, p, o in triples:
        yield f"{s} {p} {o} .\n"

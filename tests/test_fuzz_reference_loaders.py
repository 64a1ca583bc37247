"""Fuzzing the loaders of reference data and of any RDF file: members.csv, the Wikidata
alignment and ``unga-kg load rdf`` (the property is in tests/fuzz_support.py).

Inputs: arbitrary text and bytes, and random edits of the first lines of the shipped files
(or, for RDF, of a small Turtle/TriG/N-Triples/RDF-XML/JSON-LD document in each syntax).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.resources import data_dir
from loaders.base import InputError
from loaders.members import MembersLoader
from loaders.rdf import RdfFileLoader
from loaders.wikidata import WikidataLoader
from tests.fuzz_support import FUZZ, edits, load, mutate


def head(path: str, lines: int = 8) -> str:
    """The first ``lines`` lines of a shipped data file."""
    text = (data_dir() / path).read_text(encoding="utf-8")
    return "".join(text.splitlines(keepends=True)[:lines])


CSV_LOADERS = {"members": (MembersLoader, head("members.csv")),
               "wikidata": (WikidataLoader, head("wikidata/alignment.csv"))}
CSV_EDITS = edits(["", ",", '"', "\n", "\r\n", "\x00", "é", "\ufeff", " ", "Q", "Q0", "Q12x", "P31",
                   "ZZZ", "AF", "004", "1946-02-30", "19461119", "https://w3id.org/unga-kg/id/state/",
                   "http://x y", "<>", "state", "resolution", "kind"])
RDF_SAMPLES = {
    ".ttl": '@prefix ex: <http://example.org/> .\nex:a ex:b "c"@en , 1, ex:d ; ex:e [ ex:f ex:g ] .\n',
    ".nt": '<http://example.org/a> <http://example.org/b> "c\\u00e9"^^<http://example.org/t> .\n',
    ".trig": '@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c . }\n',
    ".nq": '<http://example.org/a> <http://example.org/b> _:c <http://example.org/g> .\n',
    ".rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
             ' xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">'
             "<ex:b>c</ex:b></rdf:Description>\n</rdf:RDF>\n"),
    ".jsonld": '{"@id": "http://example.org/a", "http://example.org/b": [{"@value": "c"}]}\n',
}
RDF_EDITS = edits(["", "<", ">", '"', "'", "\\", "\\u0000", "\\U00110000", "@", ":", ".", ";", ",",
                   "[", "]", "{", "}", "_:", "<<", ">>", "\x00", "é", "\ufeff", "\n", "^^", "@en-",
                   "http://", "file:///etc/passwd", "<!ENTITY x 'y'>", "&x;", "@base <rel> .",
                   '"@context"', "1e999", "true"])
RDF_GRAPH = "https://w3id.org/unga-kg/graph/fuzz"
ANY_INPUT = st.one_of(st.text(max_size=300), st.binary(max_size=200))


def load_csv(kind: str, content: str | bytes) -> int | InputError:
    """Triples from the members or Wikidata loader, or its InputError."""
    return load(CSV_LOADERS[kind][0], content, ".csv")


def load_rdf(content: str | bytes, suffix: str) -> int | InputError:
    """Triples from the RDF file loader, or its InputError."""
    return load(lambda path, iris: RdfFileLoader([path], RDF_GRAPH), content, suffix)


@pytest.mark.parametrize("kind", sorted(CSV_LOADERS))
def test_the_csv_samples_load(kind: str) -> None:
    """The fuzzers' starting points are themselves loadable, so edits explore near valid input."""
    assert isinstance(load_csv(kind, CSV_LOADERS[kind][1]), int)


@pytest.mark.parametrize(("suffix", "triples"), [(".ttl", 5), (".nt", 1), (".trig", 1), (".nq", 1),
                                                 (".rdf", 1), (".jsonld", 1)])
def test_the_rdf_samples_load(suffix: str, triples: int) -> None:
    assert load_rdf(RDF_SAMPLES[suffix], suffix) == triples


@FUZZ
@given(st.sampled_from(sorted(CSV_LOADERS)), ANY_INPUT)
def test_reference_csv_any_input(kind: str, content: str | bytes) -> None:
    load_csv(kind, content)


@FUZZ
@given(st.sampled_from(sorted(CSV_LOADERS)), CSV_EDITS)
def test_reference_csv_edited(kind: str, changes: list[tuple[int, int, str]]) -> None:
    load_csv(kind, mutate(CSV_LOADERS[kind][1], changes))


@FUZZ
@given(st.sampled_from(sorted(RDF_SAMPLES)), ANY_INPUT)
def test_rdf_any_input(suffix: str, content: str | bytes) -> None:
    load_rdf(content, suffix)


@FUZZ
@given(st.sampled_from(sorted(RDF_SAMPLES)), RDF_EDITS)
def test_rdf_edited(suffix: str, changes: list[tuple[int, int, str]]) -> None:
    load_rdf(mutate(RDF_SAMPLES[suffix], changes), suffix)

"""Helpers shared by the loader fuzzers: settings, temporary input files, edits, N-Triples check.

Property checked by every fuzzer: any input gives a result or a clear
:class:`loaders.base.InputError` naming the file, never another exception; and whatever a
loader does produce is valid N-Triples (pyoxigraph parses it), so that ``bulk_load`` never
meets a bad line, with no triple written twice, so that the manifest's sizes are exact.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from graph.vocab import Iris
from loaders.base import InputError, Loader

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))  # `make soak` runs many more
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KNOWN = {"UKR": "UKR", "RUS": "RUS", "USA": "USA", "FRA": "FRA", "CHN": "CHN"}


def valid_ntriples(chunks: Iterable[str]) -> int:
    """Parse the chunks as N-Triples (raises on a bad line); the number of triples.

    Each triple must be written once: the store's manifest counts the lines a loader wrote.
    """
    text = "".join(chunks)
    triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert len(set(triples)) == len(triples), "a triple written twice"
    return len(triples)


def load(make: Callable[[Path, Iris], Loader], content: str | bytes, suffix: str) -> int | InputError:
    """Write ``content`` to a temporary ``input{suffix}``, run the loader ``make(path, iris)``.

    The number of (valid) triples, or the InputError raised, which must name the file; any
    other exception propagates and fails the test.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        try:
            return valid_ntriples(make(path, Iris()).ntriples())
        except InputError as exc:
            assert str(exc).startswith(str(path)), exc
            return exc


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, delete count, insertion) edits to ``text``."""
    for pos, delete, insert in edits:
        pos %= len(text) + 1
        text = text[:pos] + insert + text[pos + delete:]
    return text


def edits(insertions: list[str]) -> st.SearchStrategy[list[tuple[int, int, str]]]:
    """1-6 random edits (position, characters deleted, one of ``insertions`` inserted)."""
    return st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.sampled_from(insertions)),
                    min_size=1, max_size=6)

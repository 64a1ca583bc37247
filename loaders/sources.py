"""The source entities of a graph built from several files: one IRI per file, never shared.

A source IRI is minted from the file's name (``…/id/source/undl/votes-csv``). Two files of one
load whose names give the same IRI (``a/votes.csv`` and ``b/votes.csv``, or ``votes.csv`` and
``votes_csv``) would otherwise become one entity with two titles and two hashes, and the
triples stated for both would be written twice. Such files get the first 12 hex digits of
their SHA-256 appended (``…/votes-csv-3f2a…``): the IRI names the content, so it does not
depend on the order of the files; a name used once keeps its plain IRI.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.vocab import Iris


@dataclass(frozen=True)
class Source:
    """One input file: its path, its source entity IRI and the SHA-256 of its bytes."""

    path: Path
    iri: str
    sha256: str


def file_sources(iris: Iris, kind: str, paths: Sequence[Path]) -> list[Source]:
    """A :class:`Source` per file, with IRIs distinct within ``paths`` (see module docs)."""
    digests = []
    for path in paths:
        with open(path, "rb") as handle:
            digests.append(hashlib.file_digest(handle, "sha256").hexdigest())
    plain = [iris.source(kind, Path(path).name) for path in paths]
    shared = {name for name, n in Counter(plain).items() if n > 1}
    sources: list[Source] = []
    used: set[str] = set()
    for position, (path, name, digest) in enumerate(zip(paths, plain, digests, strict=True), 1):
        candidates = [name] if name not in shared else []
        candidates += [f"{name}-{digest[:12]}", f"{name}-{digest}-{position}"]
        chosen = next(c for c in candidates if c not in used)  # the last: unused unless a name copies it
        used.add(chosen)
        sources.append(Source(Path(path), chosen, digest))
    return sources

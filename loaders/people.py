"""The people articles quote (data/people.csv) -> graph ``…/graph/people``.

The table lists people who speak at the UN about General Assembly votes: the spelling the UN
uses, other spellings met in the press, the state they usually speak for and their usual role.
The article extractor reads it to merge name variants and to fill a state or role an article
leaves out (loaders/articles/names.py); this loader describes each of them once, so that a
person quoted by several articles is not described again in each article's graph (the union
default graph would repeat those triples; docs/endpoint.md). A person not in the table is
described by the graph of the article that names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.vocab import RDF, SCHEMA, Iris
from loaders.base import InputError, iri, lit, triple
from loaders.csv_rows import read_rows
from loaders.members import provenance

COLUMNS = ("name", "variants", "state", "role")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Person:
    """A row of the table: preferred spelling, other spellings, state (None: none) and role."""

    name: str
    variants: tuple[str, ...]
    state: str | None
    role: str | None


def read_people(path: Path) -> list[Person]:
    """Rows of people.csv, checked: a name, a 3-letter code or nothing, no name listed twice."""
    people: list[Person] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, COLUMNS):
        name = row["name"].strip()
        variants = tuple(v.strip() for v in row["variants"].split(";") if v.strip())
        state = row["state"].strip()
        if not name:
            raise InputError(path, line, "empty name")
        if state and not _ISO3.match(state):
            raise InputError(path, line, f"bad ISO 3166-1 alpha-3 code {state!r}")
        for form in (name, *variants):
            if form in seen:
                raise InputError(path, line, f"{form!r} is listed twice (also line {seen[form]})")
            seen[form] = line
        people.append(Person(name, variants, state or None, row["role"].strip() or None))
    return people


class PeopleLoader:
    """people.csv -> each person once: ``schema:Person``, ``schema:name``, other spellings."""

    def __init__(self, path: Path, iris: Iris | None = None) -> None:
        self.path = Path(path)
        self.iris = iris or Iris()
        self.graph = self.iris.graph("people")

    def ntriples(self) -> Iterator[str]:
        """N-Triples of every person in the table."""
        out: list[str] = []
        for person in read_people(self.path):
            s = iri(self.iris.person(person.name))
            out += [triple(s, iri(RDF + "type"), iri(SCHEMA + "Person")),
                    triple(s, iri(SCHEMA + "name"), lit(person.name))]
            out += [triple(s, iri(SCHEMA + "alternateName"), lit(v)) for v in person.variants]
        out += provenance(self.graph, self.iris.source("people", self.path.name), self.path,
                          "People who speak at the UN about General Assembly votes (UN spellings)")
        yield "".join(out)

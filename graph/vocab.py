"""Namespaces of the model and the minting of stable, readable resource IRIs.

Shared by loaders (which write these IRIs) and queries/server (which read them).
See docs/ontology.md for what each term means.
"""

from __future__ import annotations

import re
import unicodedata

DEFAULT_BASE = "https://w3id.org/unga-kg/"

UNGA = "https://w3id.org/unga-kg/ontology#"
OPENGOV = "http://www.w3.org/ns/opengov#"  # Popolo
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"
VOID = "http://rdfs.org/ns/void#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "unga": UNGA,
    "opengov": OPENGOV,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "oa": OA,
    "void": VOID,
    "wd": WD,
}

# Vote options: SKOS concepts defined in ontology/unga.ttl, keyed by the UNDL letter.
VOTE_OPTIONS: dict[str, str] = {
    "Y": UNGA + "yes",
    "N": UNGA + "no",
    "A": UNGA + "abstention",
    "X": UNGA + "nonVoting",
}
# Sponsorship roles: SKOS concepts, keyed by the role name used in extract JSON and sponsors.rq.
SPONSOR_ROLES: dict[str, str] = {
    "sponsor": UNGA + "roleSponsor",
    "co-sponsor": UNGA + "roleCoSponsor",
    "drafter": UNGA + "roleDrafter",
}


def slug_symbol(symbol: str) -> str:
    """IRI segment for a UN document symbol: ``A/RES/ES-11/4`` -> ``A-RES-ES-11-4``."""
    cleaned = re.sub(r"\s+", "", symbol.strip())
    return re.sub(r"[^A-Za-z0-9.\-]", "-", cleaned.replace("/", "-"))


def slug_name(name: str) -> str:
    """IRI segment for a person's name: ``Sergiy Kyslytsya`` -> ``sergiy-kyslytsya``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


class Iris:
    """Mints the IRIs of resources and named graphs under one base (default w3id.org)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.id = self.base + "id/"

    def graph(self, name: str) -> str:
        """Named graph IRI, e.g. ``graph("undl")`` or ``graph("article/0123456789ab")``."""
        return f"{self.base}graph/{name}"

    def resolution(self, symbol: str) -> str:
        """A General Assembly resolution (or Security Council draft) by its symbol."""
        return f"{self.id}resolution/{slug_symbol(symbol)}"

    def draft(self, symbol: str) -> str:
        """A draft resolution (e.g. A/ES-11/L.5)."""
        return f"{self.id}draft/{slug_symbol(symbol)}"

    def vote_event(self, symbol: str) -> str:
        """The recorded vote that adopted (or decided) the resolution ``symbol``."""
        return f"{self.id}vote/{slug_symbol(symbol)}"

    def ballot(self, symbol: str, iso3: str) -> str:
        """One state's ballot in the recorded vote on ``symbol``."""
        return f"{self.vote_event(symbol)}/{iso3}"

    def count(self, symbol: str, letter: str) -> str:
        """The official count of one option (Y/N/A/X) in the vote on ``symbol``."""
        return f"{self.vote_event(symbol)}/count/{letter}"

    def state(self, iso3: str) -> str:
        """A member or observer state by ISO 3166-1 alpha-3 code."""
        return f"{self.id}state/{iso3}"

    def session(self, session: str) -> str:
        """A General Assembly session, e.g. ``68`` or ``ES-11``."""
        return f"{self.id}session/{slug_symbol(session)}"

    def meeting(self, symbol: str) -> str:
        """A plenary meeting by its verbatim record symbol, e.g. ``A/ES-11/PV.14``."""
        return f"{self.id}meeting/{slug_symbol(symbol)}"

    def person(self, name: str) -> str:
        """A person by the canonical spelling of the name."""
        return f"{self.id}person/{slug_name(name)}"

    def article(self, article_id: str) -> str:
        """A news article by the 12 hex digits of the SHA-1 of its text."""
        return f"{self.id}article/{article_id}"

    def source(self, kind: str, name: str) -> str:
        """A source file that a graph was derived from."""
        return f"{self.id}source/{kind}/{slug_name(name)}"

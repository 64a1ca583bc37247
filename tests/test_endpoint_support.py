"""Shared by the endpoint tests: a small fixture store and a real server process around it.

Not a test module itself (it defines no tests); the test modules import it by name.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
B = "https://w3id.org/unga-kg/"
ID = B + "id/"
U = "https://w3id.org/unga-kg/ontology#"
OG = "http://www.w3.org/ns/opengov#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
STATES = {"UKR": "Ukraine", "RUS": "Russian Federation", "USA": "United States",
          "FRA": "France", "CHN": "China", "IND": "India"}
BALLOTS = {"UKR": "yes", "USA": "yes", "FRA": "yes", "RUS": "no", "CHN": "abstention",
           "IND": "abstention"}
KASEI = "http://kasei.us/2009/09/sparql/data/"


def _members() -> str:
    lines = []
    for iso3, name in STATES.items():
        s = f"<{ID}state/{iso3}>"
        lines += [f"{s} {RDF_TYPE} <{U}MemberState> .", f'{s} <{U}iso3> "{iso3}" .',
                  f'{s} {LABEL} "{name}"@en .']
    return "\n".join(lines) + "\n"


def _undl() -> str:
    r, v = f"<{ID}resolution/A-RES-ES-11-1>", f"<{ID}vote/A-RES-ES-11-1>"
    lines = [
        f"{r} {RDF_TYPE} <{U}Resolution> .", f'{r} <{DCT}identifier> "A/RES/ES-11/1" .',
        f'{r} <{DCT}title> "Aggression against Ukraine" .',
        f'{r} <{DCT}date> "2022-03-02"^^<{XSD}date> .',
        f"{v} {RDF_TYPE} <{OG}VoteEvent> .", f"{v} <{U}resolution> {r} .",
    ]
    tally = {"Y": ("yes", 3), "N": ("no", 1), "A": ("abstention", 2), "X": ("nonVoting", 0)}
    for letter, (option, n) in tally.items():
        c = f"<{ID}vote/A-RES-ES-11-1/count/{letter}>"
        lines += [f"{v} <{OG}count> {c} .", f"{c} {RDF_TYPE} <{OG}Count> .",
                  f"{c} <{OG}option> <{U}{option}> .",
                  f'{c} <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "{n}"^^<{XSD}integer> .']
    for iso3, option in BALLOTS.items():
        b = f"<{ID}vote/A-RES-ES-11-1/{iso3}>"
        lines += [f"{b} {RDF_TYPE} <{OG}Vote> .", f"{b} <{OG}voteEvent> {v} .",
                  f"{b} <{OG}voter> <{ID}state/{iso3}> .", f"{b} <{OG}option> <{U}{option}> ."]
    return "\n".join(lines) + "\n"


def _ontology() -> str:
    lines = []
    for option, letter in (("yes", "Y"), ("no", "N"), ("abstention", "A"), ("nonVoting", "X")):
        o = f"<{U}{option}>"
        lines += [f'{o} <http://www.w3.org/2004/02/skos/core#notation> "{letter}" .',
                  f'{o} {LABEL} "{option}"@en .']
    return "\n".join(lines) + "\n"


def _article() -> str:
    a, s, c = f"<{ID}article/0123456789ab>", f"<{ID}speech/0123456789ab-1>", f"<{ID}claim/0123456789ab-1>"
    p = f"<{ID}person/sergiy-kyslytsya>"
    return "\n".join([
        f"{a} {RDF_TYPE} <http://schema.org/NewsArticle> .",
        f'{a} <{DCT}title> "UN demands Russia withdraw" .',
        f"{p} {RDF_TYPE} <http://schema.org/Person> .", f'{p} {LABEL} "Sergiy Kyslytsya" .',
        f"{s} {RDF_TYPE} <{U}Speech> .", f"{s} <{U}speaker> {p} .",
        f"{s} <{U}speaksFor> <{ID}state/UKR> .", f"{s} <{U}about> <{ID}resolution/A-RES-ES-11-1> .",
        f"{s} <http://www.w3.org/ns/prov#wasDerivedFrom> {a} .",
        f"{c} {RDF_TYPE} <{U}ReportedTally> .", f"{c} <{U}about> <{ID}resolution/A-RES-ES-11-1> .",
        f"{c} <http://www.w3.org/ns/prov#wasDerivedFrom> {a} .",
    ]) + "\n"


def fixture_graphs() -> dict[str, list[str]]:
    """Named graph IRI -> N-Triples of the test store (plus the W3C protocol test graphs)."""
    graphs = {B + "graph/members": [_members()], B + "graph/undl": [_undl()],
              B + "graph/ontology": [_ontology()], B + "graph/article/0123456789ab": [_article()]}
    for n in (1, 2, 3):
        doc = f"<{KASEI}data{n}.rdf>"
        graphs[f"{KASEI}data{n}.rdf"] = [f"{doc} {RDF_TYPE} <http://xmlns.com/foaf/0.1/Document> .\n"]
    return graphs


def build_fixture_store(root: Path) -> GraphStore:
    """A fresh store at ``root`` holding :func:`fixture_graphs`."""
    store = GraphStore(root)
    store.replace(fixture_graphs())
    return store


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(store: Path, *options: str, ready_timeout: float = 60) -> Iterator[str]:
    """``unga-kg serve`` on a free port as a child process; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = open(store.parent / f"server-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
         "--port", str(port), *options],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {Path(log.name).read_text()}")
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def fixture_server(folder: Path, *options: str) -> Iterator[str]:
    """:func:`running_server` with ``options`` over a fresh fixture store in ``folder``/store."""
    root = folder / "store"
    build_fixture_store(root)
    with running_server(root, *options) as url:
        yield url

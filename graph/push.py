"""``unga-kg push``: every named graph to an external store, SPARQL 1.1 Graph Store HTTP Protocol.

For each named graph of the live generation (sorted by IRI) one ``PUT <graph-store>?graph=<IRI>``
with an N-Triples body, streamed in chunks (chunked transfer encoding, so the full UN record
never has to fit in memory), replaces that graph on the remote store. Afterwards the remote
SPARQL endpoint is asked for the size of each graph and the counts are compared with ours.

Works with any store that implements the protocol: Oxigraph server (graph store ``/store``,
query ``/query``), Apache Jena Fuseki (``/<dataset>/data``, ``/<dataset>/sparql``), Virtuoso
(``/sparql-graph-crud-auth``, ``/sparql``), GraphDB (``/repositories/<id>/rdf-graphs/service``,
``/repositories/<id>``), QLever (see docs/scale.md). Any HTTP failure stops the push with a
message naming the graph, the URL and the status; the command then exits 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

import httpx
import pyoxigraph as ox

from graph.store import count_quads

CHUNK_TRIPLES = 50_000
NTRIPLES = "application/n-triples"


class PushError(Exception):
    """The remote store refused or failed a request (or could not be reached)."""


def ntriples_chunks(db: ox.Store, graph: str, advance: Callable[[int], None]) -> Iterator[bytes]:
    """The triples of ``graph`` as N-Triples, ``CHUNK_TRIPLES`` at a time."""
    batch: list[ox.Triple] = []
    for quad in db.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        batch.append(quad.triple)
        if len(batch) >= CHUNK_TRIPLES:
            yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
            advance(len(batch))
            batch = []
    if batch:
        yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
        advance(len(batch))


def _check(response: httpx.Response, what: str) -> None:
    if response.is_success:
        return
    body = response.text.strip().replace("\n", " ")[:300]
    raise PushError(f"{what}: HTTP {response.status_code} {response.reason_phrase}"
                    + (f": {body}" if body else ""))


def remote_count(client: httpx.Client, endpoint: str, graph: str) -> int:
    """Triples in ``graph`` on the remote SPARQL endpoint."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = client.post(endpoint, data={"query": query},
                           headers={"accept": "application/sparql-results+json"})
    _check(response, f"counting <{graph}> at {endpoint}")
    bindings = response.json()["results"]["bindings"]
    return int(bindings[0]["n"]["value"]) if bindings else 0


def push(
    db: ox.Store,
    endpoint: str,
    graph_store: str | None = None,
    auth: tuple[str, str] | None = None,
    progress: Callable[[int], AbstractContextManager[Callable[[int], None]]] | None = None,
    timeout: float = 600.0,
) -> dict[str, int]:
    """PUT every named graph of ``db`` to ``graph_store`` (default: ``endpoint``), then verify.

    ``progress(total)`` returns a context manager yielding ``advance(n)``. Returns the triples
    pushed per graph; raises PushError on any HTTP failure or a count that differs afterwards.
    """
    target = graph_store or endpoint
    graphs = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    sizes = {g: count_quads(db, g) for g in graphs}
    bar = progress(sum(sizes.values())) if progress else nullcontext(lambda n: None)
    try:
        with httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=10.0)) as client, bar as advance:
            for graph in graphs:
                response = client.put(target, params={"graph": graph},
                                      content=ntriples_chunks(db, graph, advance),
                                      headers={"content-type": NTRIPLES})
                _check(response, f"PUT <{graph}> to {target}")
            for graph in graphs:
                remote = remote_count(client, endpoint, graph)
                if remote != sizes[graph]:
                    raise PushError(f"<{graph}>: pushed {sizes[graph]} triples but {endpoint} "
                                    f"reports {remote}")
    except httpx.HTTPError as exc:
        raise PushError(f"{type(exc).__name__} talking to {target}: {exc}") from None
    return sizes


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar over ``total`` triples on stderr (silent when stderr is not a terminal)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from graph.progress import console

    if not console.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn("[bold]pushing"), BarColumn(),
               TextColumn("{task.completed:,.0f}/{task.total:,.0f} triples"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("push", total=total)
        yield lambda n: bar.advance(task, n)

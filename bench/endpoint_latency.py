"""Endpoint latency and throughput: our /sparql against raw pyoxigraph and other endpoints.

    python bench/endpoint_latency.py [--stores shipped,full] [--seconds 2] [--max-reps 30]
                                     [--clients 8] [--throughput-seconds 20] [--no-rdflib]
                                     [--queries A,B] [--write]

For every gallery query in queries/ (its parameters bound to the examples of its header;
federated_* and the other queries using SERVICE are skipped: they need Wikidata), on each
store (see bench/harness.py), measured side by side, the systems taking turns request by
request so that the machine's noise hits all of them alike:

- **raw**: ``Store.read_only(gen).query(text, use_default_graph_as_union=True)`` with the
  result serialized to SPARQL JSON in memory, in this process;
- **ours**: POST ``application/sparql-query`` to ``unga-kg serve`` (JSON results);
- **oxigraph**: the same request to ``oxigraph serve-read-only --union-default-graph`` over a
  database made by ``oxigraph load`` from an N-Quads dump of the same store;
- **rdflib**: the same request to rdflib-endpoint over an rdflib Dataset of the same dump
  (shipped store only: parsing 4.7 M quads into rdflib takes too long and too much memory).

Every query is repeated until ``--seconds`` of the raw time are used (at least 3, at most
``--max-reps`` times). The result sizes must agree. Then ``--clients`` threads send the
gallery queries round-robin for ``--throughput-seconds`` against ours and oxigraph
(alternating, twice each), with the queries that take under INTERACTIVE_MS raw (the full
store's heavy aggregates would leave a handful of completions per run).
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import re
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    fmt_ms,
    generation,
    our_server,
    oxigraph_server,
    ratio,
    rdflib_server,
    report_per_store,
    store,
    summary,
)

from graph.param_binding import sparql_term, split_params
from graph.queries import named_queries, parse_term

JSON = "application/sparql-results+json"
SLOW_CAP = 60.0
"""rdflib-endpoint gets this long per query before it counts as too slow."""
INTERACTIVE_MS = 500
"""Queries faster than this (raw median) make the throughput mix."""
HEAVY_S = 3.0
"""A first call slower than this: 2 samples only (its own and one more), no separate warm-up."""
Runner = Callable[[str], bytes]


def gallery() -> dict[str, str]:
    """Name -> query text with its parameters bound to the header's ``e.g.`` examples.

    Unprojected parameters are written into the text; projected ones become a trailing
    ``VALUES`` clause, so one text serves every system. Queries with SERVICE are left out.
    """
    texts = {}
    for name, query in named_queries().items():
        if re.search(r"\bSERVICE\b", query.text, re.IGNORECASE):
            continue
        values = {}
        for param in query.params:
            example = re.search(r"e\.g\.\s+(.+)$", param.description)
            if example:
                values[param.name] = parse_term(example.group(1).strip())
            elif not param.optional:
                raise ValueError(f"{name}: no example value for ?{param.name}")
        text, kept = split_params(query.text, values)
        if kept:
            names = " ".join(f"?{k}" for k in kept)
            terms = " ".join(sparql_term(v) for v in kept.values())
            text += f"\nVALUES ({names}) {{ ({terms}) }}\n"
        texts[name] = text
    return texts


def raw_runner(root: Path) -> Runner:
    """Store.query + JSON serialization in this process; returns the serialized result."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(generation(root)))

    def run(text: str) -> bytes:
        out = io.BytesIO()
        db.query(text, use_default_graph_as_union=True).serialize(out, ox.QueryResultsFormat.JSON)
        return out.getvalue()

    return run


def http_runner(url: str, timeout: float = 120) -> Runner:
    """POST the query to a SPARQL endpoint (one keep-alive connection per thread); the body.

    The standard library's ``http.client``, not httpx: httpx spends ~0.3 ms of its own per
    request on this machine (``ASK {}`` against oxigraph serve: 0.40–0.51 ms with httpx,
    0.18–0.24 ms with http.client), which is client time, not endpoint latency.
    """
    parts = urlsplit(url)
    local = threading.local()
    headers = {"content-type": "application/sparql-query", "accept": JSON}

    def post(text: str) -> tuple[int, bytes]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            local.conn.request("POST", parts.path, body=text.encode(), headers=headers)
            response = local.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            local.conn.close()  # a fresh connection for the next request
            del local.conn
            raise

    def run(text: str) -> bytes:
        try:
            status, body = post(text)
        except ConnectionError:  # the server closed the idle keep-alive connection: once more
            status, body = post(text)
        if status != 200:
            raise RuntimeError(f"{url}: {status} {body[:200]!r}")
        return body

    return run


def _rows(body: bytes) -> int:
    """Number of solutions in a SPARQL JSON result (-1 for ASK)."""
    document = json.loads(body)
    return len(document["results"]["bindings"]) if "results" in document else -1


class TooSlow(Exception):
    """The endpoint did not answer within the cap (it was restarted)."""


class RdflibRunner:
    """rdflib-endpoint behind a runner; restarted when a query passes ``cap`` seconds.

    A query rdflib grinds on would hold the GIL and slow every later request down, so the
    server is replaced and the query reported as too slow.
    """

    def __init__(self, root: Path, cap: float) -> None:
        self.root, self.cap = root, cap
        self._stack = ExitStack()
        self._run = self._start()

    def _start(self) -> Runner:
        return http_runner(self._stack.enter_context(rdflib_server(self.root)), timeout=self.cap)

    def __call__(self, text: str) -> bytes:
        try:
            return self._run(text)
        except TimeoutError:
            self._stack.close()
            self._run = self._start()
            raise TooSlow() from None

    def close(self) -> None:
        """Stop the server."""
        self._stack.close()


@dataclass
class Latencies:
    """Samples (seconds), result sizes, and systems too slow to measure, for one query."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    too_slow: set[str] = field(default_factory=set)


def _timed(run: Runner, text: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    body = run(text)
    return time.perf_counter() - started, body


def measure(texts: dict[str, str], runners: dict[str, Runner], budget: float,
            slow_cap: float = 120.0, max_reps: int = 30) -> dict[str, Latencies]:
    """Interleaved latencies of every query on every system (see module docs).

    A first, untimed call per system warms caches and gives the result size. The number of
    repetitions follows the raw time (``budget`` seconds of it, 3 to ``max_reps``); a system
    whose first call took over a second is repeated 3 times only, over HEAVY_S seconds once
    (the first call is then a sample too), over ``slow_cap`` seconds not at all.
    """
    results = {}
    for name, text in texts.items():
        lat = Latencies()
        first: dict[str, float] = {}  # untimed warm-up, except for heavy queries
        for system, run in runners.items():
            try:
                first[system], body = _timed(run, text)
            except TooSlow:
                lat.too_slow.add(system)
                continue
            lat.rows[system] = _rows(body)
        reps = max(3, min(max_reps, int(budget / max(first["raw"], 1e-4))))
        wanted = {s: (0 if t > slow_cap else 1 if t > HEAVY_S else 3 if t > 1 else reps)
                  for s, t in first.items()}
        for s, t in first.items():  # the first call counts when there are few samples
            lat.samples[s] = [t] if wanted[s] <= 1 else []
        for i in range(reps):
            for system in (s for s, n in wanted.items() if i < n):
                lat.samples[system].append(_timed(runners[system], text)[0])
        results[name] = lat
        shown = ", ".join(f"{s} {fmt_ms(summary(v)[0])}" for s, v in lat.samples.items())
        print(f"{name}: {reps}x: {shown} ms", file=sys.stderr)
    return results


def throughput(run: Runner, texts: list[str], clients: int, seconds: float) -> tuple[float, int]:
    """(requests per second, errors) of ``clients`` threads sending ``texts`` round-robin."""
    done = [0] * clients
    errors = [0] * clients
    until = time.monotonic() + seconds

    def client(i: int) -> None:
        k = i
        while time.monotonic() < until:
            try:
                run(texts[k % len(texts)])
                done[i] += 1
            except Exception:  # counted; the run goes on
                errors[i] += 1
            k += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started), sum(errors)


def table(results: dict[str, Latencies], systems: list[str]) -> str:
    """Markdown: median/p95 per system and the ratios ours/raw and ours/oxigraph."""
    head = ["query", "rows"] + [f"{s} median / p95 ms" for s in systems]
    head += ["ours ÷ raw", "ours ÷ oxigraph"] + (["ours ÷ rdflib"] if "rdflib" in systems else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
    ratios: dict[str, list[float]] = {}
    for name, lat in results.items():
        med = {s: summary(v)[0] for s, v in lat.samples.items()}
        cells = [name, str(lat.rows.get("raw", "?"))]
        for s in systems:
            if s in lat.too_slow:
                cells.append(f"> {SLOW_CAP:g} s")
                continue
            cells.append(" / ".join(fmt_ms(x) for x in summary(lat.samples[s])) if s in med else "–")
        for other in ["raw", "oxigraph"] + (["rdflib"] if "rdflib" in systems else []):
            cells.append(ratio(med.get("ours"), med.get(other)))
            if other in med:
                ratios.setdefault(other, []).append(med["ours"] / med[other])
        lines.append("| " + " | ".join(cells) + " |")
    from statistics import median

    overall = ", ".join(f"ours ÷ {k}: median {median(v):.2f}× (range {min(v):.2f}–{max(v):.2f}×)"
                        for k, v in ratios.items())
    return "\n".join(lines) + f"\n\nOver the {len(results)} queries — {overall}.\n"


def check_sizes(results: dict[str, Latencies]) -> list[str]:
    """Queries whose result sizes differ between systems."""
    return [f"{n}: {lat.rows}" for n, lat in results.items() if len(set(lat.rows.values())) > 1]


def run_store(kind: str, args: argparse.Namespace) -> str:
    """All measurements on one store; the Markdown of its section."""
    root = store(kind)
    texts = gallery()
    if args.queries:
        texts = {n: texts[n] for n in args.queries.split(",")}
    body = []
    with our_server(root, "--timeout", "600", "--workers", str(args.workers)) as ours, \
            oxigraph_server(root) as oxi:
        runners = {"raw": raw_runner(root), "ours": http_runner(ours), "oxigraph": http_runner(oxi)}
        if kind == "shipped" and not args.no_rdflib:
            rdflib = RdflibRunner(root, SLOW_CAP)
            runners["rdflib"] = rdflib
            try:
                results = measure(texts, runners, args.seconds, max_reps=args.max_reps)
            finally:
                rdflib.close()
        else:
            results = measure(texts, runners, args.seconds, max_reps=args.max_reps)
        body.append(table(results, list(runners)))
        mismatches = check_sizes(results)
        body.append("Result sizes agree across systems." if not mismatches
                    else "Result sizes differ: " + "; ".join(mismatches))
        rates: dict[str, list[float]] = {"ours": [], "oxigraph": []}
        errors = 0
        mix = [texts[n] for n, lat in results.items() if summary(lat.samples["raw"])[0] < INTERACTIVE_MS]
        for _ in range(2):
            for system, url in (("ours", ours), ("oxigraph", oxi)):
                rate, err = throughput(http_runner(url), mix, args.clients, args.throughput_seconds)
                rates[system].append(rate)
                errors += err
                print(f"throughput {system}: {rate:.1f}/s ({err} errors)", file=sys.stderr)
    from statistics import median

    o, x = median(rates["ours"]), median(rates["oxigraph"])
    body.append(
        f"\nThroughput, {args.clients} concurrent clients sending the {len(mix)} queries that take "
        f"under {INTERACTIVE_MS} ms raw round-robin, {args.throughput_seconds:g} s per run, "
        f"`--workers {args.workers}`, ours and oxigraph alternating "
        f"(2 runs each): ours {o:.1f} req/s (runs {', '.join(f'{r:.1f}' for r in rates['ours'])}), "
        f"oxigraph {x:.1f} req/s (runs {', '.join(f'{r:.1f}' for r in rates['oxigraph'])}); "
        f"ours ÷ oxigraph = **{o / x:.2f}×**; {errors} errors.\n")
    return "\n".join(body)


def main(argv: list[str] | None = None) -> int:
    """Command line (see module docs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="shipped,full")
    parser.add_argument("--seconds", type=float, default=2.0, help="raw time budget per query")
    parser.add_argument("--max-reps", type=int, default=30,
                        help="most repetitions of one query per system (default 30)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="unga-kg serve --workers")
    parser.add_argument("--throughput-seconds", type=float, default=20.0)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--queries", help="only these gallery queries (comma-separated names)")
    parser.add_argument("--write", action="store_true", help="append the results to docs/benchmarks.md")
    args = parser.parse_args(argv)
    report_per_store("endpoint_latency.py", argv, args.stores, "Endpoint latency", args.write,
                     lambda kind: run_store(kind, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

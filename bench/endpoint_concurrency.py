"""Endpoint concurrency: do slow queries block /health or fast queries? (docs/benchmarks.md)

Starts ``unga-kg serve`` on 127.0.0.1 over the endpoint tests' fixture store and runs 8
concurrent clients for a bounded time, in two phases:

1. all 8 clients send a fast SELECT;
2. 2 clients send a slow cross-product query (stopped by the server's timeout), 5 send the
   fast SELECT and 1 polls /health.

Prints median and p95 latency per kind of request. Usage: python bench/endpoint_concurrency.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_endpoint_support import build_fixture_store, running_server  # noqa: E402

FAST = "SELECT ?s WHERE { ?s a <https://w3id.org/unga-kg/ontology#MemberState> } ORDER BY ?s"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
PHASE_SECONDS = 15.0
TIMEOUT = "3"
WORKERS = "4"


def client(url: str, kind: str, until: float, out: dict[str, list[tuple[int, float]]]) -> None:
    """Send requests of one kind until ``until``; record (status, seconds)."""
    with httpx.Client(timeout=30) as http:
        while time.monotonic() < until:
            started = time.monotonic()
            if kind == "health":
                status = http.get(url + "/health").status_code
                time.sleep(0.05)
            else:
                query = SLOW if kind == "slow" else FAST
                status = http.get(url + "/sparql", params={"query": query}).status_code
            out.setdefault(kind, []).append((status, time.monotonic() - started))


def phase(url: str, kinds: list[str]) -> dict[str, list[tuple[int, float]]]:
    """Run one client per entry of ``kinds`` for PHASE_SECONDS."""
    out: dict[str, list[tuple[int, float]]] = {}
    until = time.monotonic() + PHASE_SECONDS
    threads = [threading.Thread(target=client, args=(url, k, until, out)) for k in kinds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def report(title: str, out: dict[str, list[tuple[int, float]]]) -> None:
    print(f"\n{title}")
    print("| requests | count | statuses | median ms | p95 ms |")
    print("|---|---|---|---|---|")
    for kind, samples in sorted(out.items()):
        times = sorted(s for _, s in samples)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        statuses = ",".join(f"{c}x{n}" for c, n in sorted(
            {c: sum(1 for s, _ in samples if s == c) for c, _ in samples}.items()))
        print(f"| {kind} | {len(times)} | {statuses} | {statistics.median(times) * 1000:.1f} | "
              f"{p95 * 1000:.1f} |")


def main() -> None:
    """Run both phases and print Markdown tables."""
    root = Path(tempfile.mkdtemp(prefix="unga-bench-")) / "store"
    build_fixture_store(root)
    with running_server(root, "--timeout", TIMEOUT, "--workers", WORKERS) as url:
        report("Phase 1: 8 clients, fast SELECT", phase(url, ["fast"] * 8))
        report(f"Phase 2: 2 slow (timeout {TIMEOUT} s) + 5 fast + 1 /health",
               phase(url, ["slow"] * 2 + ["fast"] * 5 + ["health"]))


if __name__ == "__main__":
    main()

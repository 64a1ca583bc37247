"""Soak test: concurrent clients send a mix of requests to ``unga-kg serve`` for a while.

    python bench/soak.py [--seconds 60] [--clients 8] [--warm-up 60] [--store shipped] [--write]

Each client picks at random: a gallery query (queries/, parameters bound to their examples,
by POST with JSON or CSV results), a named query through ``/queries/{name}``, a DESCRIBE,
``/health``, a linked-data page, a malformed query (must be 400) or, rarely, a cross product
that the server must stop at its timeout (503). Anything else — another status, a transport
error — is an error. The clients run ``--warm-up`` seconds more before the measured
``--seconds`` (the query workers' caches take about a minute to fill; errors count throughout).
Resident memory is sampled every second of the measured part and must stay flat: the server
process alone from its first to its last sample, and the server with its query workers
(summed) from the peak of the first half to the peak of the second. Peaks, because every
stopped cross product replaces a worker by design and the sum dips by that worker's caches
until they fill again; a leak raises the peaks. Writes a Markdown section to
docs/reliability.md with ``--write``; exits 1 on any error or memory growth.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from endpoint_latency import gallery
from harness import ROOT, append_section, command_line, running_server, store, summary

from graph.queries import named_queries

RELIABILITY = ROOT / "docs" / "reliability.md"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
MALFORMED = ["SELECT * WHERE { ?s ?p }", "ASK {", "SELECT ?x WHERE { ?s ?p ?o } GROUP BY",
             "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"]
GROWTH_LIMIT_MB = 50.0


@dataclass
class Tally:
    """Outcomes per kind of request, shared by the clients."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter[tuple[str, int | str]] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, status: int | str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.counts[(kind, status)] += 1
            self.times.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors.append(f"{kind}: {status} {detail[:200]}")


def requests(url: str) -> list[tuple[str, float, dict, set[int]]]:
    """(kind, weight, httpx request arguments, expected statuses) to choose from."""
    out: list[tuple[str, float, dict, set[int]]] = []
    for text in gallery().values():
        for accept in ("application/sparql-results+json", "text/csv"):
            out.append(("gallery", 1.0, {"method": "POST", "url": url + "/sparql", "content": text.encode(),
                                         "headers": {"content-type": "application/sparql-query",
                                                     "accept": accept}}, {200}))
    for name, query in named_queries().items():
        if "SERVICE" in query.text:
            continue
        params = {p.name: p.description.split("e.g. ")[-1].strip() for p in query.params
                  if "e.g. " in p.description}
        out.append(("named", 1.0, {"method": "GET", "url": f"{url}/queries/{name}",
                                   "params": {**params, "format": "csv"}}, {200}))
    state = "https://w3id.org/unga-kg/id/state/UKR"
    out += [
        ("describe", 4.0, {"method": "GET", "url": url + "/sparql",
                           "params": {"query": f"DESCRIBE <{state}>"},
                           "headers": {"accept": "text/turtle"}}, {200}),
        ("health", 4.0, {"method": "GET", "url": url + "/health"}, {200}),
        ("page", 4.0, {"method": "GET", "url": url + "/id/state/UKR", "headers": {"accept": "text/html"}},
         {200}),
        ("malformed", 4.0, {"method": "GET", "url": url + "/sparql", "params": {"query": "?"}}, {400}),
        ("slow", 0.3, {"method": "GET", "url": url + "/sparql", "params": {"query": SLOW}}, {503}),
    ]
    out += [("malformed", 1.0, {"method": "GET", "url": url + "/sparql", "params": {"query": q}}, {400})
            for q in MALFORMED]
    return out


def client(seed: int, choices: list, until: float, tally: Tally) -> None:
    """Send random requests from ``choices`` until ``until``."""
    rng = random.Random(seed)
    weights = [c[1] for c in choices]
    with httpx.Client(timeout=60) as http:
        while time.monotonic() < until:
            kind, _, request, expected = rng.choices(choices, weights)[0]
            started = time.monotonic()
            try:
                r = http.request(**request)
                tally.add(kind, r.status_code, time.monotonic() - started, r.status_code in expected,
                          r.text)
            except httpx.HTTPError as exc:
                tally.add(kind, type(exc).__name__, time.monotonic() - started, False, str(exc))


def process_rss(pid: int) -> float:
    """Resident memory (MiB) of ``pid`` alone, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def process_tree_rss(pid: int) -> float:
    """Resident memory (MiB) of ``pid`` and all its descendants, from /proc."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # a worker that was just replaced
    return total


def server_pid(port: int) -> int:
    """PID of the ``unga-kg serve`` listening on ``port`` (found by its command line)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmd and str(port).encode() in cmd and b"graph.cli" in cmd:
                return int(proc.name)
    raise RuntimeError("server process not found")


def soak(seconds: float, clients: int, kind: str, warm_up: float = 60) -> tuple[str, bool]:
    """Run the soak; (Markdown report, passed)."""
    root = store(kind)
    tally = Tally()
    memory: list[tuple[float, float, float]] = []  # (seconds, server MiB, server + workers MiB)
    with running_server(root, "--timeout", "3", "--workers", "3") as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        choices = requests(url)
        start = time.monotonic()
        until = start + warm_up + seconds
        threads = [threading.Thread(target=client, args=(i, choices, until, tally)) for i in range(clients)]
        for t in threads:
            t.start()
        while time.monotonic() < until:
            memory.append((time.monotonic() - start, process_rss(pid), process_tree_rss(pid)))
            time.sleep(1)
        for t in threads:
            t.join()
        health = httpx.get(url + "/health").json()
    warm = [(server, tree) for t, server, tree in memory if t >= warm_up]
    half = len(warm) // 2
    server_growth = warm[-1][0] - warm[0][0]
    peak_growth = max(t for _, t in warm[half:]) - max(t for _, t in warm[:half])
    flat = server_growth < GROWTH_LIMIT_MB and peak_growth < GROWTH_LIMIT_MB
    passed = not tally.errors and flat
    total = sum(tally.counts.values())
    lines = [f"{clients} clients, {warm_up:g} s warm-up + {seconds:g} s, store `{kind}`, "
             "`unga-kg serve --timeout 3 --workers 3`: "
             f"**{total} requests, {len(tally.errors)} errors**; "
             f"{health['workers']} workers alive at the end.", "",
             "| kind | requests | statuses | median ms | p95 ms |", "|---|---:|---|---:|---:|"]
    for k in sorted(tally.times):
        statuses = ", ".join(f"{s}×{n}" for (kk, s), n in sorted(tally.counts.items(), key=str) if kk == k)
        med, p95 = summary(tally.times[k])
        lines.append(f"| {k} | {len(tally.times[k])} | {statuses} | {med:.1f} | {p95:.1f} |")
    trees = [t for _, t in warm]
    lines += ["", f"Resident memory after the warm-up (MiB, sampled every second): server process "
              f"{warm[0][0]:.0f} → {warm[-1][0]:.0f} (growth {server_growth:+.0f}); server and workers "
              f"peak {max(trees[:half]):.0f} in the first half → {max(trees[half:]):.0f} in the "
              f"second (growth {peak_growth:+.0f}; first sample {trees[0]:.0f}, last {trees[-1]:.0f}, "
              f"min {min(trees):.0f}, median {statistics.median(trees):.0f}); limit "
              f"+{GROWTH_LIMIT_MB:.0f} MiB each: **{'flat' if flat else 'GROWING'}**."]
    if tally.errors:
        lines += ["", "Errors (first 10):", *[f"- {e}" for e in tally.errors[:10]]]
    return "\n".join(lines) + "\n", passed


def main(argv: list[str] | None = None) -> int:
    """Command line (see module docs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warm-up", type=float, default=60, help="seconds of load before measuring")
    parser.add_argument("--store", default="shipped", choices=["shipped", "full"])
    parser.add_argument("--write", action="store_true", help="append the report to docs/reliability.md")
    args = parser.parse_args(argv)
    report, passed = soak(args.seconds, args.clients, args.store, args.warm_up)
    print(report)
    if args.write:
        append_section("Soak", command_line("soak.py", argv).strip(), report, doc=RELIABILITY)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every gallery query once on a store, raw pyoxigraph, each in a fresh process.

    python bench/gallery_times.py [--stores full] [--timeout 120] [--write]

For a view of what a researcher waits for at full-history size: the time of one cold
``Store.query`` of each gallery query (parameters bound to the examples of its header, as in
bench/endpoint_latency.py; SERVICE queries left out), the number of result rows and a digest
of the sorted rows, so that two runs (before and after a rewrite of a query) can be checked to
give the same answers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from endpoint_latency import gallery
from harness import ROOT, report_per_store, store

CHILD = """
import hashlib, json, sys, time
sys.path.insert(0, {root!r})
from graph.store import GraphStore
db = GraphStore(sys.argv[1]).open()
text = sys.stdin.read()
start = time.perf_counter()
rows = sorted(tuple(str(v) if v is not None else "" for v in s)
              for s in db.query(text, use_default_graph_as_union=True))
seconds = time.perf_counter() - start
digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:12]
print(json.dumps({{"s": seconds, "rows": len(rows), "digest": digest}}))
"""


def run(kind: str, timeout: float) -> str:
    """Markdown table: query, seconds, rows, digest."""
    lines = ["| query | seconds | rows | digest of the sorted rows |", "|---|---:|---:|---|"]
    code = CHILD.format(root=str(ROOT))
    for name, text in sorted(gallery().items()):
        try:
            done = subprocess.run([sys.executable, "-c", code, str(store(kind))], input=text,
                                  capture_output=True, text=True, timeout=timeout, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            row = f"| {name} | {r['s']:.3f} | {r['rows']:,} | `{r['digest']}` |"
        except subprocess.TimeoutExpired:
            row = f"| {name} | > {timeout:.0f} | – | – |"
        print(row, file=sys.stderr)
        lines.append(row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="full")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    report_per_store("gallery_times.py", argv, args.stores, "Gallery queries, one cold run each", args.write,
                     lambda kind: run(kind, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Export benchmark: ``graph.export.export`` (deterministic, set union) against raw pyoxigraph.

    python bench/export.py [--stores shipped,full] [--repeat 3] [--write]

Variants, each a fresh process over the live generation of the store (bench/harness.py),
writing to a file in bench/out/; wall time, CPU and peak RSS by bench/load.py's wrapper:

- **ours ttl / trig**: ``export(db, out, "ttl"|"trig", sizes=manifest)`` — what ``unga-kg export``
  and /dump do (the graph sizes from the generation's manifest, session 5; counted before);
- **raw ttl**: ``Store.dump(out, TURTLE, from_graph=g, prefixes=…)`` for every named graph into
  one file (valid Turtle; neither sorted nor de-duplicated across graphs);
- **raw trig**: ``Store.dump(out, TRIG, prefixes=…)`` of the whole dataset.

Goal: ours ≥ 0.8× the raw throughput (time ≤ 1.25× raw), per format. The variants alternate.
"""

from __future__ import annotations

import statistics
import sys

from harness import OUT, repeated_runs_main, run_cells, store
from load import measure

VARIANT = """
import sys
import pyoxigraph as ox
sys.path.insert(0, {root!r})
from graph.export import export
from graph.store import GraphStore
from graph.vocab import PREFIXES
variant, fmt, root, out = sys.argv[1:5]
db, sizes = GraphStore(root).snapshot()  # the live generation and its manifest
with open(out, "wb") as handle:
    if variant == "ours":
        export(db, handle, fmt, sizes=sizes)
    elif fmt == "trig":
        db.dump(handle, ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        for graph in db.named_graphs():
            db.dump(handle, ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES)
"""


def run(kind: str, repeat: int) -> str:
    """Measure every variant on one store; the Markdown table."""
    from harness import ROOT

    db = str(store(kind))
    code = VARIANT.format(root=str(ROOT))
    variants = [(v, f) for f in ("ttl", "trig") for v in ("ours", "raw")]
    results: dict[tuple[str, str], list[dict[str, float]]] = {v: [] for v in variants}
    sizes: dict[tuple[str, str], int] = {}
    for _ in range(repeat):
        for variant, fmt in variants:
            out = OUT / f"export-{kind}-{variant}.{fmt}"
            results[(variant, fmt)].append(measure([sys.executable, "-c", code, variant, fmt, db, str(out)]))
            sizes[(variant, fmt)] = out.stat().st_size
            out.unlink()
            print(f"{kind} {variant} {fmt}: {results[(variant, fmt)][-1]}", file=sys.stderr)
    lines = ["| format | variant | median wall (s) | runs (s) | CPU (s) | peak RSS (MiB) | MB written | "
             "throughput ÷ raw |", "|---|---|---:|---|---:|---:|---:|---:|"]
    for variant, fmt in variants:
        runs = results[(variant, fmt)]
        wall = statistics.median(r["wall"] for r in runs)
        raw = statistics.median(r["wall"] for r in results[("raw", fmt)])
        lines.append(f"| {fmt} | {variant} | {run_cells(runs)} | {sizes[(variant, fmt)] / 1e6:,.1f} | "
                     f"{raw / wall:.2f}× |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line (see module docs)."""
    return repeated_runs_main("export.py", "Turtle/TriG export", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())

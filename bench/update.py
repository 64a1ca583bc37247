"""SPARQL update benchmark: ``apply_update`` (a new store generation) against raw ``Store.update``.

    python bench/update.py [--stores shipped,full] [--repeat 3] [--write]

Every run is a fresh process over a fresh copy of the store (bench/harness.py); wall time, CPU
and peak RSS by bench/load.py's wrapper. The variants alternate.

- **ours**: ``apply_update(GraphStore(copy), TEXT, <base>graph/updates)``, what ``POST /sparql``
  does with an update (graph/http/updates.py): a hard-link backup of the live generation, the
  update on disk, triples per graph counted after it (before: the live manifest), compaction,
  atomic publication.
  The copy of the store root is made of hard links: ours never writes a published generation.
- **raw**: ``Store(copy of the generation).update(TEXT)`` in place, then ``flush``: the least an
  update costs in pyoxigraph, with nothing atomic about it. The copy is a real one.

The updates: one triple inserted; every ballot of one state changed to another option (the same
size); every ballot of another state deleted.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

from harness import OUT, ROOT, generation, repeated_runs_main, run_cells, store
from load import measure

OG = "http://www.w3.org/ns/opengov#"
UNDL = "https://w3id.org/unga-kg/graph/undl"
STATE = "https://w3id.org/unga-kg/id/state/"
UPDATES = {
    "insert one triple": 'INSERT DATA { GRAPH <urn:bench:g> { <urn:bench:a> <urn:bench:b> "c" } }',
    "change one state's ballots": (
        f"DELETE {{ GRAPH <{UNDL}> {{ ?b <{OG}option> ?o }} }} "
        f"INSERT {{ GRAPH <{UNDL}> {{ ?b <{OG}option> <https://w3id.org/unga-kg/ontology#abstention> }} }} "
        f"WHERE {{ GRAPH <{UNDL}> {{ ?b <{OG}voter> <{STATE}RUS> ; <{OG}option> ?o }} }}"),
    "delete one state's ballots": (
        f"DELETE WHERE {{ GRAPH <{UNDL}> {{ ?b <{OG}voter> <{STATE}FRA> ; ?p ?o }} }}"),
}
VARIANT = """
import sys
sys.path.insert(0, {root!r})
import pyoxigraph as ox
from graph.http.updates import apply_update
from graph.store import GraphStore
variant, path, text = sys.argv[1:4]
if variant == "ours":
    apply_update(GraphStore(path), text, "https://w3id.org/unga-kg/graph/updates")
else:
    db = ox.Store(path)
    db.update(text)
    db.flush()
"""


def _copy(root: Path, variant: str) -> Path:
    """A fresh copy for one run: the whole store root in hard links, or one generation copied."""
    target = OUT / f"update-{variant}"
    shutil.rmtree(target, ignore_errors=True)
    if variant == "ours":
        shutil.copytree(root, target, symlinks=True, copy_function=os.link,
                        ignore=shutil.ignore_patterns(".lock", ".staging-*"))
    else:
        shutil.copytree(generation(root), target)
    return target


def run(kind: str, repeat: int) -> str:
    """Every update, ours and raw, ``repeat`` times on one store; the Markdown table."""
    root = store(kind)
    code = VARIANT.format(root=str(ROOT))
    lines = ["| update | variant | median wall (s) | runs (s) | CPU (s) | peak RSS (MiB) | ours ÷ raw |",
             "|---|---|---:|---|---:|---:|---:|"]
    for name, text in UPDATES.items():
        runs: dict[str, list[dict[str, float]]] = {"ours": [], "raw": []}
        for _ in range(repeat):
            for variant in runs:
                target = _copy(root, variant)
                runs[variant].append(measure([sys.executable, "-c", code, variant, str(target), text]))
                shutil.rmtree(target)
                print(f"{kind} {name} {variant}: {runs[variant][-1]}", file=sys.stderr)
        wall = {v: statistics.median(r["wall"] for r in rs) for v, rs in runs.items()}
        for variant, rs in runs.items():
            versus = f"{wall['ours'] / wall['raw']:.2f}×" if variant == "ours" else ""
            lines.append(f"| {name} | {variant} | {run_cells(rs)} | {versus} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line (see module docs)."""
    return repeated_runs_main("update.py", "SPARQL update", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())

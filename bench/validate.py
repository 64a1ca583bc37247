"""SHACL validation benchmark: ``unga-kg validate`` on the shipped and the full-size store.

    python bench/validate.py [--stores shipped,full] [--repeat 3] [--write]

Each run is a fresh process (bench/load.py's wrapper: wall time, CPU, peak RSS) running
``graph.validate.validate_store`` on the live generation, as ``unga-kg validate`` does; the
report's summary line must say the store conforms.
"""

from __future__ import annotations

import sys

from harness import ROOT, repeated_runs_main, run_cells, store
from load import measure

CODE = """
import sys
sys.path.insert(0, {root!r})
from graph.store import GraphStore
from graph.validate import validate_store
conforms, report = validate_store(GraphStore(sys.argv[1]).open())
print(report.splitlines()[-1], file=sys.stderr)
assert conforms, report[-2000:]
"""


def run(kind: str, repeat: int) -> str:
    """Markdown table of ``repeat`` runs on the ``kind`` store."""
    runs = [measure([sys.executable, "-c", CODE.format(root=str(ROOT)), str(store(kind))])
            for _ in range(repeat)]
    return ("| store | median wall (s) | runs (s) | CPU (s) | peak RSS (MiB) |\n|---|---:|---|---:|---:|\n"
            f"| {kind} | {run_cells(runs)} |")


def main(argv: list[str] | None = None) -> int:
    return repeated_runs_main("validate.py", "SHACL validation", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())

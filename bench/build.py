"""Build benchmark: what ``unga-kg build`` does, over data/ plus the full-size UNDL history.

    python bench/build.py [--repeat 3] [--write]

The input is a copy of data/ (bench/out/build-data/) whose undl/ folder also holds the
synthetic 914,624-row history (bench/make_undl.py): a build of the whole record, articles
included. Every run is a fresh process (bench/load.py's wrapper: wall time, CPU, peak RSS):

- **build**: ``shipped_loaders`` + the VoID description + ``GraphStore.replace`` into a fresh
  store folder, as ``unga-kg build`` does;
- **official index alone**: the index of the official record that the articles are linked
  against, made from the loaders before the store is written
  (``graph.build.official_index_of_loaders``).
"""

from __future__ import annotations

import argparse
import shutil
import sys

from harness import OUT, ROOT, append_section, command_line, run_cells, undl_csv
from load import measure

DATA = OUT / "build-data"
STORE = OUT / "build-store"
VARIANTS = {
    "build": """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from graph.build import shipped_loaders
from graph.describe import with_description
from graph.store import GraphStore
from graph.vocab import Iris
loaders = with_description(shipped_loaders(Iris(), Path(sys.argv[1])), Iris())
GraphStore(sys.argv[2]).replace({{x.graph: x.ntriples() for x in loaders}}, keep_others=False)
""",
    "official index alone": """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from graph.build import _official_loaders, official_index_of_loaders
from graph.vocab import Iris
assert len(official_index_of_loaders(_official_loaders(Iris(), Path(sys.argv[1])))) > 4000
""",
}


def prepare() -> None:
    """data/ copied to bench/out/build-data/, with the full-size history linked into undl/."""
    if not (DATA / "undl" / "full_history.csv").exists():
        shutil.rmtree(DATA, ignore_errors=True)
        shutil.copytree(ROOT / "data", DATA)
        (DATA / "undl" / "full_history.csv").symlink_to(undl_csv())


def run(repeat: int) -> str:
    """Markdown table of ``repeat`` runs of each variant."""
    prepare()
    rows = ["| step | median wall (s) | runs (s) | CPU (s) | peak RSS (MiB) |", "|---|---:|---|---:|---:|"]
    for name, code in VARIANTS.items():
        runs = []
        for n in range(repeat):
            shutil.rmtree(STORE, ignore_errors=True)
            runs.append(measure([sys.executable, "-c", code.format(root=str(ROOT)), str(DATA), str(STORE)]))
            print(f"{name} run {n + 1}: {runs[-1]}", file=sys.stderr)
        rows.append(f"| {name} | {run_cells(runs)} |")
    shutil.rmtree(STORE, ignore_errors=True)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    body = run(args.repeat)
    print(body)
    if args.write:
        title = "Build of data/ with the full UNDL history"
        append_section(title, command_line("build.py", argv).strip(), body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
